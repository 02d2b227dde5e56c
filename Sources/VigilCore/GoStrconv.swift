/// Go's `strconv` parsing rules: `ParseFloat`, `ParseInt`, `ParseUint` and
/// `Unquote` (in the form Prometheus's `strutil.Unquote` uses, which also
/// accepts single-quoted strings of any length). Prometheus and Loki read
/// numbers and quoted strings with these, so Vigil must accept and reject
/// exactly the same texts.
public enum GoStrconv {
    /// Go's `*strconv.NumError`; `description` is Go's message, e.g.
    /// `strconv.ParseFloat: parsing "1e400": value out of range`.
    public struct NumError: Error, CustomStringConvertible, Sendable, Equatable {
        public enum Reason: String, Sendable { case syntax = "invalid syntax", range = "value out of range" }
        public let function: String
        public let input: String
        public let reason: Reason
        public var description: String { "strconv.\(function): parsing \(GoString.quote(input)): \(reason.rawValue)" }
    }

    // MARK: ParseFloat

    /// `strconv.ParseFloat(text, 64)`: decimal and hexadecimal (`0x1.8p3`)
    /// literals, `_` between digits, `inf`/`infinity`/`nan` in any case.
    /// A finite literal beyond the largest double is a range error, as in Go.
    /// NaN is Go's `math.NaN()` (bits 0x7ff8000000000001).
    public static func parseFloat(_ text: some StringProtocol) throws(NumError) -> Double {
        let bytes = Array(text.utf8)
        guard let value = floatValue(bytes) else {
            throw NumError(function: "ParseFloat", input: String(text), reason: .syntax)
        }
        if value.isInfinite, !isSpecial(bytes) {
            throw NumError(function: "ParseFloat", input: String(text), reason: .range)
        }
        return value
    }

    /// Go's `math.NaN()`, the NaN that `ParseFloat("NaN")` returns.
    public static let goNaN = Double(bitPattern: 0x7ff8_0000_0000_0001)

    private static func isSpecial(_ bytes: [UInt8]) -> Bool {
        specialValue(bytes) != nil
    }

