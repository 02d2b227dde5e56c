import Foundation

/// `double_exponential_smoothing(v, sf, tf)` (Holt's linear method), as
/// Prometheus computes it over each window.
struct DoubleExponentialSmoothing: RangeKernel {
    func evaluate(_ input: RangeWindowInput, context: QueryContext) throws -> StepSeries {
        var series = StepSeries(count: input.bounds.count)
        for (step, window) in input.bounds.enumerated() where !window.isEmpty {
            let sf = input.parameters[0][step], tf = input.parameters[1][step]
            if sf <= 0 || sf >= 1 {
                throw QueryError.execution("invalid smoothing factor. Expected: 0 < sf < 1, got: \(Self.percentF(sf))")
            }
            if tf <= 0 || tf >= 1 {
                throw QueryError.execution("invalid trend factor. Expected: 0 < tf < 1, got: \(Self.percentF(tf))")
            }
            guard window.count >= 2 else { continue }
            let values = input.values[window]
            let base = values.startIndex
            var s0 = 0.0, s1 = values[base], b = values[base + 1] - values[base]
            for i in 1..<values.count {
                let x = sf * values[base + i]
                b = i - 1 == 0 ? b : tf * (s1 - s0) + (1 - tf) * b
                let y = (1 - sf) * (s1 + b)
                s0 = s1
                s1 = x + y
            }
            series.set(step, s1)
        }
        return series
    }

    /// Go's `%f`.
    private static func percentF(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        return String(format: "%.6f", value)
    }
}
