import VigilCore

/// LogQL's lexer, after Loki's `lex.go` on top of Go's `text/scanner`:
/// Go identifiers, numbers and strings; a number followed by duration units
/// (`250ms`, `1.5h`) is a duration, by byte units (`2KB`) a byte size; `[...]`
/// is a range; function names are keywords only when a call follows; all
/// other reserved words are keywords anywhere, in any case. Comments (`#`,
/// `//`, `/* */`) are skipped. The whole query is tokenised in one pass,
/// stopping at the first error.
struct LogQLLexer {
    let bytes: [UInt8]
    var pos = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// All tokens, ending with `.eof` or the first `.error`.
    static func tokenize(_ bytes: [UInt8]) -> [LogQLToken] {
        var lexer = LogQLLexer(bytes)
        var tokens: [LogQLToken] = []
        tokens.reserveCapacity(bytes.count / 3 + 1)
        while true {
            let token = lexer.next()
            tokens.append(token)
            if token.kind == .eof || token.kind == .error { return tokens }
        }
    }

    // MARK: Runes

    func rune(at index: Int) -> (value: Int32, width: Int) {
        guard index < bytes.count else { return (-1, 0) }
        let decoded = decodeGoRune(bytes, at: index)
        return (decoded.rune, decoded.width)
    }

    func byte(at index: Int) -> UInt8? { index < bytes.count ? bytes[index] : nil }

    func error(_ message: String, _ start: Int, _ end: Int? = nil) -> LogQLToken {
        LogQLToken(kind: .error, start: start, end: end ?? max(start, pos), text: message)
    }

    // MARK: Tokens

    mutating func next() -> LogQLToken {
        skipSpacesAndComments()
        let start = pos
        guard let first = byte(at: pos) else { return LogQLToken(kind: .eof, start: pos, end: pos) }
        if first == 0 { return error("invalid character NUL", start, start + 1) }

        if isASCIIDigit(first) || (first == UInt8(ascii: ".") && byte(at: pos + 1).map(isASCIIDigit) == true) {
            return lexNumber()
        }
        switch first {
        case UInt8(ascii: "\""): return lexQuotedString()
        case UInt8(ascii: "`"): return lexRawString()
        case UInt8(ascii: "'"): return error("unexpected character '\\'': strings are quoted with \" or `", start, start + 1)
        case UInt8(ascii: "["): return lexRange()
        case UInt8(ascii: "-"):
            if byte(at: pos + 1) == UInt8(ascii: "-"), let flag = scanFlag() { return flag }
            pos += 1
            if let duration = scanDurationSuffix(number: "-", start: start) { return duration }
            return LogQLToken(kind: .sub, start: start, end: pos)
        default:
            break
        }
        let (value, width) = rune(at: pos)
        if value == ascii("_") || isLetter(value) { return lexWord() }
        if let token = lexOperator() { return token }
        if value == GoRune.replacement && width == 1 { return error("invalid UTF-8 encoding", start, start + 1) }
        return error("unexpected character \(GoRune.quote(value))", start, start + width)
    }

