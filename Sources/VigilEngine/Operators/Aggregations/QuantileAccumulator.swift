/// `quantile(q, v)`: collects each step's values, then interpolates.
final class QuantileAccumulator: Accumulator {
    private var values: [[Double]]
    private let quantiles: [Double]

    init(steps: Int, quantiles: [Double]) {
        values = Array(repeating: [], count: steps)
        self.quantiles = quantiles
    }

    func add(_ series: StepSeries) {
        for step in series.present.presentIndices { values[step].append(series.values[step]) }
    }

    func finish() -> StepSeries {
        var result = StepSeries(count: values.count)
        for step in values.indices where !values[step].isEmpty {
            result.set(step, Quantile.of(quantiles[step], values[step]))
        }
        return result
    }
}

/// Prometheus's `quantile`: values sorted with NaN first, linear
/// interpolation between the neighbouring ranks.
enum Quantile {
    static func of(_ q: Double, _ input: [Double]) -> Double {
        if input.isEmpty || q.isNaN { return .nan }
        if q < 0 { return -.infinity }
        if q > 1 { return .infinity }
        let values = input.sorted { $0.isNaN ? !$1.isNaN : $0 < $1 }
        let n = Double(values.count)
        let rank = q * (n - 1)
        let lower = max(0, rank.rounded(.down))
        let upper = min(n - 1, lower + 1)
        let weight = rank - rank.rounded(.down)
        return values[Int(lower)] * (1 - weight) + values[Int(upper)] * weight
    }
}
