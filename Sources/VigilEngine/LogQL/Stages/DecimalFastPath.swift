import VigilCore

/// Number parsing for label values: an exact fast path for plain decimals
/// (`500`, `-31.1`, `0.25`), falling back to Go's `strconv.ParseFloat`
/// rules (`GoStrconv`) for everything else (exponents, `Inf`, hex, long
/// mantissas).
enum DecimalFastPath {
    /// Powers of ten exactly representable as doubles.
    private static let powers: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// Go's `ParseFloat(text, 64)` of the bytes; nil when Go rejects them.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> Double? {
        if let value = fast(bytes) { return value }
        return try? GoStrconv.parseFloat(String(decoding: bytes, as: UTF8.self))
    }

    /// A mantissa of at most 15 digits with at most 22 fractional digits:
    /// one integer conversion and one exact division, correctly rounded
    /// (Clinger's fast path), the same double Go's parser returns.
    @inline(__always)
    static func fast(_ bytes: UnsafeRawBufferPointer) -> Double? {
        var index = 0
        let count = bytes.count
        guard count > 0, count <= 24 else { return nil }
        var negative = false
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") {
            negative = bytes[0] == UInt8(ascii: "-")
            index = 1
        }
        var mantissa: Int64 = 0
        var digits = 0
        var fraction = 0
        var sawDot = false
        var sawDigit = false
        while index < count {
            let byte = bytes[index]
            if byte >= 0x30 && byte <= 0x39 {
                if digits > 0 || byte != 0x30 { digits += 1 }
                if digits > 15 { return nil }
                mantissa = mantissa * 10 + Int64(byte - 0x30)
                if sawDot { fraction += 1 }
                sawDigit = true
            } else if byte == UInt8(ascii: "."), !sawDot {
                sawDot = true
            } else {
                return nil
            }
            index += 1
        }
        guard sawDigit, fraction <= 22 else { return nil }
        let value = Double(mantissa) / powers[fraction]
        return negative ? -value : value
    }
}
