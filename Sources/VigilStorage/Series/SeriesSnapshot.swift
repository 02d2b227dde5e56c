import VigilCore

/// A read-only view of a `SeriesStore` as of `snapshot()`: what one query
/// (or one rule evaluation) reads, unaffected by writes that follow.
public struct SeriesSnapshot: Sendable {
    let state: SeriesState

    // MARK: Series

    /// The series whose labels satisfy every matcher (a missing label reads
    /// as ""), in label order as Prometheus sorts them (`labels.Compare`).
    /// With a time range, only series with a sample in `[from, through]`.
    public func select(_ matchers: [LabelMatcher], from: Int64? = nil, through: Int64? = nil) -> [SeriesID] {
        var keep: ((CatalogEntry<SeriesSamples>) -> Bool)? = nil
        if from != nil || through != nil {
            let low = from ?? .min, high = through ?? .max
            keep = { $0.payload.hasSamples(from: low, through: high) }
        }
        return state.catalog.select(matchers, where: keep).map(state.id)
    }

    /// The label set of a series; empty for an id of another store or epoch.
    public func labels(of id: SeriesID) -> Labels { state.labels(id) ?? .empty }

    /// The series with exactly these labels, if it holds samples.
    public func seriesID(for labels: Labels) -> SeriesID? {
        state.catalog.indexedSlot(for: labels).map(state.id)
    }

    // MARK: Samples

    /// All samples of `id` with `from <= t <= through`, in time order;
    /// only chunks overlapping the range are decoded.
    public func samples(_ id: SeriesID, from: Int64, through: Int64) -> SampleColumns {
        var columns = SampleColumns()
        samples(id, from: from, through: through, into: &columns)
        return columns
    }

    /// Like `samples(_:from:through:)`, appending to `columns` so a caller
    /// can reuse its buffers across series.
    public func samples(_ id: SeriesID, from: Int64, through: Int64, into columns: inout SampleColumns) {
        state.samples(id)?.read(from: from, through: through, into: &columns)
    }

    /// Time of the oldest and newest sample of a series.
    public func timeRange(of id: SeriesID) -> ClosedRange<Int64>? {
        guard let samples = state.samples(id), let low = samples.minTime, let high = samples.maxTime else { return nil }
        return low...high
    }

    // MARK: Labels

    /// Label names of the series matching `matchers` (all series when there
    /// are none), sorted byte-wise.
    public func labelNames(matching matchers: [LabelMatcher] = []) -> [String] {
        state.catalog.labelNames(matching: matchers)
    }

    /// Values of label `name` among the series matching `matchers` (all
    /// series when there are none), sorted byte-wise.
    public func labelValues(_ name: String, matching matchers: [LabelMatcher] = []) -> [String] {
        state.catalog.labelValues(name, matching: matchers)
    }

    // MARK: Statistics

    public var seriesCount: Int { state.catalog.indexedCount }
    public var sampleCount: Int { state.sampleCount }

    /// Approximate bytes held: compressed chunks, head arrays, label
    /// strings, the index's postings and per-series bookkeeping.
    public var memoryEstimate: Int {
        var bytes = state.catalog.labelMemoryBytes
        for slot in 0..<state.catalog.entries.count { bytes += state.catalog.entries[slot].payload.memoryBytes }
        return bytes
    }

    /// Oldest and newest sample time over all series.
    public var timeRange: ClosedRange<Int64>? {
        var low = Int64.max, high = Int64.min
        for slot in state.catalog.indexedSlots {
            let samples = state.catalog.entries[Int(slot)].payload
            if let minTime = samples.minTime, let maxTime = samples.maxTime {
                low = min(low, minTime)
                high = max(high, maxTime)
            }
        }
        return low <= high ? low...high : nil
    }
}
