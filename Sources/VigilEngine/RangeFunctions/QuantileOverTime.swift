import VigilCore
import VigilSyntax

/// `quantile_over_time(φ, m)`: each window sorted and interpolated
/// (O(window log window) per step); warns when φ is outside [0, 1].
struct QuantileOverTime: RangeKernel {
    let quantiles: [Double]
    let parameterRange: SourceRange?

    func evaluate(_ input: RangeWindowInput, context: QueryContext) throws -> StepSeries {
        var series = StepSeries(count: input.bounds.count)
        for (step, window) in input.bounds.enumerated() where !window.isEmpty {
            let q = quantiles[step]
            if q.isNaN || q < 0 || q > 1 {
                context.warn("quantile value should be between 0 and 1, got \(GoFloat.formatV(q))", at: parameterRange)
            }
            series.set(step, Quantile.of(q, Array(input.values[window])))
        }
        return series
    }
}
