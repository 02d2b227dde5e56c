import VigilCore

/// Converts a number token the way Prometheus does: Go's
/// `strconv.ParseInt(text, 0, 64)` first (so `0x1F` is 31 and `0755` is
/// octal 493), then `strconv.ParseFloat(text, 64)`; the float parser's
/// error is the one reported.
/// Go's `strconv.NumError` text, e.g. `strconv.ParseFloat: parsing "1e400": value out of range`.
struct GoNumberError: Error {
    let message: String
}

enum GoNumberParser {
    static func parse(_ text: ArraySlice<UInt8>) -> Result<Double, GoNumberError> {
        if let integer = parseInteger(text) { return .success(Double(integer)) }
        return parseFloat(text)
    }

    // MARK: ParseInt with base 0

    static func parseInteger(_ text: ArraySlice<UInt8>) -> Int64? {
        var digits = text
        guard let first = digits.first else { return nil }
        var base: UInt64 = 10
        if first == UInt8(ascii: "0") {
            let second = digits.count >= 3 ? lower(digits[digits.startIndex + 1]) : 0
            switch second {
            case UInt8(ascii: "b"): base = 2; digits = digits.dropFirst(2)
            case UInt8(ascii: "o"): base = 8; digits = digits.dropFirst(2)
            case UInt8(ascii: "x"): base = 16; digits = digits.dropFirst(2)
            default: base = 8; digits = digits.dropFirst(1)
            }
        }
        var value: UInt64 = 0
        var underscores = false
        for byte in digits {
            if byte == UInt8(ascii: "_") { underscores = true; continue }
            let digit: UInt64
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(byte - UInt8(ascii: "0"))
            case _ where lower(byte) >= UInt8(ascii: "a") && lower(byte) <= UInt8(ascii: "z"):
                digit = UInt64(lower(byte) - UInt8(ascii: "a") + 10)
            default: return nil
            }
            if digit >= base { return nil }
            let (product, overflow1) = value.multipliedReportingOverflow(by: base)
            let (sum, overflow2) = product.addingReportingOverflow(digit)
            if overflow1 || overflow2 { return nil }
            value = sum
        }
        if underscores && !underscoreOK(text) { return nil }
        guard value <= UInt64(Int64.max) else { return nil }
        return Int64(value)
    }

    // MARK: ParseFloat

    static func parseFloat(_ text: ArraySlice<UInt8>) -> Result<Double, GoNumberError> {
        let quoted = GoString.quote(utf8: Array(text))
        let invalid = Result<Double, GoNumberError>.failure(
            GoNumberError(message: "strconv.ParseFloat: parsing \(quoted): invalid syntax"))
        switch asciiLowercased(text) {
        case "inf", "+inf", "infinity", "+infinity": return .success(.infinity)
        case "-inf", "-infinity": return .success(-.infinity)
        case "nan", "+nan", "-nan": return .success(.nan)
        default: break
        }
        guard isDecimalFloatSyntax(text) else { return invalid }
        let cleaned = String(decoding: text.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
        guard let value = Double(cleaned) else { return invalid }
        if value.isInfinite {
            return .failure(GoNumberError(message: "strconv.ParseFloat: parsing \(quoted): value out of range"))
        }
        return .success(value)
    }

    /// Go's decimal float grammar: digits with at most one dot and at least
    /// one digit, an optional exponent whose first character is a digit,
    /// underscores only between digits. Hexadecimal mantissas need a `p`
    /// exponent, which PromQL's lexer never produces, so they are invalid.
    static func isDecimalFloatSyntax(_ text: ArraySlice<UInt8>) -> Bool {
        var index = text.startIndex
        let end = text.endIndex
        if index < end, text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-") { index += 1 }
        if end - index >= 2, text[index] == UInt8(ascii: "0"), lower(text[index + 1]) == UInt8(ascii: "x") {
            return false
        }
        var sawDigits = false
        var sawDot = false
        var underscores = false
        mantissa: while index < end {
            switch text[index] {
            case UInt8(ascii: "_"): underscores = true
            case UInt8(ascii: "."):
                if sawDot { break mantissa }
                sawDot = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigits = true
            default: break mantissa
            }
            index += 1
        }
        guard sawDigits else { return false }
        if index < end, lower(text[index]) == UInt8(ascii: "e") {
            index += 1
            guard index < end else { return false }
            if text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-") { index += 1 }
            guard index < end, text[index] >= UInt8(ascii: "0"), text[index] <= UInt8(ascii: "9") else { return false }
            while index < end, (text[index] >= UInt8(ascii: "0") && text[index] <= UInt8(ascii: "9"))
                    || text[index] == UInt8(ascii: "_") {
                if text[index] == UInt8(ascii: "_") { underscores = true }
                index += 1
            }
        }
        guard index == end else { return false }
        return !underscores || underscoreOK(text)
    }

    /// Go's `underscoreOK`: underscores only between digits (a base prefix counts as a digit).
    static func underscoreOK(_ text: ArraySlice<UInt8>) -> Bool {
        var saw: UInt8 = UInt8(ascii: "^")
        var index = text.startIndex
        var body = text
        if let first = body.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            body = body.dropFirst()
            index = body.startIndex
        }
        var hex = false
        if body.count >= 2, body[index] == UInt8(ascii: "0") {
            let prefix = lower(body[index + 1])
            if prefix == UInt8(ascii: "b") || prefix == UInt8(ascii: "o") || prefix == UInt8(ascii: "x") {
                index += 2
                saw = UInt8(ascii: "0")
                hex = prefix == UInt8(ascii: "x")
            }
        }
        while index < body.endIndex {
            let byte = body[index]
            index += 1
            let isDigit = (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || (hex && lower(byte) >= UInt8(ascii: "a") && lower(byte) <= UInt8(ascii: "f"))
            if isDigit { saw = UInt8(ascii: "0"); continue }
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

    @inline(__always) static func lower(_ byte: UInt8) -> UInt8 { byte | 0x20 }
}
