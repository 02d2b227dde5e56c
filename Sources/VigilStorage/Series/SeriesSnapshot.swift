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
        var ids = state.index.matching(matchers)
        if from != nil || through != nil {
            let low = from ?? .min, high = through ?? .max
            ids = ids.filter { state.records[Int($0)].samples.hasSamples(from: low, through: high) }
        }
        return state.order.sortByLabels(ids).map { SeriesID(value: $0, epoch: state.epoch) }
    }

    /// The label set of a series; empty for an id of another store or epoch.
    public func labels(of id: SeriesID) -> Labels {
        state.record(id)?.labels ?? .empty
    }

    /// The series with exactly these labels, if it holds samples.
    public func seriesID(for labels: Labels) -> SeriesID? {
        guard let value = state.ids[labels], state.records[Int(value)].indexed else { return nil }
        return SeriesID(value: value, epoch: state.epoch)
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
        state.record(id)?.samples.read(from: from, through: through, into: &columns)
    }

    /// Time of the oldest and newest sample of a series.
    public func timeRange(of id: SeriesID) -> ClosedRange<Int64>? {
        guard let samples = state.record(id)?.samples, let low = samples.minTime, let high = samples.maxTime else { return nil }
        return low...high
    }

    // MARK: Labels

    /// Label names of the series matching `matchers` (all series when there
    /// are none), sorted byte-wise.
    public func labelNames(matching matchers: [LabelMatcher] = []) -> [String] {
        if matchers.isEmpty { return state.index.labelNames }
        var names = Set<String>()
        for id in state.index.matching(matchers) {
            for pair in state.records[Int(id)].labels { names.insert(pair.name) }
        }
        return names.sorted(by: GoString.less)
    }

    /// Values of label `name` among the series matching `matchers` (all
    /// series when there are none), sorted byte-wise.
    public func labelValues(_ name: String, matching matchers: [LabelMatcher] = []) -> [String] {
        if matchers.isEmpty { return state.index.labelValues(name) }
        var values = Set<String>()
        for id in state.index.matching(matchers) {
            if let value = state.records[Int(id)].labels[name] { values.insert(value) }
        }
        return values.sorted(by: GoString.less)
    }

    // MARK: Statistics

    public var seriesCount: Int { state.index.count }
    public var sampleCount: Int { state.sampleCount }

    /// Approximate bytes held: compressed chunks, head arrays, label
    /// strings, the index's postings and per-series bookkeeping.
    public var memoryEstimate: Int {
        var bytes = 0
        for slot in 0..<state.records.count {
            let record = state.records[slot]
            bytes += record.samples.memoryBytes + 48
            for pair in record.labels { bytes += pair.name.utf8.count + pair.value.utf8.count + 32 }
        }
        for (name, values) in state.index.postings {
            bytes += name.utf8.count + 48
            for (value, ids) in values { bytes += value.utf8.count + 48 + ids.count * 4 }
        }
        return bytes + state.index.allIDs.count * 12
    }

    /// Oldest and newest sample time over all series.
    public var timeRange: ClosedRange<Int64>? {
        var low = Int64.max, high = Int64.min
        for id in state.index.allIDs {
            let samples = state.records[Int(id)].samples
            if let minTime = samples.minTime, let maxTime = samples.maxTime {
                low = min(low, minTime)
                high = max(high, maxTime)
            }
        }
        return low <= high ? low...high : nil
    }
}
