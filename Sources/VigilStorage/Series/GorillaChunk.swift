/// Gorilla compression of a run of float samples (Pelkonen et al., "Gorilla:
/// A Fast, Scalable, In-Memory Time Series Database", VLDB 2015), the scheme
/// Prometheus's XOR chunks use:
///
/// - the first timestamp as a zigzag varint, the second as a zigzag varint
///   delta, then each delta-of-delta in a prefix-coded bucket: `0` for 0,
///   `10` + 14 bits, `110` + 17 bits, `1110` + 20 bits, `1111` + 64 bits;
/// - the first value as its 64 raw bits, then each value XOR its
///   predecessor: `0` when equal, `10` + the meaningful bits when they fit
///   the previous window of leading/trailing zeros, else `11` + 5 bits of
///   leading zeros + 6 bits of length + the meaningful bits.
///
/// Values are handled as bit patterns throughout, so NaN payloads (the stale
/// marker among them), infinities and negative zero survive exactly.
/// Timestamp arithmetic wraps, so any Int64 sequence round-trips.
enum GorillaChunk {
    static func encode(timestamps: UnsafeBufferPointer<Int64>, values: UnsafeBufferPointer<Double>) -> [UInt8] {
        let count = timestamps.count
        var writer = BitWriter(capacity: count * 2 + 16)
        guard count > 0 else { return writer.finish() }
        writer.writeVarint(zigzag(timestamps[0]))
        writer.write(values[0].bitPattern, bits: 64)
        guard count > 1 else { return writer.finish() }

        var previousDelta = timestamps[1] &- timestamps[0]
        writer.writeVarint(zigzag(previousDelta))
        var encoder = XOREncoder(previous: values[0].bitPattern)
        encoder.write(values[1].bitPattern, to: &writer)

        for index in 2..<count {
            let delta = timestamps[index] &- timestamps[index - 1]
            let deltaOfDelta = delta &- previousDelta
            previousDelta = delta
            writeDeltaOfDelta(deltaOfDelta, to: &writer)
            encoder.write(values[index].bitPattern, to: &writer)
        }
        return writer.finish()
    }

    static func encode(timestamps: [Int64], values: [Double]) -> [UInt8] {
        timestamps.withUnsafeBufferPointer { t in values.withUnsafeBufferPointer { v in encode(timestamps: t, values: v) } }
    }

    /// Decodes `count` samples, appending those with `from <= t <= through`.
    static func decode(_ bytes: [UInt8], count: Int, from: Int64 = .min, through: Int64 = .max,
                       timestamps: inout [Int64], values: inout [Double]) {
        guard count > 0 else { return }
        bytes.withUnsafeBufferPointer { buffer in
            var reader = BitReader(buffer)
            var time = unzigzag(reader.readVarint())
            var bits = reader.read(bits: 64)
            if time >= from && time <= through { timestamps.append(time); values.append(Double(bitPattern: bits)) }
            guard count > 1 else { return }

            var delta = unzigzag(reader.readVarint())
            time = time &+ delta
            var decoder = XORDecoder()
            bits = decoder.read(after: bits, from: &reader)
            if time > through { return }
            if time >= from { timestamps.append(time); values.append(Double(bitPattern: bits)) }

            for _ in 2..<count {
                delta = delta &+ readDeltaOfDelta(from: &reader)
                time = time &+ delta
                bits = decoder.read(after: bits, from: &reader)
                if time > through { return }
                if time >= from { timestamps.append(time); values.append(Double(bitPattern: bits)) }
            }
        }
    }

    // MARK: Timestamps

    @inline(__always)
    static func zigzag(_ value: Int64) -> UInt64 { UInt64(bitPattern: (value << 1) ^ (value >> 63)) }

    @inline(__always)
    static func unzigzag(_ value: UInt64) -> Int64 { Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1) }

    /// (prefix, prefix length, payload bits) of each bucket after the zero one.
    private static let buckets: [(prefix: UInt64, length: Int, bits: Int)] = [(0b10, 2, 14), (0b110, 3, 17), (0b1110, 4, 20)]

    @inline(__always)
    private static func writeDeltaOfDelta(_ value: Int64, to writer: inout BitWriter) {
        if value == 0 { writer.write(0, bits: 1); return }
        for bucket in buckets {
            let limit = Int64(1) << Int64(bucket.bits - 1)
            if value >= -limit && value < limit {
                writer.write(bucket.prefix, bits: bucket.length)
                writer.write(UInt64(bitPattern: value), bits: bucket.bits)
                return
            }
        }
        writer.write(0b1111, bits: 4)
        writer.write(UInt64(bitPattern: value), bits: 64)
    }

    @inline(__always)
    private static func readDeltaOfDelta(from reader: inout BitReader) -> Int64 {
        var ones = 0
        while ones < 4, reader.readBit() { ones += 1 }
        let width: Int
        switch ones {
        case 0: return 0
        case 1: width = 14
        case 2: width = 17
        case 3: width = 20
        default: return Int64(bitPattern: reader.read(bits: 64))
        }
        let raw = reader.read(bits: width)
        let shift = UInt64(64 - width)
        return Int64(bitPattern: raw << shift) >> Int64(shift)  // sign-extend
    }
}

/// The value half of Gorilla: XOR with the previous value, storing only the
/// bits between the leading and trailing zeros.
private struct XOREncoder {
    var previous: UInt64
    var leading = -1  // no window yet
    var trailing = 0

    init(previous: UInt64) { self.previous = previous }

    @inline(__always)
    mutating func write(_ bits: UInt64, to writer: inout BitWriter) {
        let xor = bits ^ previous
        previous = bits
        if xor == 0 { writer.write(0, bits: 1); return }
        let newLeading = Swift.min(xor.leadingZeroBitCount, 31)
        let newTrailing = xor.trailingZeroBitCount
        if leading >= 0, newLeading >= leading, newTrailing >= trailing {
            writer.write(0b10, bits: 2)
            writer.write(xor >> UInt64(trailing), bits: 64 - leading - trailing)
            return
        }
        leading = newLeading
        trailing = newTrailing
        let significant = 64 - newLeading - newTrailing
        writer.write(0b11, bits: 2)
        writer.write(UInt64(newLeading), bits: 5)
        writer.write(UInt64(significant & 63), bits: 6)  // 64 is written as 0
        writer.write(xor >> UInt64(newTrailing), bits: significant)
    }
}

private struct XORDecoder {
    var leading = 0
    var trailing = 0

    @inline(__always)
    mutating func read(after previous: UInt64, from reader: inout BitReader) -> UInt64 {
        if !reader.readBit() { return previous }
        if reader.readBit() {
            leading = Int(reader.read(bits: 5))
            var significant = Int(reader.read(bits: 6))
            if significant == 0 { significant = 64 }
            // Corrupt input could claim more bits than a word holds.
            trailing = Swift.max(0, 64 - leading - significant)
        }
        let width = 64 - leading - trailing
        guard width > 0 else { return previous }
        return previous ^ (reader.read(bits: width) << UInt64(trailing))
    }
}
