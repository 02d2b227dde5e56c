/// Quantiles and fractions over classic histogram buckets (series with an
/// `le` label), as Prometheus's `BucketQuantile` / `BucketFraction`.
struct ClassicBucket {
    var upperBound: Double
    var count: Double
}

enum ClassicBuckets {
    /// The φ-quantile by linear interpolation within the bucket holding the
    /// rank; `forcedMonotonic` tells whether decreasing counts had to be
    /// raised (Prometheus then raises an info annotation).
    static func quantile(_ q: Double, _ input: [ClassicBucket]) -> (value: Double, forcedMonotonic: Bool) {
        if q.isNaN { return (.nan, false) }
        if q < 0 { return (-.infinity, false) }
        if q > 1 { return (.infinity, false) }
        var buckets = input.sorted { $0.upperBound < $1.upperBound }
        guard let last = buckets.last, last.upperBound == .infinity else { return (.nan, false) }
        buckets = coalesce(buckets)
        correctPrecisionErrors(&buckets, tolerance: 1e-12)
        let forced = ensureMonotonic(&buckets)
        guard buckets.count >= 2 else { return (.nan, false) }
        let observations = buckets[buckets.count - 1].count
        guard observations != 0 else { return (.nan, false) }
        var rank = q * observations
        // sort.Search over all but the +Inf bucket.
        var b = buckets.count - 1
        for index in 0..<(buckets.count - 1) where buckets[index].count >= rank {
            b = index
            break
        }
        if b == buckets.count - 1 { return (buckets[buckets.count - 2].upperBound, forced) }
        if b == 0 && buckets[0].upperBound <= 0 { return (buckets[0].upperBound, forced) }
        var bucketStart = 0.0
        let bucketEnd = buckets[b].upperBound
        var count = buckets[b].count
        if b > 0 {
            bucketStart = buckets[b - 1].upperBound
            count -= buckets[b - 1].count
            rank -= buckets[b - 1].count
        }
        return (bucketStart + (bucketEnd - bucketStart) * (rank / count), forced)
    }

    /// The fraction of observations between `lower` and `upper`,
    /// interpolating linearly inside buckets.
    static func fraction(lower: Double, upper: Double, _ input: [ClassicBucket]) -> Double {
        var buckets = input.sorted { $0.upperBound < $1.upperBound }
        guard let last = buckets.last, last.upperBound == .infinity else { return .nan }
        buckets = coalesce(buckets)
        let count = buckets[buckets.count - 1].count
        if count == 0 || lower.isNaN || upper.isNaN { return .nan }
        if lower >= upper { return 0 }
        var rank = 0.0, lowerRank = 0.0, upperRank = 0.0
        var lowerSet = false, upperSet = false
        for (index, bucket) in buckets.enumerated() {
            var lowerBound = -Double.infinity
            if index > 0 {
                lowerBound = buckets[index - 1].upperBound
            } else if bucket.upperBound > 0 {
                lowerBound = 0
            }
            let upperBound = bucket.upperBound
            // A bucket of infinite width is not interpolated: none of its
            // observations count as lying between a finite bound and its infinite end.
            func interpolate(_ value: Double) -> Double {
                if lowerBound.isInfinite { return bucket.count }
                if upperBound.isInfinite { return rank }
                return rank + (bucket.count - rank) * (value - lowerBound) / (upperBound - lowerBound)
            }
            if !lowerSet && lowerBound >= lower { lowerRank = rank; lowerSet = true }
            if !upperSet && lowerBound >= upper { upperRank = rank; upperSet = true }
            if lowerSet && upperSet { break }
            if !lowerSet && lowerBound < lower && upperBound > lower { lowerRank = interpolate(lower); lowerSet = true }
            if !upperSet && lowerBound < upper && upperBound > upper { upperRank = interpolate(upper); upperSet = true }
            if lowerSet && upperSet { break }
            rank = bucket.count
        }
        if !lowerSet || lowerRank > count { lowerRank = count }
        if !upperSet || upperRank > count { upperRank = count }
        return (upperRank - lowerRank) / count
    }

    private static func coalesce(_ buckets: [ClassicBucket]) -> [ClassicBucket] {
        var result: [ClassicBucket] = []
        for bucket in buckets {
            if let last = result.last, last.upperBound == bucket.upperBound {
                result[result.count - 1].count += bucket.count
            } else {
                result.append(bucket)
            }
        }
        return result
    }

    private static func correctPrecisionErrors(_ buckets: inout [ClassicBucket], tolerance: Double) {
        guard var previous = buckets.first?.count else { return }
        for index in buckets.indices.dropFirst() {
            let current = buckets[index].count
            let delta = abs(current - previous)
            if delta == 0 { continue }
            if delta / current <= tolerance {
                buckets[index].count = previous
            } else {
                previous = current
            }
        }
    }

    private static func ensureMonotonic(_ buckets: inout [ClassicBucket]) -> Bool {
        guard var maximum = buckets.first?.count else { return false }
        var forced = false
        for index in buckets.indices.dropFirst() {
            if buckets[index].count > maximum {
                maximum = buckets[index].count
            } else if buckets[index].count < maximum {
                buckets[index].count = maximum
                forced = true
            }
        }
        return forced
    }
}
