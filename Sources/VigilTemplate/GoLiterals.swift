import VigilCore

/// Go's `strconv.Unquote`/`UnquoteChar` and integer/float literal parsing,
/// as the template parser applies them to string, char and number tokens.
enum GoLiterals {
    struct SyntaxError: Error { let message: String }

    /// `strconv.Unquote` for `"..."` and `` `...` `` literals.
    static func unquote(_ literal: String) throws(SyntaxError) -> String {
        let bytes = Array(literal.utf8)
        guard bytes.count >= 2, let quote = bytes.first, bytes.last == quote else {
            throw SyntaxError(message: "invalid syntax")
        }
        let body = bytes[1..<(bytes.count - 1)]
        if quote == UInt8(ascii: "`") {
            if body.contains(UInt8(ascii: "`")) { throw SyntaxError(message: "invalid syntax") }
            return String(decoding: body.filter { $0 != 0x0D }, as: UTF8.self)
        }
        guard quote == UInt8(ascii: "\"") else { throw SyntaxError(message: "invalid syntax") }
        var out: [UInt8] = []
        out.reserveCapacity(body.count)
        var index = body.startIndex
        while index < body.endIndex {
            let byte = body[index]
            if byte == quote || byte == 0x0A { throw SyntaxError(message: "invalid syntax") }
            if byte != UInt8(ascii: "\\") {
                out.append(byte)
                index += 1
                continue
            }
            let (bytesOut, next) = try unescape(body, at: index, quote: quote)
            out.append(contentsOf: bytesOut)
            index = next
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes one backslash escape starting at `index`; returns its bytes
    /// and the index after it.
    private static func unescape(_ s: ArraySlice<UInt8>, at index: Int, quote: UInt8) throws(SyntaxError)
        -> ([UInt8], Int) {
        let invalid = SyntaxError(message: "invalid syntax")
        guard index + 1 < s.endIndex else { throw invalid }
        let c = s[index + 1]
        var next = index + 2
        switch c {
        case UInt8(ascii: "a"): return ([0x07], next)
        case UInt8(ascii: "b"): return ([0x08], next)
        case UInt8(ascii: "f"): return ([0x0C], next)
        case UInt8(ascii: "n"): return ([0x0A], next)
        case UInt8(ascii: "r"): return ([0x0D], next)
        case UInt8(ascii: "t"): return ([0x09], next)
        case UInt8(ascii: "v"): return ([0x0B], next)
        case UInt8(ascii: "\\"): return ([c], next)
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            guard c == quote else { throw invalid }
            return ([c], next)
        case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
            let count = c == UInt8(ascii: "x") ? 2 : (c == UInt8(ascii: "u") ? 4 : 8)
            guard next + count <= s.endIndex else { throw invalid }
            var value: UInt32 = 0
            for offset in 0..<count {
                guard let digit = hexValue(s[next + offset]) else { throw invalid }
                value = value << 4 | UInt32(digit)
            }
            next += count
            if c == UInt8(ascii: "x") { return ([UInt8(value)], next) }
            guard let scalar = Unicode.Scalar(value) else { throw invalid }
            return (Array(String(Character(scalar)).utf8), next)
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            guard index + 4 <= s.endIndex else { throw invalid }
            var value: UInt32 = 0
            for offset in 1...3 {
                let d = s[index + offset]
                guard d >= UInt8(ascii: "0"), d <= UInt8(ascii: "7") else { throw invalid }
                value = value * 8 + UInt32(d - UInt8(ascii: "0"))
            }
            guard value <= 255 else { throw invalid }
            return ([UInt8(value)], index + 4)
        default:
            throw invalid
        }
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// The rune value of a character constant such as `'a'` or `'\n'`.
    static func unquoteChar(_ literal: String) throws(SyntaxError) -> UInt32 {
        let bytes = Array(literal.utf8)
        guard bytes.count >= 3, bytes.first == UInt8(ascii: "'"), bytes.last == UInt8(ascii: "'") else {
            throw SyntaxError(message: "malformed character constant: \(literal)")
        }
        let body = bytes[1..<(bytes.count - 1)]
        if body.first == UInt8(ascii: "\\") {
            let (decoded, next) = try unescape(body, at: body.startIndex, quote: UInt8(ascii: "'"))
            guard next == body.endIndex else { throw SyntaxError(message: "malformed character constant: \(literal)") }
            if decoded.count == 1 { return UInt32(decoded[0]) }
            return String(decoding: decoded, as: UTF8.self).unicodeScalars.first?.value ?? 0xFFFD
        }
        let text = String(decoding: body, as: UTF8.self)
        guard text.unicodeScalars.count == 1, let scalar = text.unicodeScalars.first else {
            if body.isEmpty { throw SyntaxError(message: "invalid syntax") }
            throw SyntaxError(message: "malformed character constant: \(literal)")
        }
        return scalar.value
    }

    /// Go's `strconv.ParseInt(text, 0, 64)` / `ParseUint`: optional sign,
    /// `0x`/`0o`/`0b`/leading-`0` prefixes, `_` separators after a prefix.
    static func parseInteger(_ text: String) -> (negative: Bool, magnitude: UInt64)? {
        var bytes = Array(text.utf8)[...]
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            negative = first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        guard !bytes.isEmpty else { return nil }
        var base: UInt64 = 10
        var prefixed = false
        if bytes.count >= 2, bytes.first == UInt8(ascii: "0") {
            switch bytes[bytes.startIndex + 1] | 0x20 {
            case UInt8(ascii: "x"): base = 16; bytes = bytes.dropFirst(2); prefixed = true
            case UInt8(ascii: "o"): base = 8; bytes = bytes.dropFirst(2); prefixed = true
            case UInt8(ascii: "b"): base = 2; bytes = bytes.dropFirst(2); prefixed = true
            default: base = 8; bytes = bytes.dropFirst(1); prefixed = true
            }
        }
        guard !bytes.isEmpty || (base == 8 && prefixed) else { return nil }
        var value: UInt64 = 0
        // "_" separates digits (or follows a base prefix), as in Go literals.
        var lastUnderscore = !prefixed
        for byte in bytes {
            if byte == UInt8(ascii: "_") {
                if lastUnderscore { return nil }
                lastUnderscore = true
                continue
            }
            lastUnderscore = false
            guard let digit = hexValue(byte), UInt64(digit) < base else { return nil }
            let (product, o1) = value.multipliedReportingOverflow(by: base)
            let (sum, o2) = product.addingReportingOverflow(UInt64(digit))
            if o1 || o2 { return nil }
            value = sum
        }
        if lastUnderscore && !bytes.isEmpty { return nil }
        return (negative, value)
    }

    /// Go's `strconv.ParseFloat(text, 64)` for the forms the lexer lets
    /// through (decimal and hex floats, `_` separators).
    static func parseFloat(_ text: String) -> Double? {
        let cleaned = text.replacingUnderscores()
        if cleaned.isEmpty { return nil }
        let lower = cleaned.lowercased()
        if lower.contains("inf") || lower.contains("nan") { return nil }
        return Double(cleaned)
    }

    /// The number-literal node for `text` (Go's `parse.newNumber`).
    static func number(position: Int, text: String, isChar: Bool) throws(SyntaxError) -> NumberLiteral {
        var n = NumberLiteral(position: position, text: text)
        if isChar {
            let rune = try unquoteChar(text)
            n.isInt = true; n.int64 = Int64(rune)
            n.isUint = true; n.uint64 = UInt64(rune)
            n.isFloat = true; n.float64 = Double(rune)
            return n
        }
        if text.hasSuffix("i") { throw SyntaxError(message: "complex constants are not supported: \(GoString.quote(text))") }
        if let (negative, magnitude) = parseInteger(text) {
            if !negative { n.isUint = true; n.uint64 = magnitude }
            if negative {
                if magnitude <= UInt64(Int64.max) + 1 {
                    n.isInt = true
                    n.int64 = magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
                    if magnitude == 0 { n.isUint = true; n.uint64 = 0 }
                }
            } else if magnitude <= UInt64(Int64.max) {
                n.isInt = true; n.int64 = Int64(magnitude)
            }
        }
        if n.isInt {
            n.isFloat = true; n.float64 = Double(n.int64)
        } else if n.isUint {
            n.isFloat = true; n.float64 = Double(n.uint64)
        } else if let f = parseFloat(text), f.isFinite {
            if !text.contains(where: { ".eEpP".contains($0) }) {
                throw SyntaxError(message: "integer overflow: \(GoString.quote(text))")
            }
            n.isFloat = true
            n.float64 = f
            if !n.isInt, f.rounded(.towardZero) == f, abs(f) < 9.2e18 {
                n.isInt = true; n.int64 = Int64(f)
            }
            if !n.isUint, f.rounded(.towardZero) == f, f >= 0, f < 1.8e19 {
                n.isUint = true; n.uint64 = UInt64(f)
            }
        }
        if !n.isInt && !n.isUint && !n.isFloat {
            throw SyntaxError(message: "illegal number syntax: \(GoString.quote(text))")
        }
        return n
    }
}

extension String {
    func replacingUnderscores() -> String {
        guard utf8.contains(UInt8(ascii: "_")) else { return self }
        return String(decoding: utf8.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
    }
}
