/// `sum`: Kahan–Neumaier compensated (Prometheus) or a plain running sum
/// (Loki), the first value taken as is.
final class SumAccumulator: Accumulator {
    private var sum: [Double]
    private var compensation: [Double]
    private var seen: StepMask
    private let compensated: Bool

    init(steps: Int, compensated: Bool = true) {
        sum = Array(repeating: 0, count: steps)
        compensation = Array(repeating: 0, count: steps)
        seen = StepMask(count: steps)
        self.compensated = compensated
    }

    func add(_ series: StepSeries) {
        for step in series.present.presentIndices {
            let value = series.values[step]
            if seen[step] {
                if compensated {
                    (sum[step], compensation[step]) = kahanSumInc(value, sum[step], compensation[step])
                } else {
                    sum[step] += value
                }
            } else {
                sum[step] = value
                compensation[step] = 0
                seen[step] = true
            }
        }
    }

    func finish() -> StepSeries {
        var values = sum
        for step in seen.presentIndices { values[step] = sum[step] + compensation[step] }
        return StepSeries(values: values, present: seen)
    }
}
