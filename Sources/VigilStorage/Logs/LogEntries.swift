/// Log entries in columns: timestamps (Unix nanoseconds) and the lines'
/// bytes packed one after another in a single arena, so a reader walks
/// lines without a String or an allocation per line.
public struct LogEntries: Sendable, Equatable {
    public private(set) var timestamps: [Int64] = []
    /// End offset of each line in `bytes`; line i spans
    /// `(i == 0 ? 0 : lineEnds[i - 1])..<lineEnds[i]`.
    private(set) var lineEnds: [Int] = []
    private(set) var bytes: [UInt8] = []

    public init() {}

    public var count: Int { timestamps.count }
    public var isEmpty: Bool { timestamps.isEmpty }
    /// Total bytes of all lines.
    public var byteCount: Int { bytes.count }

    public mutating func reserveCapacity(entries: Int, bytes byteCount: Int) {
        timestamps.reserveCapacity(entries)
        lineEnds.reserveCapacity(entries)
        bytes.reserveCapacity(byteCount)
    }

    public mutating func append(timestamp: Int64, line: some Sequence<UInt8>) {
        timestamps.append(timestamp)
        bytes.append(contentsOf: line)
        lineEnds.append(bytes.count)
    }

    public mutating func append(timestamp: Int64, line: String) {
        append(timestamp: timestamp, line: line.utf8)
    }

    mutating func append(timestamp: Int64, line: UnsafeRawBufferPointer) {
        timestamps.append(timestamp)
        bytes.append(contentsOf: line)
        lineEnds.append(bytes.count)
    }

    /// Appends an entry whose line `write` appends to the arena in place
    /// (readers decode straight into it). If `write` throws, nothing is kept.
    mutating func appendLine<E: Error>(timestamp: Int64, _ write: (inout [UInt8]) throws(E) -> Void) throws(E) {
        let start = bytes.count
        do {
            try write(&bytes)
        } catch {
            bytes.removeSubrange(start...)
            throw error
        }
        timestamps.append(timestamp)
        lineEnds.append(bytes.count)
    }

    /// Appends entry `index` of `other`.
    mutating func append(_ other: LogEntries, at index: Int) {
        timestamps.append(other.timestamps[index])
        bytes.append(contentsOf: other.bytes[other.lineRange(index)])
        lineEnds.append(bytes.count)
    }

    /// Appends entries `range` of `other`.
    mutating func append(_ other: LogEntries, range: Range<Int>) {
        guard !range.isEmpty else { return }
        let start = other.lineStart(range.lowerBound)
        let end = other.lineEnds[range.upperBound - 1]
        let shift = bytes.count - start
        timestamps.append(contentsOf: other.timestamps[range])
        bytes.append(contentsOf: other.bytes[start..<end])
        lineEnds.append(contentsOf: other.lineEnds[range].map { $0 + shift })
    }

    @inline(__always)
    func lineStart(_ index: Int) -> Int { index == 0 ? 0 : lineEnds[index - 1] }

    @inline(__always)
    func lineRange(_ index: Int) -> Range<Int> { lineStart(index)..<lineEnds[index] }

    /// The bytes of line `index`, valid only inside `body`.
    @inlinable
    public func withLine<R>(at index: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withLineBuffer(at: index, body)
    }

    @usableFromInline
    func withLineBuffer<R>(at index: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let range = lineRange(index)
        return try bytes.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[range])) }
    }

    /// Line `index` as bytes.
    public func lineBytes(at index: Int) -> ArraySlice<UInt8> { bytes[lineRange(index)] }

    /// Line `index` as a String (invalid UTF-8 is repaired).
    public func line(at index: Int) -> String { String(decoding: bytes[lineRange(index)], as: UTF8.self) }

    func lineEquals(_ index: Int, _ other: UnsafeRawBufferPointer) -> Bool {
        let range = lineRange(index)
        guard range.count == other.count else { return false }
        return bytes.withUnsafeBytes { own in
            range.isEmpty || memcmpEqual(own.baseAddress! + range.lowerBound, other.baseAddress!, range.count)
        }
    }

    mutating func removeAll() {
        timestamps.removeAll(keepingCapacity: true)
        lineEnds.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
    }

    /// Entries `range` as a new arena.
    func slice(_ range: Range<Int>) -> LogEntries {
        var out = LogEntries()
        out.append(self, range: range)
        return out
    }

    /// Whether timestamps never decrease.
    var isSorted: Bool {
        var previous = Int64.min
        for time in timestamps {
            if time < previous { return false }
            previous = time
        }
        return true
    }

    /// A copy in time order; entries with equal timestamps keep their order.
    func sortedStably() -> LogEntries {
        if isSorted { return self }
        let order = timestamps.indices.sorted { (timestamps[$0], $0) < (timestamps[$1], $1) }
        var out = LogEntries()
        out.reserveCapacity(entries: count, bytes: bytes.count)
        for index in order { out.append(self, at: index) }
        return out
    }

    /// First index with timestamp >= `time`.
    func firstIndex(atOrAfter time: Int64) -> Int {
        var low = 0, high = timestamps.count
        while low < high {
            let mid = (low + high) >> 1
            if timestamps[mid] < time { low = mid + 1 } else { high = mid }
        }
        return low
    }

    public static func == (lhs: LogEntries, rhs: LogEntries) -> Bool {
        lhs.timestamps == rhs.timestamps && lhs.lineEnds == rhs.lineEnds && lhs.bytes == rhs.bytes
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@inline(__always)
private func memcmpEqual(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Bool {
    memcmp(a, b, count) == 0
}
