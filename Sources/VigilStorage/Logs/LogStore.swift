import Synchronization
import VigilCore

/// A handle on one stream of a `LogStore`; invalid after `clear()`.
public struct StreamID: Hashable, Comparable, Sendable, CustomStringConvertible {
    let value: UInt32
    let epoch: UInt32

    /// A dense number (0, 1, 2, ...) for the stream, for indexing arrays.
    public var index: Int { Int(value) }

    public static func < (lhs: StreamID, rhs: StreamID) -> Bool { (lhs.epoch, lhs.value) < (rhs.epoch, rhs.value) }

    public var description: String { "stream#\(value)" }
}

/// Direction of a log read: oldest first or newest first.
public enum LogDirection: Sendable, Equatable {
    case forward
    case backward
}

/// What a push did: entries stored, and entries dropped as exact
/// duplicates (same timestamp and line as one already in the stream).
public struct PushResult: Sendable, Equatable {
    public var accepted = 0
    public var duplicates = 0

    public init(accepted: Int = 0, duplicates: Int = 0) {
        self.accepted = accepted
        self.duplicates = duplicates
    }

    public static func += (lhs: inout PushResult, rhs: PushResult) {
        lhs.accepted += rhs.accepted
        lhs.duplicates += rhs.duplicates
    }
}

public struct LogStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: String
    public var description: String { reason }
}

struct LogState: Sendable {
    let limits: LogStream.Limits
    var catalog = LabelCatalog<LogStream>()
    var entryCount = 0

    func stream(_ id: StreamID) -> LogStream? {
        guard catalog.isValid(id.value, epoch: id.epoch) else { return nil }
        return catalog.entries[Int(id.value)].payload
    }

    func labels(_ id: StreamID) -> Labels? {
        guard catalog.isValid(id.value, epoch: id.epoch) else { return nil }
        return catalog.entries[Int(id.value)].labels
    }

    func id(_ slot: UInt32) -> StreamID { StreamID(value: slot, epoch: catalog.epoch) }

    mutating func push(_ labels: Labels, _ entries: LogEntries) -> PushResult {
        let slot = catalog.slot(for: labels) { LogStream() }
        let duplicates = catalog.entries[slot].payload.push(entries, limits: limits)
        let accepted = entries.count - duplicates
        entryCount += accepted
        if accepted > 0 { catalog.markIndexed(slot) }
        return PushResult(accepted: accepted, duplicates: duplicates)
    }

    mutating func dropEntries(before cutoff: Int64) {
        for slot in catalog.indexedSlots.map(Int.init) {
            guard let minTime = catalog.entries[slot].payload.minTime, minTime < cutoff else { continue }
            let before = catalog.entries[slot].payload.count
            catalog.entries[slot].payload.dropEntries(before: cutoff, limits: limits)
            entryCount -= before - catalog.entries[slot].payload.count
            if catalog.entries[slot].payload.isEmpty { catalog.unindex(slot) }
        }
    }

    mutating func clear() {
        catalog.clear()
        entryCount = 0
    }
}

/// The in-memory log store: streams named by label sets, entries of
/// (Unix nanosecond timestamp, line bytes) kept in time order per stream,
/// with Loki's rules for equal timestamps, duplicates and out-of-order
/// pushes. Full head blocks are sealed into zstd-compressed chunks.
///
/// Safe to share between tasks: pushes lock, reads go through a
/// `snapshot()` that later pushes do not change.
public final class LogStore: Sendable {
    private let state: Mutex<LogState>

    /// - Parameters:
    ///   - blockBytes: line bytes at which a head block is sealed.
    ///   - compressionLevel: zstd level for sealed chunks.
    public init(blockBytes: Int = 256 * 1024, compressionLevel: Int32 = 3) {
        state = Mutex(LogState(limits: LogStream.Limits(blockBytes: max(1, blockBytes), compressionLevel: compressionLevel)))
    }

    /// Pushes entries (in push order) to the stream with these labels.
    @discardableResult
    public func push(_ labels: Labels, _ entries: LogEntries) throws(LogStoreError) -> PushResult {
        guard !labels.isEmpty else { throw LogStoreError(reason: "empty label set: a log stream needs at least one label") }
        return state.withLock { $0.push(labels, entries) }
    }

    @discardableResult
    public func push(_ labels: Labels, timestamp: Int64, line: String) throws(LogStoreError) -> PushResult {
        var entries = LogEntries()
        entries.append(timestamp: timestamp, line: line)
        return try push(labels, entries)
    }

    public func snapshot() -> LogSnapshot {
        state.withLock { state in
            state.catalog.settle()
            return LogSnapshot(state: state)
        }
    }

    public func clear() { state.withLock { $0.clear() } }

    /// Retention: removes entries older than `cutoff` (nanoseconds).
    public func dropEntries(before cutoff: Int64) { state.withLock { $0.dropEntries(before: cutoff) } }

    public var streamCount: Int { state.withLock { $0.catalog.indexedCount } }
    public var entryCount: Int { state.withLock { $0.entryCount } }
}
