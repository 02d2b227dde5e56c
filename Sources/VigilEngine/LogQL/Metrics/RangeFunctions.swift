import VigilCore
import VigilSyntax

/// Loki's range aggregation functions over the samples of one window, in
/// Loki's arithmetic (sequential sums, its incremental mean, Welford's
/// variance, its quantile), so results agree to the last bit.
enum RangeFunctions {
    typealias Window = (timestamps: ArraySlice<Int64>, values: ArraySlice<Double>)

    static func function(for node: RangeAggregation) -> (Window) -> Double {
        let rangeSeconds = GoTimeDuration.seconds(node.range.rangeNanos)
        switch node.operation {
        case .rate:
            if node.range.unwrap == nil { return { Double($0.values.count) / rangeSeconds } }
            return { sum($0.values) / rangeSeconds }
        case .rateCounter:
            let rangeNanos = node.range.rangeNanos
            return { extrapolatedRate($0, rangeNanos: rangeNanos) }
        case .countOverTime: return { Double($0.values.count) }
        case .bytesRate: return { sum($0.values) / rangeSeconds }
        case .bytesOverTime, .sumOverTime: return { sum($0.values) }
        case .avgOverTime: return { average($0.values) }
        case .maxOverTime: return { maximum($0.values) }
        case .minOverTime: return { minimum($0.values) }
        case .stddevOverTime: return { variance($0.values).squareRoot() }
        case .stdvarOverTime: return { variance($0.values) }
        case .quantileOverTime:
            let q = node.parameter ?? 0
            return { quantile(q, $0.values) }
        case .firstOverTime: return { $0.values.first ?? .nan }
        case .lastOverTime: return { $0.values.last ?? .nan }
        case .absentOverTime: return { _ in 1 }
        }
    }

    static func sum(_ values: ArraySlice<Double>) -> Double {
        var total = 0.0
        for value in values { total += value }
        return total
    }

    /// Loki's `avgOverTime`: an incremental mean that stays finite where it can.
    static func average(_ values: ArraySlice<Double>) -> Double {
        var mean = 0.0
        var count = 0.0
        for value in values {
            count += 1
            if mean.isInfinite {
                if value.isInfinite && (mean > 0) == (value > 0) { continue }
                if !value.isInfinite && !value.isNaN { continue }
            }
            mean += value / count - mean / count
        }
        return mean
    }

    static func maximum(_ values: ArraySlice<Double>) -> Double {
        guard var result = values.first else { return .nan }
        for value in values where value > result || result.isNaN { result = value }
        return result
    }

    static func minimum(_ values: ArraySlice<Double>) -> Double {
        guard var result = values.first else { return .nan }
        for value in values where value < result || result.isNaN { result = value }
        return result
    }

    /// Welford's population variance, as Loki computes it.
    static func variance(_ values: ArraySlice<Double>) -> Double {
        var aux = 0.0
        var count = 0.0
        var mean = 0.0
        for value in values {
            count += 1
            let delta = value - mean
            mean += delta / count
            aux += delta * (value - mean)
        }
        return aux / count
    }

    /// Loki's `Quantile`: sorted values, linear interpolation between ranks.
    static func quantile(_ q: Double, _ values: ArraySlice<Double>) -> Double {
        if values.isEmpty { return .nan }
        if q < 0 { return -.infinity }
        if q > 1 { return .infinity }
        let sorted = values.sorted(by: heapLess)
        let n = Double(sorted.count)
        let rank = q * (n - 1)
        let lower = max(0, rank.rounded(.down))
        let upper = min(n - 1, lower + 1)
        let weight = rank - rank.rounded(.down)
        return sorted[Int(lower)] * (1 - weight) + sorted[Int(upper)] * weight
    }

    /// Loki's `HeapByMaxValue` order: NaN sorts first.
    static func heapLess(_ a: Double, _ b: Double) -> Bool {
        if a.isNaN { return !b.isNaN }
        return a < b
    }

    /// Loki's copy of Prometheus's `extrapolatedRate` for `rate_counter`.
    /// Loki feeds it nanosecond timestamps while the formula expects
    /// milliseconds; the result reproduces that.
    static func extrapolatedRate(_ window: Window, rangeNanos: Int64) -> Double {
        let values = Array(window.values)
        let times = Array(window.timestamps)
        guard values.count >= 2, let firstValue = values.first, let lastValue = values.last,
              let firstTime = times.first, let lastTime = times.last else { return 0 }
        let rangeMillis = rangeNanos / 1_000_000
        let rangeStart = firstTime &- rangeMillis
        let rangeEnd = lastTime
        var result = lastValue - firstValue
        var previous = 0.0
        for value in values {
            if value < previous { result += previous }
            previous = value
        }
        var durationToStart = Double(firstTime &- rangeStart) / 1000
        let durationToEnd = Double(rangeEnd &- lastTime) / 1000
        let sampledInterval = Double(lastTime &- firstTime) / 1000
        let averageBetween = sampledInterval / Double(values.count - 1)
        if result > 0 && firstValue >= 0 {
            let durationToZero = sampledInterval * (firstValue / result)
            if durationToZero < durationToStart { durationToStart = durationToZero }
        }
        let threshold = averageBetween * 1.1
        var extrapolateTo = sampledInterval
        extrapolateTo += durationToStart < threshold ? durationToStart : averageBetween / 2
        extrapolateTo += durationToEnd < threshold ? durationToEnd : averageBetween / 2
        result *= extrapolateTo / sampledInterval
        return result / GoTimeDuration.seconds(rangeNanos)
    }
}

