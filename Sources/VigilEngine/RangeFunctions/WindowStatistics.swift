#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `*_over_time` functions whose Prometheus result depends on the order
/// of additions within the window: recomputed per window, in sample order,
/// with the same compensated sums, so results are bit-exact (O(window) per step).
enum WindowStatistics {
    static var sum: WindowKernel { WindowKernel { _, values, _ in
        var sum = 0.0, c = 0.0
        for value in values { (sum, c) = kahanSumInc(value, sum, c) }
        return sum.isInfinite ? sum : sum + c
    } }

    static var average: WindowKernel { WindowKernel { _, values, _ in
        var sum = values[values.startIndex], count = 1.0
        var mean = 0.0, c = 0.0
        var incremental = false
        for (offset, value) in values.dropFirst().enumerated() {
            count = Double(offset + 2)
            if !incremental {
                let (newSum, newC) = kahanSumInc(value, sum, c)
                if !newSum.isInfinite { sum = newSum; c = newC; continue }
                incremental = true
                mean = sum / (count - 1)
                c /= count - 1
            }
            let q = (count - 1) / count
            (mean, c) = kahanSumInc(value / count, q * mean, q * c)
        }
        return incremental ? mean + c : sum / count + c / count
    } }

    static func variance(standardDeviation: Bool) -> WindowKernel {
        WindowKernel { _, values, _ in
            var count = 0.0, mean = 0.0, cMean = 0.0, aux = 0.0, cAux = 0.0
            for value in values {
                count += 1
                let delta = value - (mean + cMean)
                (mean, cMean) = kahanSumInc(delta / count, mean, cMean)
                (aux, cAux) = kahanSumInc(delta * (value - (mean + cMean)), aux, cAux)
            }
            let variance = (aux + cAux) / count
            return standardDeviation ? variance.squareRoot() : variance
        }
    }

    static func quantile(_ q: [Double]) -> WindowKernel {
        WindowKernel { _, values, step in Quantile.of(q[step], Array(values)) }
    }

    static var medianAbsoluteDeviation: WindowKernel { WindowKernel { _, values, _ in
        // Prometheus 3.14: a NaN sample makes the deviation NaN.
        if values.contains(where: \.isNaN) { return .nan }
        let median = Quantile.of(0.5, Array(values))
        return Quantile.of(0.5, values.map { abs($0 - median) })
    } }

    /// `ts_of_max_over_time` / `ts_of_min_over_time`: the latest time of the extreme value.
    static func timestampOfExtremum(maximum: Bool) -> WindowKernel {
        WindowKernel { times, values, _ in
            var best = values[values.startIndex], time = times[times.startIndex]
            for (t, value) in zip(times, values) where (maximum ? value >= best : value <= best) || best.isNaN {
                best = value
                time = t
            }
            return Double(time) / 1000
        }
    }
}
