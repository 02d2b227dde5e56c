import VigilCore

/// A read-only view of a `LogStore` as of `snapshot()`.
public struct LogSnapshot: Sendable {
    let state: LogState

    /// Streams whose labels satisfy every matcher, in label order. With a
    /// time range, only streams with an entry in `[from, through)`.
    public func select(_ matchers: [LabelMatcher], from: Int64? = nil, through: Int64? = nil) -> [StreamID] {
        var keep: ((CatalogEntry<LogStream>) -> Bool)? = nil
        if from != nil || through != nil {
            let low = from ?? .min, high = through ?? .max
            keep = { entry in
                var found = false
                _ = entry.payload.forEach(from: low, through: high, backward: false) { _, _ in found = true; return false }
                return found
            }
        }
        return state.catalog.select(matchers, where: keep).map(state.id)
    }

    public func labels(of id: StreamID) -> Labels { state.labels(id) ?? .empty }

    /// The stream with exactly these labels, if it holds entries.
    public func streamID(for labels: Labels) -> StreamID? {
        state.catalog.indexedSlot(for: labels).map(state.id)
    }

    /// Calls `body` with each entry of `stream` with `from <= t < through`
    /// (Loki's log-query range), oldest first (`.forward`) or newest first
    /// (`.backward`), until it returns false. The line bytes are valid only
    /// during the call. Entries with equal timestamps come in push order
    /// forward and in reverse push order backward.
    public func forEachEntry(in stream: StreamID, from: Int64, through: Int64, direction: LogDirection,
                             _ body: (_ timestamp: Int64, _ line: UnsafeRawBufferPointer) throws -> Bool) rethrows {
        guard let log = state.stream(stream) else { return }
        _ = try log.forEach(from: from, through: through, backward: direction == .backward, body)
    }

    /// The entries of `stream` with `from <= t < through` in the order of
    /// `direction`, at most `limit` of them.
    public func entries(in stream: StreamID, from: Int64, through: Int64, direction: LogDirection,
                        limit: Int? = nil) -> LogEntries {
        var out = LogEntries()
        if let limit, limit <= 0 { return out }
        forEachEntry(in: stream, from: from, through: through, direction: direction) { time, line in
            out.append(timestamp: time, line: line)
            return limit.map { out.count < $0 } ?? true
        }
        return out
    }

    public func timeRange(of stream: StreamID) -> ClosedRange<Int64>? {
        guard let log = state.stream(stream), let low = log.minTime, let high = log.maxTime else { return nil }
        return low...high
    }

    public func entryCount(of stream: StreamID) -> Int { state.stream(stream)?.count ?? 0 }

    /// Label names of the streams matching `matchers` (all when none).
    public func labelNames(matching matchers: [LabelMatcher] = []) -> [String] {
        state.catalog.labelNames(matching: matchers)
    }

    /// Values of label `name` among the streams matching `matchers`.
    public func labelValues(_ name: String, matching matchers: [LabelMatcher] = []) -> [String] {
        state.catalog.labelValues(name, matching: matchers)
    }

    public var streamCount: Int { state.catalog.indexedCount }
    public var entryCount: Int { state.entryCount }

    /// Approximate bytes held: compressed chunks, head blocks, labels, index.
    public var memoryEstimate: Int {
        var bytes = state.catalog.labelMemoryBytes
        for slot in 0..<state.catalog.entries.count { bytes += state.catalog.entries[slot].payload.memoryBytes }
        return bytes
    }

    /// Chunks sealed so far across all streams (for tests and statistics).
    public var sealedChunkCount: Int {
        state.catalog.indexedSlots.reduce(0) { $0 + state.catalog.entries[Int($1)].payload.chunks.count }
    }
}