    mutating func skipSpacesAndComments() {
        while let byte = byte(at: pos) {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D:
                pos += 1
            case UInt8(ascii: "#"):
                while let next = self.byte(at: pos), next != 0x0A { pos += 1 }
            case UInt8(ascii: "/") where self.byte(at: pos + 1) == UInt8(ascii: "/"):
                while let next = self.byte(at: pos), next != 0x0A { pos += 1 }
            case UInt8(ascii: "/") where self.byte(at: pos + 1) == UInt8(ascii: "*"):
                // An unterminated block comment runs to the end, as Go reports it only as an error token later.
                pos += 2
                while pos < bytes.count, !(bytes[pos] == UInt8(ascii: "*") && self.byte(at: pos + 1) == UInt8(ascii: "/")) {
                    pos += 1
                }
                pos = min(pos + 2, bytes.count)
            default:
                return
            }
        }
    }

    /// Two-character operators first, then one-character ones.
    mutating func lexOperator() -> LogQLToken? {
        let start = pos
        let first = bytes[pos]
        let second = byte(at: pos + 1)
        let pairs: [(UInt8, UInt8, LogQLTokenKind)] = [
            (UInt8(ascii: "|"), UInt8(ascii: "="), .pipeExact), (UInt8(ascii: "|"), UInt8(ascii: "~"), .pipeMatch),
            (UInt8(ascii: "|"), UInt8(ascii: ">"), .pipePattern), (UInt8(ascii: "!"), UInt8(ascii: "="), .neq),
            (UInt8(ascii: "!"), UInt8(ascii: "~"), .nre), (UInt8(ascii: "!"), UInt8(ascii: ">"), .npa),
            (UInt8(ascii: "="), UInt8(ascii: "~"), .re), (UInt8(ascii: "="), UInt8(ascii: "="), .cmpEq),
            (UInt8(ascii: ">"), UInt8(ascii: "="), .gte), (UInt8(ascii: "<"), UInt8(ascii: "="), .lte),
        ]
        if let second {
            for (a, b, kind) in pairs where a == first && b == second {
                pos += 2
                return LogQLToken(kind: kind, start: start, end: pos)
            }
        }
        let kind: LogQLTokenKind
        switch first {
        case UInt8(ascii: ","): kind = .comma
        case UInt8(ascii: "."): kind = .dot
        case UInt8(ascii: "{"): kind = .leftBrace
        case UInt8(ascii: "}"): kind = .rightBrace
        case UInt8(ascii: "("): kind = .leftParen
        case UInt8(ascii: ")"): kind = .rightParen
        case UInt8(ascii: "]"): kind = .rightBracket
        case UInt8(ascii: "="): kind = .eq
        case UInt8(ascii: "|"): kind = .pipe
        case UInt8(ascii: "+"): kind = .add
        case UInt8(ascii: "*"): kind = .mul
        case UInt8(ascii: "/"): kind = .div
        case UInt8(ascii: "%"): kind = .mod
        case UInt8(ascii: "^"): kind = .pow
        case UInt8(ascii: ">"): kind = .gt
        case UInt8(ascii: "<"): kind = .lt
        default: return nil
        }
        pos += 1
        return LogQLToken(kind: kind, start: start, end: pos)
    }

    // MARK: Words

    mutating func lexWord() -> LogQLToken {
        let start = pos
        while true {
            let (value, width) = rune(at: pos)
            guard width > 0, value == ascii("_") || isLetter(value) || isUnicodeDigit(value) else { break }
            pos += width
        }
        let text = String(decoding: bytes[start..<pos], as: UTF8.self)
        let lowered = text.lowercased()
        if let function = logQLFunctions[lowered], callFollows(at: pos) {
            return LogQLToken(kind: function, start: start, end: pos, text: text)
        }
        if let keyword = logQLKeywords[lowered] {
            return LogQLToken(kind: keyword, start: start, end: pos, text: text)
        }
        return LogQLToken(kind: .identifier, start: start, end: pos, text: text)
    }

    /// Loki's `isFunction`: after spaces, `(`, or `by`/`without` and then `(`.
    func callFollows(at index: Int) -> Bool {
        var index = skipUnicodeSpaces(from: index)
        guard let first = byte(at: index) else { return false }
        if first == UInt8(ascii: "(") { return true }
        for word in ["by", "without"] {
            let length = word.utf8.count
            guard index + length <= bytes.count else { continue }
            let candidate = String(decoding: bytes[index..<(index + length)], as: UTF8.self).lowercased()
            guard candidate == word else { continue }
            index = skipUnicodeSpaces(from: index + length)
            return byte(at: index) == UInt8(ascii: "(")
        }
        return false
    }

    func skipUnicodeSpaces(from index: Int) -> Int {
        var index = index
        while true {
            let (value, width) = rune(at: index)
            guard width > 0, isUnicodeSpace(value) else { return index }
            index += width
        }
    }

    // MARK: Strings

    /// A Go interpreted string: escapes are validated here and decoded with
    /// Go's `strconv.Unquote`.
    mutating func lexQuotedString() -> LogQLToken {
        let start = pos
        pos += 1
        while true {
            guard let byte = byte(at: pos) else { return error("literal not terminated", start) }
            if byte == 0x0A { return error("literal not terminated", start) }
            if byte == UInt8(ascii: "\"") { pos += 1; break }
            if byte == UInt8(ascii: "\\") {
                if let message = scanEscape() { return error(message, start) }
                continue
            }
            pos += 1
        }
        return decodedString(start: start)
    }

    /// One escape after a backslash (Go's `scanEscape`); a message if invalid.
    mutating func scanEscape() -> String? {
        pos += 1
        guard let escape = byte(at: pos) else { return "literal not terminated" }
        func digits(_ count: Int, base: Int) -> String? {
            for _ in 0..<count {
                guard let digit = byte(at: pos), hexValue(digit) < base else { return "invalid char escape" }
                pos += 1
            }
            return nil
        }
        switch escape {
        case UInt8(ascii: "a"), UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"),
             UInt8(ascii: "t"), UInt8(ascii: "v"), UInt8(ascii: "\\"), UInt8(ascii: "\""):
            pos += 1
            return nil
        case UInt8(ascii: "0")...UInt8(ascii: "7"): return digits(3, base: 8)
        case UInt8(ascii: "x"): pos += 1; return digits(2, base: 16)
        case UInt8(ascii: "u"): pos += 1; return digits(4, base: 16)
        case UInt8(ascii: "U"): pos += 1; return digits(8, base: 16)
        default: return "invalid char escape"
        }
    }

    mutating func lexRawString() -> LogQLToken {
        let start = pos
        pos += 1
        while true {
            guard let byte = byte(at: pos) else { return error("literal not terminated", start) }
            pos += 1
            if byte == UInt8(ascii: "`") { break }
        }
        return decodedString(start: start)
    }

    /// Loki rejects strings that are not valid UTF-8, then unquotes them.
    func decodedString(start: Int) -> LogQLToken {
        let raw = bytes[start..<pos]
        guard String(validating: raw, as: UTF8.self) != nil else {
            return error("invalid UTF-8 rune", start)
        }
        let text = String(decoding: raw, as: UTF8.self)
        do {
            let value = try GoStrconv.unquote(text)
            return LogQLToken(kind: .string, start: start, end: pos, text: value)
        } catch {
            return self.error(error.description, start)
        }
    }

    // MARK: Ranges, flags

    /// `[...]`: everything up to `]`, read with Prometheus's `ParseDuration`.
    mutating func lexRange() -> LogQLToken {
        let start = pos
        pos += 1
        let bodyStart = pos
        while let byte = byte(at: pos), byte != UInt8(ascii: "]") { pos += 1 }
        guard pos < bytes.count else { return error("missing closing ']' in duration", start) }
        let body = String(decoding: bytes[bodyStart..<pos], as: UTF8.self)
        pos += 1
        do {
            let millis = try PromDuration.parse(body)
            return LogQLToken(kind: .range, start: start, end: pos, text: body, nanos: millis &* 1_000_000)
        } catch {
            return self.error(error.message, start)
        }
    }

    /// `--strict` or `--keep-empty`; nil (and nothing consumed) otherwise.
    mutating func scanFlag() -> LogQLToken? {
        var index = pos + 1
        while true {
            let (value, width) = rune(at: index)
            guard width > 0, isLetter(value) || value == ascii("-") else { break }
            index += width
        }
        let text = String(decoding: bytes[pos..<index], as: UTF8.self)
        guard text == "--strict" || text == "--keep-empty" else { return nil }
        let token = LogQLToken(kind: .flag, start: pos, end: index, text: text)
        pos = index
        return token
    }

    // MARK: Numbers

    /// A Go number literal, then Loki's attempts to read it as a duration or
    /// a byte size when units follow without a space.
    mutating func lexNumber() -> LogQLToken {
        let start = pos
        if let message = scanGoNumber() { return error(message, start) }
        let text = String(decoding: bytes[start..<pos], as: UTF8.self)
        if let duration = scanDurationSuffix(number: text, start: start) { return duration }
        if let size = scanBytesSuffix(number: text, start: start) { return size }
        return LogQLToken(kind: .number, start: start, end: pos, text: text)
    }

    /// Go's `text/scanner` number rules; returns its error message, if any.
    mutating func scanGoNumber() -> String? {
        let start = pos
        var base = 10
        var prefix: UInt8 = 0
        var sawDigits = false
        var invalidDigit: UInt8? = nil
        var isFloat = false
        if bytes[pos] == UInt8(ascii: "0") {
            pos += 1
            switch byte(at: pos).map(lowerASCII) {
            case UInt8(ascii: "x"): pos += 1; (base, prefix) = (16, UInt8(ascii: "x"))
            case UInt8(ascii: "o"): pos += 1; (base, prefix) = (8, UInt8(ascii: "o"))
            case UInt8(ascii: "b") where !(byte(at: pos + 1).map { isUnicodeSpace(Int32($0)) } ?? false):
                pos += 1; (base, prefix) = (2, UInt8(ascii: "b"))
            default:
                (base, prefix) = (8, UInt8(ascii: "0"))
                sawDigits = true
            }
        }
        func digits() {
            while let digit = byte(at: pos) {
                if digit == UInt8(ascii: "_") { pos += 1; continue }
                if base <= 10 {
                    guard isASCIIDigit(digit) else { return }
                    if Int(digit - 0x30) >= base, invalidDigit == nil { invalidDigit = digit }
                } else {
                    guard hexValue(digit) < 16 else { return }
                }
                sawDigits = true
                pos += 1
            }
        }
        if bytes[start] != UInt8(ascii: ".") || pos != start { digits() }
        if byte(at: pos) == UInt8(ascii: ".") {
            pos += 1
            isFloat = true
            if prefix == UInt8(ascii: "o") || prefix == UInt8(ascii: "b") { return "invalid radix point in \(literalName(prefix))" }
            digits()
        }
        if !sawDigits { return "\(literalName(prefix)) has no digits" }
        if let exponent = byte(at: pos).map(lowerASCII), exponent == UInt8(ascii: "e") || exponent == UInt8(ascii: "p") {
            if exponent == UInt8(ascii: "e") && prefix != 0 && prefix != UInt8(ascii: "0") {
                return "'\(Character(Unicode.Scalar(bytes[pos])))' exponent requires decimal mantissa"
            }
            if exponent == UInt8(ascii: "p") && prefix != UInt8(ascii: "x") {
                return "'\(Character(Unicode.Scalar(bytes[pos])))' exponent requires hexadecimal mantissa"
            }
            pos += 1
            isFloat = true
            if byte(at: pos) == UInt8(ascii: "+") || byte(at: pos) == UInt8(ascii: "-") { pos += 1 }
            let exponentStart = pos
            while let digit = byte(at: pos), isASCIIDigit(digit) || digit == UInt8(ascii: "_") { pos += 1 }
            if !bytes[exponentStart..<pos].contains(where: isASCIIDigit) { return "exponent has no digits" }
        } else if prefix == UInt8(ascii: "x") && isFloat {
            return "hexadecimal mantissa requires a 'p' exponent"
        }
        if !isFloat, let invalidDigit {
            return "invalid digit '\(Character(Unicode.Scalar(invalidDigit)))' in \(literalName(prefix))"
        }
        if bytes[start..<pos].contains(UInt8(ascii: "_")), !separatorsValid(Array(bytes[start..<pos])) {
            return "'_' must separate successive digits"
        }
        return nil
    }

    func literalName(_ prefix: UInt8) -> String {
        switch prefix {
        case UInt8(ascii: "x"): return "hexadecimal literal"
        case UInt8(ascii: "o"), UInt8(ascii: "0"): return "octal literal"
        case UInt8(ascii: "b"): return "binary literal"
        default: return "decimal literal"
        }
    }

    /// Go's `invalidSep`: every `_` sits between two digits (a base prefix counts as one).
    func separatorsValid(_ text: [UInt8]) -> Bool {
        var hex = false
        var previous: UInt8 = UInt8(ascii: ".")
        var index = 0
        if text.count >= 2, text[0] == UInt8(ascii: "0") {
            let marker = lowerASCII(text[1])
            if marker == UInt8(ascii: "x") || marker == UInt8(ascii: "o") || marker == UInt8(ascii: "b") {
                hex = marker == UInt8(ascii: "x")
                previous = UInt8(ascii: "0")
                index = 2
            }
        }
        while index < text.count {
            let character = text[index]
            if character == UInt8(ascii: "_") {
                if previous != UInt8(ascii: "0") { return false }
                previous = UInt8(ascii: "_")
            } else if isASCIIDigit(character) || (hex && hexValue(character) < 16) {
                previous = UInt8(ascii: "0")
            } else {
                if previous == UInt8(ascii: "_") { return false }
                previous = UInt8(ascii: ".")
            }
            index += 1
        }
        return previous != UInt8(ascii: "_")
    }

    /// Loki's `tryScanDuration`: the number and the following run of
    /// digits, `.` and duration unit letters (up to a space), read with
    /// Prometheus's `ParseDuration` or else Go's `time.ParseDuration`.
    mutating func scanDurationSuffix(number: String, start: Int) -> LogQLToken? {
        let end = suffixEnd { $0 == ascii(".") || isUnicodeNumber($0) || "nuµmshdwy".unicodeScalars.contains(GoRune.scalar($0)) }
        guard end > pos else { return nil }
        let text = number + String(decoding: bytes[pos..<end], as: UTF8.self)
        guard let nanos = Self.lokiDuration(text) else { return nil }
        pos = end
        return LogQLToken(kind: .duration, start: start, end: pos, text: text, nanos: nanos)
    }

    /// Loki's `tryScanBytes`: the number and a following run of byte units.
    mutating func scanBytesSuffix(number: String, start: Int) -> LogQLToken? {
        let end = suffixEnd { $0 == ascii(".") || isUnicodeNumber($0) || "BikKMGTP".unicodeScalars.contains(GoRune.scalar($0)) }
        guard end > pos else { return nil }
        let text = number + String(decoding: bytes[pos..<end], as: UTF8.self)
        guard let size = try? HumanizeBytes.parse(text) else { return nil }
        pos = end
        return LogQLToken(kind: .bytes, start: start, end: pos, text: text, bytes: size)
    }

    func suffixEnd(_ accepted: (Int32) -> Bool) -> Int {
        var index = pos
        while true {
            let (value, width) = rune(at: index)
            guard width > 0, !isUnicodeSpace(value), accepted(value) else { return index }
            index += width
        }
    }

    static func lokiDuration(_ text: String) -> Int64? { LogQLDuration.parse(text) }
}

