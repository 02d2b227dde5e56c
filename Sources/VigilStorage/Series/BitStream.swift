/// Writes bit fields most significant bit first into a byte array.
struct BitWriter {
    private(set) var bytes: [UInt8] = []
    private var pending: UInt64 = 0  // low `pendingBits` bits are unwritten
    private var pendingBits = 0      // always < 8 between calls

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// Appends the low `count` bits of `value` (1...64).
    mutating func write(_ value: UInt64, bits count: Int) {
        if count > 56 {
            write(value >> 32, bits: count - 32)
            write(value & 0xFFFF_FFFF, bits: 32)
            return
        }
        let masked = count == 64 ? value : value & ((1 << UInt64(count)) - 1)
        pending = (pending << UInt64(count)) | masked
        pendingBits += count
        while pendingBits >= 8 {
            pendingBits -= 8
            bytes.append(UInt8(truncatingIfNeeded: pending >> UInt64(pendingBits)))
        }
        pending &= (1 << UInt64(pendingBits)) - 1
    }

    mutating func write(bit: Bool) { write(bit ? 1 : 0, bits: 1) }

    /// Writes `value` as a LEB128 varint, eight bits per byte.
    mutating func writeVarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            write(rest & 0x7F | 0x80, bits: 8)
            rest >>= 7
        }
        write(rest, bits: 8)
    }

    /// The bytes written so far, the last one padded with zero bits.
    mutating func finish() -> [UInt8] {
        if pendingBits > 0 {
            bytes.append(UInt8(truncatingIfNeeded: pending << UInt64(8 - pendingBits)))
            pending = 0
            pendingBits = 0
        }
        return bytes
    }
}

/// Reads what `BitWriter` wrote. Reading past the end yields zero bits and
/// sets `overran`, so corrupt input cannot trap.
struct BitReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var next = 0
    private var buffer: UInt64 = 0   // low `bufferBits` bits are unread
    private var bufferBits = 0
    private(set) var overran = false

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    @inline(__always)
    private mutating func refill() {
        while bufferBits <= 56 {
            if next < bytes.count {
                buffer = (buffer << 8) | UInt64(bytes[next])
                next += 1
            } else {
                if bufferBits > 0 { return }
                overran = true
                buffer = 0
                bufferBits = 64
                return
            }
            bufferBits += 8
        }
    }

    /// Reads `count` bits (1...64).
    @inline(__always)
    mutating func read(bits count: Int) -> UInt64 {
        if count > 56 {
            let high = read(bits: count - 32)
            return high << 32 | read(bits: 32)
        }
        if bufferBits < count {
            refill()
            if bufferBits < count {
                // End of input inside the field: the missing bits are zero.
                let have = bufferBits
                let high = have == 0 ? 0 : buffer & ((1 << UInt64(have)) - 1)
                bufferBits = 0
                buffer = 0
                overran = true
                return high << UInt64(count - have)
            }
        }
        bufferBits -= count
        return (buffer >> UInt64(bufferBits)) & ((1 << UInt64(count)) - 1)
    }

    @inline(__always)
    mutating func readBit() -> Bool { read(bits: 1) == 1 }

    mutating func readVarint() -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while shift < 64 {
            let byte = read(bits: 8)
            value |= (byte & 0x7F) << shift
            if byte & 0x80 == 0 { break }
            shift += 7
        }
        return value
    }
}
