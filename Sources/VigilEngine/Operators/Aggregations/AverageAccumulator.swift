/// `avg`: a compensated sum divided at the end, switching to an
/// incremental mean once the sum would overflow (Prometheus 3.x).
final class AverageAccumulator: Accumulator {
    private var sum: [Double]
    private var compensation: [Double]
    private var mean: [Double]
    private var count: [Double]
    private var incremental: StepMask
    private var seen: StepMask

    init(steps: Int) {
        sum = Array(repeating: 0, count: steps)
        compensation = sum
        mean = sum
        count = sum
        incremental = StepMask(count: steps)
        seen = StepMask(count: steps)
    }

    func add(_ series: StepSeries) {
        for step in series.present.presentIndices {
            let value = series.values[step]
            guard seen[step] else {
                sum[step] = value
                mean[step] = value
                count[step] = 1
                compensation[step] = 0
                seen[step] = true
                continue
            }
            count[step] += 1
            let n = count[step]
            if !incremental[step] {
                let (newSum, newCompensation) = kahanSumInc(value, sum[step], compensation[step])
                if !newSum.isInfinite {
                    sum[step] = newSum
                    compensation[step] = newCompensation
                    continue
                }
                incremental[step] = true
                mean[step] = sum[step] / (n - 1)
                compensation[step] /= n - 1
            }
            let q = (n - 1) / n
            (mean[step], compensation[step]) = kahanSumInc(value / n, q * mean[step], q * compensation[step])
        }
    }

    func finish() -> StepSeries {
        var values = sum
        for step in seen.presentIndices {
            values[step] = incremental[step]
                ? mean[step] + compensation[step]
                : sum[step] / count[step] + compensation[step] / count[step]
        }
        return StepSeries(values: values, present: seen)
    }
}
