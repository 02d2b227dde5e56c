#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// String rules shared with Go: byte-wise ordering, `strconv.Quote`, and the
/// identifier rules of Prometheus label and metric names.
public enum GoString {
    /// Go compares strings byte by byte; Swift's `<` on String compares by
    /// Unicode canonical equivalence, which orders non-ASCII text differently.
    @inlinable
    public static func less(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }

    /// Three-way byte-wise comparison.
    public static func compare(_ lhs: String, _ rhs: String) -> Int {
        if bytesEqual(lhs, rhs) { return 0 }
        return less(lhs, rhs) ? -1 : 1
    }

    /// Byte-wise equality (Go's `==` on strings).
    @inlinable
    public static func bytesEqual(_ lhs: String, _ rhs: String) -> Bool {
        let left = lhs.utf8, right = rhs.utf8
        guard left.count == right.count else { return false }
        let fast = left.withContiguousStorageIfAvailable { a in
            right.withContiguousStorageIfAvailable { b in
                a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0
            }
        }
        if let fast, let result = fast { return result }
        return left.elementsEqual(right)
    }

    /// Feeds the UTF-8 bytes and their count to `hasher`, consistently with
    /// `bytesEqual`.
    @inlinable
    public static func hashBytes(_ text: String, into hasher: inout Hasher) {
        let bytes = text.utf8
        hasher.combine(bytes.count)
        let done: Void? = bytes.withContiguousStorageIfAvailable { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        if done == nil { Array(bytes).withUnsafeBytes { hasher.combine(bytes: $0) } }
    }

    /// `[a-zA-Z_:][a-zA-Z0-9_:]*`
    public static func isLegacyMetricName(_ name: String) -> Bool {
        isIdentifier(name, allowColon: true)
    }

    /// `[a-zA-Z_][a-zA-Z0-9_]*`
    public static func isLegacyLabelName(_ name: String) -> Bool {
        isIdentifier(name, allowColon: false)
    }

    private static func isIdentifier(_ name: String, allowColon: Bool) -> Bool {
        var first = true
        for byte in name.utf8 {
            let isLetter = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
                || (allowColon && byte == 0x3A)
            let isDigit = byte >= 0x30 && byte <= 0x39
            if first ? !isLetter : !(isLetter || isDigit) { return false }
            first = false
        }
        return !first
    }

    /// Go's `strconv.Quote`: double quotes, with `\"`, `\\`, the usual
    /// single-letter escapes, and `\x`/`\u`/`\U` for non-printable runes and
    /// invalid UTF-8 bytes.
    public static func quote(_ text: String, quote: Character = "\"") -> String {
        Self.quote(utf8: Array(text.utf8), quote: quote)
    }

    /// `strconv.Quote` of raw bytes, which (unlike a `String`) may hold
    /// invalid UTF-8: PromQL's `"\xff"` is the single byte 0xFF, and Go
    /// prints it back as `\xff`.
    public static func quote(utf8: [UInt8], quote: Character = "\"") -> String {
        var out = String(quote)
        let quoteScalar = quote.unicodeScalars.first!
        var bytes = utf8[...]
        while let first = bytes.first {
            guard let (scalar, width) = decodeScalar(bytes) else {
                out += "\\x" + hex(UInt32(first), digits: 2)
                bytes = bytes.dropFirst()
                continue
            }
            bytes = bytes.dropFirst(width)
            switch scalar {
            case quoteScalar, "\\": out.unicodeScalars.append("\\"); out.unicodeScalars.append(scalar)
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0B}": out += "\\v"
            default:
                if isPrintable(scalar) {
                    out.unicodeScalars.append(scalar)
                } else if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + hex(scalar.value, digits: 2)
                } else if scalar.value < 0x10000 {
                    out += "\\u" + hex(scalar.value, digits: 4)
                } else {
                    out += "\\U" + hex(scalar.value, digits: 8)
                }
            }
        }
        out.append(quote)
        return out
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    /// Approximates Go's `strconv.IsPrint` (public for `%#U` and `%q` in templates): letters, marks, numbers,
    /// punctuation, symbols and the ASCII space.
    public static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar.value >= 0x20 && scalar.value < 0x7F }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned,
             .lineSeparator, .paragraphSeparator, .spaceSeparator:
            return false
        default:
            return true
        }
    }

    static func decodeScalar(_ bytes: ArraySlice<UInt8>) -> (Unicode.Scalar, Int)? {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        switch decoder.decode(&iterator) {
        case .scalarValue(let scalar):
            return (scalar, UTF8.width(scalar))
        default:
            return nil
        }
    }
}
