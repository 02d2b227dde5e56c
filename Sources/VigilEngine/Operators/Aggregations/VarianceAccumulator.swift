/// `stdvar` and `stddev`: Welford's online variance, as Prometheus and Loki
/// fold it. They differ only in the first value: a NaN or infinite one
/// makes Prometheus's result NaN, while Loki starts the sum at 0 anyway.
final class VarianceAccumulator: Accumulator {
    private var aux: [Double]
    private var mean: [Double]
    private var count: [Double]
    private var seen: StepMask
    private let standardDeviation: Bool
    private let nanForNonFiniteFirst: Bool

    init(steps: Int, standardDeviation: Bool, nanForNonFiniteFirst: Bool = true) {
        self.nanForNonFiniteFirst = nanForNonFiniteFirst
        aux = Array(repeating: 0, count: steps)
        mean = aux
        count = aux
        seen = StepMask(count: steps)
        self.standardDeviation = standardDeviation
    }

    func add(_ series: StepSeries) {
        for step in series.present.presentIndices {
            let value = series.values[step]
            if !seen[step] {
                seen[step] = true
                aux[step] = nanForNonFiniteFirst && (value.isNaN || value.isInfinite) ? .nan : 0
                mean[step] = value
                count[step] = 1
                continue
            }
            count[step] += 1
            let delta = value - mean[step]
            mean[step] += delta / count[step]
            aux[step] += delta * (value - mean[step])
        }
    }

    func finish() -> StepSeries {
        var values = aux
        for step in seen.presentIndices {
            let variance = aux[step] / count[step]
            values[step] = standardDeviation ? variance.squareRoot() : variance
        }
        return StepSeries(values: values, present: seen)
    }
}
