import VigilCore

/// A sealed block of log entries, compressed with zstd. Its time bounds and
/// size stay outside the compressed bytes, so reads skip chunks that miss
/// their range without decompressing them.
///
/// Layout before compression: varint entry count, zigzag-varint timestamp
/// deltas, varint line lengths, then the line bytes back to back.
struct LogChunk: Sendable {
    let minTime: Int64
    let maxTime: Int64
    let count: Int
    let rawBytes: Int
    let compressed: [UInt8]
    /// False only when zstd failed (out of memory) and the block is kept raw.
    let isCompressed: Bool

    init(_ entries: LogEntries, level: Int32) {
        minTime = entries.timestamps.first ?? 0
        maxTime = entries.timestamps.last ?? 0
        count = entries.count
        let raw = Self.serialize(entries)
        rawBytes = raw.count
        // Compressing a buffer we own can only fail for lack of memory;
        // keep the block uncompressed then.
        if let packed = try? Zstd.compress(raw, level: level) {
            compressed = packed
            isCompressed = true
        } else {
            compressed = raw
            isCompressed = false
        }
    }

    /// The entries back; a damaged block decodes as empty, never traps.
    func decode() -> LogEntries {
        let raw: [UInt8]
        if isCompressed {
            guard let decompressed = try? Zstd.decompress(compressed) else { return LogEntries() }
            raw = decompressed
        } else {
            raw = compressed
        }
        return Self.deserialize(raw) ?? LogEntries()
    }

    static func serialize(_ entries: LogEntries) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(entries.byteCount + entries.count * 4 + 8)
        appendVarint(UInt64(entries.count), to: &out)
        var previous: Int64 = 0
        for time in entries.timestamps {
            appendVarint(GorillaChunk.zigzag(time &- previous), to: &out)
            previous = time
        }
        for index in 0..<entries.count { appendVarint(UInt64(entries.lineRange(index).count), to: &out) }
        out.append(contentsOf: entries.bytes)
        return out
    }

    static func deserialize(_ raw: [UInt8]) -> LogEntries? {
        var position = 0
        guard let count = readVarint(raw, &position), count <= UInt64(raw.count) else { return nil }
        var entries = LogEntries()
        var timestamps: [Int64] = []
        timestamps.reserveCapacity(Int(count))
        var previous: Int64 = 0
        for _ in 0..<count {
            guard let delta = readVarint(raw, &position) else { return nil }
            previous = previous &+ GorillaChunk.unzigzag(delta)
            timestamps.append(previous)
        }
        var lengths: [Int] = []
        lengths.reserveCapacity(Int(count))
        for _ in 0..<count {
            guard let length = readVarint(raw, &position), length <= UInt64(raw.count) else { return nil }
            lengths.append(Int(length))
        }
        entries.reserveCapacity(entries: Int(count), bytes: raw.count - position)
        for (time, length) in zip(timestamps, lengths) {
            guard position + length <= raw.count else { return nil }
            raw.withUnsafeBytes { entries.append(timestamp: time, line: UnsafeRawBufferPointer(rebasing: $0[position..<(position + length)])) }
            position += length
        }
        return entries
    }

    private static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        out.append(UInt8(rest))
    }

    private static func readVarint(_ raw: [UInt8], _ position: inout Int) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while position < raw.count, shift < 64 {
            let byte = raw[position]
            position += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        return nil
    }
}
