import VigilCore
import VigilStorage

// The operator protocols: a query plan is a tree of objects conforming to
// these, one operator per file (Mimir's streaming engine is the model).
//
// Operators are language-neutral. They see steps by index only, never the
// time unit, so a LogQL engine (nanosecond timestamps) can feed its own
// range-aggregation operator into the aggregation and binary operators
// here: implement `InstantVectorOperator` and plug it in.

/// Produces the series of an instant vector for every step of the query.
///
/// Protocol: call `seriesMetadata()` once, then `next()` once per series in
/// that order. Each `StepSeries` holds all steps at once. The producer has
/// acquired `series.count` samples from the query's `MemoryBudget` for it;
/// the consumer releases them when it no longer holds the series.
public protocol InstantVectorOperator: AnyObject {
    /// The labels of every series the operator will produce, in order.
    func seriesMetadata() throws -> [SeriesMetadata]
    /// The next series' values at every step.
    func next() throws -> StepSeries
}

/// Produces one value per step.
public protocol ScalarOperator: AnyObject {
    func values() throws -> [Double]
}

/// A range vector: for each series, its samples over every window the query
/// needs, and for each step the window `(end - range, end]`.
///
/// Protocol as for `InstantVectorOperator`: metadata first, then one
/// `next()` per series. The producer has acquired `samples.count` from the
/// budget; the consumer releases it.
public protocol RangeVectorOperator: AnyObject {
    var windows: StepWindows { get }
    func seriesMetadata() throws -> [SeriesMetadata]
    func next() throws -> SampleColumns
}

/// The windows of a range vector, one per step: `(ends[i] - range, ends[i]]`.
public struct StepWindows: Sendable, Equatable {
    public var ends: [Int64]
    public var range: Int64

    public init(ends: [Int64], range: Int64) {
        self.ends = ends
        self.range = range
    }

    /// The earliest and latest instants any window covers: `(low, high]`.
    public var span: (low: Int64, high: Int64)? {
        guard let first = ends.min(), let last = ends.max() else { return nil }
        return (first &- range, last)
    }

    /// For each step, the indices of `timestamps` (sorted) inside its window.
    /// Two pointers when the windows move forward, as they do on a grid.
    public func bounds(in timestamps: [Int64]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        result.reserveCapacity(ends.count)
        var low = 0, high = 0
        var previousEnd = Int64.min
        for end in ends {
            if end < previousEnd { low = 0; high = 0 }
            previousEnd = end
            let start = end &- range
            while low < timestamps.count, timestamps[low] <= start { low += 1 }
            if high < low { high = low }
            while high < timestamps.count, timestamps[high] <= end { high += 1 }
            result.append(low..<high)
        }
        return result
    }
}

/// Shared helpers for operators.
extension QueryContext {
    /// Accounts for a series created by an operator that will hand it on.
    func hold(_ series: StepSeries) throws {
        try memory.acquire(series.count)
    }

    /// Releases a series received from a child and no longer held.
    func drop(_ series: StepSeries) {
        memory.release(series.count)
    }

    /// Labels with the metric name removed at once, or kept and flagged
    /// when names are removed at the end (delayed name removal); unchanged
    /// when the semantics keep names (Loki).
    func droppingName(_ metadata: SeriesMetadata) -> SeriesMetadata {
        guard options.semantics.dropsMetricName else { return metadata }
        if options.delayedNameRemoval {
            return SeriesMetadata(labels: metadata.labels, dropName: true)
        }
        return SeriesMetadata(labels: metadata.labels.withoutMetadataLabels, dropName: false)
    }
}