/// Loki's `parseDuration`, for durations in queries and query parameters:
/// Prometheus units first (`1d`, `1w`, `1y`), then Go's (`1.5h`, `300us`).
public enum LogQLDuration {
    /// Nanoseconds, or nil when neither form parses.
    public static func parse(_ text: String) -> Int64? {
        if let millis = try? PromDuration.parse(text) { return millis &* 1_000_000 }
        return try? GoTimeDuration.parse(text)
    }
}

// MARK: Character classes

@inline(__always) func isASCIIDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

@inline(__always) func lowerASCII(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte }

@inline(__always) func hexValue(_ byte: UInt8) -> Int {
    switch byte {
    case 0x30...0x39: return Int(byte - 0x30)
    case 0x61...0x66: return Int(byte - 0x61 + 10)
    case 0x41...0x46: return Int(byte - 0x41 + 10)
    default: return 16
    }
}

/// Go's `unicode.IsLetter`.
func isLetter(_ rune: Int32) -> Bool {
    if rune < 0x80 { return (rune >= 0x61 && rune <= 0x7A) || (rune >= 0x41 && rune <= 0x5A) }
    guard rune >= 0, let scalar = Unicode.Scalar(UInt32(rune)), rune != GoRune.replacement else { return false }
    switch scalar.properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
    default: return false
    }
}

/// Go's `unicode.IsDigit`.
func isUnicodeDigit(_ rune: Int32) -> Bool {
    if rune < 0x80 { return rune >= 0x30 && rune <= 0x39 }
    guard rune >= 0, let scalar = Unicode.Scalar(UInt32(rune)) else { return false }
    return scalar.properties.generalCategory == .decimalNumber
}

/// Go's `unicode.IsNumber`.
func isUnicodeNumber(_ rune: Int32) -> Bool {
    if rune < 0x80 { return rune >= 0x30 && rune <= 0x39 }
    guard rune >= 0, let scalar = Unicode.Scalar(UInt32(rune)) else { return false }
    switch scalar.properties.generalCategory {
    case .decimalNumber, .letterNumber, .otherNumber: return true
    default: return false
    }
}

/// Go's `unicode.IsSpace`.
func isUnicodeSpace(_ rune: Int32) -> Bool {
    switch rune {
    case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0: return true
    case ..<0x100: return false
    default:
        guard let scalar = Unicode.Scalar(UInt32(rune)) else { return false }
        return scalar.properties.isWhitespace
    }
}