    /// inf, infinity (optionally signed) and nan, case-insensitively; the
    /// whole text must be the special word.
    private static func specialValue(_ bytes: [UInt8]) -> Double? {
        var rest = bytes[...]
        var negative = false
        var signed = false
        if let first = rest.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            negative = first == UInt8(ascii: "-")
            signed = true
            rest = rest.dropFirst()
        }
        let lower = rest.map { $0 | 0x20 }
        if lower.elementsEqual("inf".utf8) || lower.elementsEqual("infinity".utf8) {
            return negative ? -.infinity : .infinity
        }
        if !signed, lower.elementsEqual("nan".utf8) { return goNaN }
        return nil
    }

    private static func floatValue(_ bytes: [UInt8]) -> Double? {
        if let special = specialValue(bytes) { return special }
        guard let cleaned = validatedFloatLiteral(bytes) else { return nil }
        return Double(String(decoding: cleaned, as: UTF8.self))
    }

    /// Checks Go's float literal grammar and returns the text without
    /// underscores, ready for Swift's correctly rounded conversion.
    private static func validatedFloatLiteral(_ bytes: [UInt8]) -> [UInt8]? {
        var index = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
        var hex = false
        if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "0"), bytes[index + 1] | 0x20 == UInt8(ascii: "x") {
            hex = true
            index += 2
        }
        var mantissaDigits = 0
        var sawDot = false
        var sawExponent = false
        var exponentDigits = 0
        var underscores = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "_") {
                underscores = true
            } else if byte == UInt8(ascii: ".") {
                if sawDot || sawExponent { return nil }
                sawDot = true
            } else if !sawExponent, isDigit(byte, hex: hex) {
                mantissaDigits += 1
            } else if !sawExponent, (hex ? byte | 0x20 == UInt8(ascii: "p") : byte | 0x20 == UInt8(ascii: "e")) {
                sawExponent = true
                if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "+") || bytes[index + 1] == UInt8(ascii: "-") {
                    index += 1
                }
            } else if sawExponent, isDigit(byte, hex: false) {
                exponentDigits += 1
            } else {
                return nil
            }
            index += 1
        }
        if mantissaDigits == 0 { return nil }
        if sawExponent, exponentDigits == 0 { return nil }
        if hex, !sawExponent { return nil }
        if underscores, !underscoresAreSeparators(bytes) { return nil }
        return underscores ? bytes.filter { $0 != UInt8(ascii: "_") } : bytes
    }

    private static func isDigit(_ byte: UInt8, hex: Bool) -> Bool {
        if byte >= 0x30 && byte <= 0x39 { return true }
        if hex { let lower = byte | 0x20; return lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "f") }
        return false
    }

    /// Go's `underscoreOK`: an underscore must sit between digits, or
    /// between a base prefix and a digit.
    private static func underscoresAreSeparators(_ bytes: [UInt8]) -> Bool {
        var rest = bytes[...]
        if let first = rest.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { rest = rest.dropFirst() }
        // '^' start, '0' digit or prefix, '_' underscore, '!' anything else.
        var saw: UInt8 = UInt8(ascii: "^")
        var hex = false
        if rest.count >= 2, rest.first == UInt8(ascii: "0") {
            let marker = rest[rest.startIndex + 1] | 0x20
            if marker == UInt8(ascii: "b") || marker == UInt8(ascii: "o") || marker == UInt8(ascii: "x") {
                hex = marker == UInt8(ascii: "x")
                saw = UInt8(ascii: "0")
                rest = rest.dropFirst(2)
            }
        }
        for byte in rest {
            if isDigit(byte, hex: hex) { saw = UInt8(ascii: "0"); continue }
            if byte == UInt8(ascii: "_") {
                if saw != UInt8(ascii: "0") { return false }
                saw = UInt8(ascii: "_")
                continue
            }
            if saw == UInt8(ascii: "_") { return false }
            saw = UInt8(ascii: "!")
        }
        return saw != UInt8(ascii: "_")
    }

    // MARK: ParseInt / ParseUint

    /// `strconv.ParseInt(text, base, 64)` for base 0 (prefixes `0x`, `0o`,
    /// `0b`, a leading `0` for octal, and `_` separators) or 2...36.
    public static func parseInt(_ text: some StringProtocol, base: Int = 0) throws(NumError) -> Int64 {
        var bytes = Array(text.utf8)[...]
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            negative = first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        let magnitude: UInt64
        do {
            magnitude = try unsignedValue(bytes, base: base)
        } catch {
            throw NumError(function: "ParseInt", input: String(text), reason: error.reason)
        }
        if negative {
            if magnitude > UInt64(Int64.max) + 1 { throw NumError(function: "ParseInt", input: String(text), reason: .range) }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        if magnitude > UInt64(Int64.max) { throw NumError(function: "ParseInt", input: String(text), reason: .range) }
        return Int64(magnitude)
    }

    /// `strconv.ParseUint(text, base, 64)`; no sign is allowed.
    public static func parseUint(_ text: some StringProtocol, base: Int = 10) throws(NumError) -> UInt64 {
        do {
            return try unsignedValue(Array(text.utf8)[...], base: base)
        } catch {
            throw NumError(function: "ParseUint", input: String(text), reason: error.reason)
        }
    }

    private struct DigitsError: Error { let reason: NumError.Reason }

    private static func unsignedValue(_ input: ArraySlice<UInt8>, base requested: Int) throws(DigitsError) -> UInt64 {
        var bytes = input
        guard !bytes.isEmpty else { throw DigitsError(reason: .syntax) }
        var base = requested
        let allowUnderscores = requested == 0
        if requested == 0 {
            base = 10
            if bytes.first == UInt8(ascii: "0") {
                if bytes.count >= 3, let marker = bytes.dropFirst().first.map({ $0 | 0x20 }),
                   marker == UInt8(ascii: "x") || marker == UInt8(ascii: "o") || marker == UInt8(ascii: "b") {
                    base = marker == UInt8(ascii: "x") ? 16 : marker == UInt8(ascii: "o") ? 8 : 2
                    bytes = bytes.dropFirst(2)
                } else {
                    base = 8
                    bytes = bytes.dropFirst()
                }
            }
        }
        guard base >= 2, base <= 36 else { throw DigitsError(reason: .syntax) }
        var value: UInt64 = 0
        var overflow = false
        var sawUnderscore = false
        for byte in bytes {
            if byte == UInt8(ascii: "_"), allowUnderscores { sawUnderscore = true; continue }
            let digit: Int
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = Int(byte - 0x30)
            case UInt8(ascii: "a")...UInt8(ascii: "z"): digit = Int(byte - UInt8(ascii: "a")) + 10
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): digit = Int(byte - UInt8(ascii: "A")) + 10
            default: throw DigitsError(reason: .syntax)
            }
            if digit >= base { throw DigitsError(reason: .syntax) }
            let (product, overflowed) = value.multipliedReportingOverflow(by: UInt64(base))
            let (sum, carried) = product.addingReportingOverflow(UInt64(digit))
            if overflowed || carried { overflow = true }
            value = sum
        }
        if sawUnderscore, !underscoresAreSeparators(Array(input)) { throw DigitsError(reason: .syntax) }
        if overflow { throw DigitsError(reason: .range) }
        return value
    }

    // MARK: Unquote

    public struct UnquoteError: Error, CustomStringConvertible, Sendable, Equatable {
        public let input: String
        public var description: String { "invalid syntax" }
    }

    /// Prometheus's `strutil.Unquote`: a string in double quotes, single
    /// quotes (any length) or backquotes (raw, no escapes), with Go's escape
    /// sequences `\a \b \f \n \r \t \v \\ \' \" \ooo \xhh \uhhhh \Uhhhhhhhh`.
    /// An escaped quote must match the enclosing quote.
    public static func unquote(_ text: some StringProtocol) throws(UnquoteError) -> String {
        String(decoding: try unquoteBytes(Array(text.utf8)), as: UTF8.self)
    }

    /// `unquote` on bytes, returning the exact bytes the literal stands for:
    /// `\xFF` and octal escapes may produce invalid UTF-8, as in Go.
    public static func unquoteBytes(_ text: some Collection<UInt8>) throws(UnquoteError) -> [UInt8] {
        let bytes = Array(text)
        func fail() -> UnquoteError { UnquoteError(input: String(decoding: bytes, as: UTF8.self)) }
        guard bytes.count >= 2, let quote = bytes.first, bytes.last == quote else { throw fail() }
        let body = bytes[1..<(bytes.count - 1)]
        if quote == UInt8(ascii: "`") {
            if body.contains(quote) { throw fail() }
            return Array(body)
        }
        guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { throw fail() }
        if body.contains(UInt8(ascii: "\n")) { throw fail() }
        if !body.contains(UInt8(ascii: "\\")) && !body.contains(quote) { return Array(body) }
        var out: [UInt8] = []
        out.reserveCapacity(body.count)
        var index = body.startIndex
        while index < body.endIndex {
            let byte = body[index]
            if byte == quote { throw fail() }
            if byte != UInt8(ascii: "\\") {
                out.append(byte)
                index += 1
                continue
            }
            index += 1
            guard index < body.endIndex else { throw fail() }
            let escape = body[index]
            index += 1
            switch escape {
            case UInt8(ascii: "a"): out.append(0x07)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "v"): out.append(0x0B)
            case UInt8(ascii: "\\"): out.append(escape)
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                if escape != quote { throw fail() }
                out.append(escape)
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = UInt32(escape - 0x30)
                for _ in 0..<2 {
                    guard index < body.endIndex, body[index] >= 0x30, body[index] <= 0x37 else { throw fail() }
                    value = value * 8 + UInt32(body[index] - 0x30)
                    index += 1
                }
                if value > 255 { throw fail() }
                out.append(UInt8(value))
            case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
                let width = escape == UInt8(ascii: "x") ? 2 : escape == UInt8(ascii: "u") ? 4 : 8
                var value: UInt32 = 0
                for _ in 0..<width {
                    guard index < body.endIndex, let digit = hexDigit(body[index]) else { throw fail() }
                    value = value << 4 | UInt32(digit)
                    index += 1
                }
                if escape == UInt8(ascii: "x") {
                    out.append(UInt8(value))
                } else {
                    guard let scalar = Unicode.Scalar(value) else { throw fail() }
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                }
            default:
                throw fail()
            }
        }
        return out
    }

    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - 0x30
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
