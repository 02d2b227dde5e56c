/// Loki's logfmt decoder (its copy of go-logfmt's, over bytes): keys run to
/// `=` or a space, values are bare or double-quoted with JSON escapes.
/// `scanKeyValue` returns false at a malformed pair, having skipped past it.
struct LogfmtDecoder {
    let line: UnsafeRawBufferPointer
    var position = 0
    var keyStart = 0
    var keyEnd = 0
    /// The value's bytes in the line, or in `unquoted` when it had escapes.
    var valueStart = 0
    var valueEnd = 0
    var valueIsUnquoted = false
    var unquoted: [UInt8] = []
    /// The first syntax error, Loki's wording.
    var error: String? = nil

    init(_ line: UnsafeRawBufferPointer) { self.line = line }

    var atEnd: Bool { position >= line.count }

    var hasKey: Bool { keyEnd > keyStart }

    var key: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: line[keyStart..<keyEnd]) }

    func withValue<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        if valueIsUnquoted { return unquoted.withUnsafeBytes(body) }
        return body(UnsafeRawBufferPointer(rebasing: line[valueStart..<valueEnd]))
    }

    var valueCount: Int { valueIsUnquoted ? unquoted.count : valueEnd - valueStart }

    mutating func syntaxError(_ message: String) {
        error = "logfmt syntax error at pos \(position + 1) : \(message)"
    }

    mutating func unexpected(_ byte: UInt8) {
        syntaxError("unexpected \(Self.goQuoteByte(byte))")
    }

    /// Go's `%q` of a byte.
    static func goQuoteByte(_ byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "\""): return "'\"'"
        case UInt8(ascii: "'"): return "'\\''"
        default: return "'" + String(Character(Unicode.Scalar(byte))) + "'"
        }
    }

    mutating func scanKeyValue() -> Bool {
        keyStart = 0; keyEnd = 0
        valueStart = 0; valueEnd = 0
        valueIsUnquoted = false
        // Skip garbage up to the next printable byte.
        while position < line.count, line[position] <= 0x20 { position += 1 }
        if position >= line.count { return false }

        let start = position
        var multibyte = false
        while position < line.count {
            let byte = line[position]
            if byte == UInt8(ascii: "=") {
                if position > start {
                    keyStart = start; keyEnd = position
                    if multibyte && containsRuneError(key) {
                        syntaxError("invalid key")
                        return skipValue()
                    }
                }
                if !hasKey {
                    unexpected(byte)
                    return skipValue()
                }
                return scanValue()
            }
            if byte == UInt8(ascii: "\"") {
                unexpected(byte)
                return skipValue()
            }
            if byte <= 0x20 {
                keyStart = start; keyEnd = position
                if multibyte && containsRuneError(key) {
                    syntaxError("invalid key")
                    return false
                }
                return true
            }
            if byte >= 0x80 { multibyte = true }
            position += 1
        }
        keyStart = start; keyEnd = position
        if multibyte && containsRuneError(key) {
            syntaxError("invalid key")
            return false
        }
        return true
    }

    private mutating func skipValue() -> Bool {
        while position < line.count, line[position] > 0x20 { position += 1 }
        return false
    }

    private mutating func scanValue() -> Bool {
        position += 1  // the `=`
        if position >= line.count { return true }
        let first = line[position]
        if first <= 0x20 { return true }
        if first == UInt8(ascii: "\"") { return scanQuotedValue() }
        let start = position
        while position < line.count {
            let byte = line[position]
            if byte == UInt8(ascii: "=") || byte == UInt8(ascii: "\"") {
                unexpected(byte)
                return skipValue()
            }
            if byte <= 0x20 { break }
            position += 1
        }
        valueStart = start
        valueEnd = position
        return true
    }

    private mutating func scanQuotedValue() -> Bool {
        let start = position
        var hasEscape = false
        var escaped = false
        var index = position + 1
        while index < line.count {
            let byte = line[index]
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                hasEscape = true
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                position = index + 1
                if hasEscape {
                    unquoted.removeAll(keepingCapacity: true)
                    guard Self.unquote(UnsafeRawBufferPointer(rebasing: line[(start + 1)..<index]), into: &unquoted) else {
                        syntaxError("invalid quoted value")
                        return false
                    }
                    valueIsUnquoted = true
                } else {
                    valueStart = start + 1
                    valueEnd = index
                }
                return true
            }
            index += 1
        }
        position = line.count
        syntaxError("unterminated quoted value")
        return false
    }

    /// go-logfmt's `unquoteBytes` (Go's JSON string rules, invalid UTF-8 coerced to U+FFFD).
    static func unquote(_ body: UnsafeRawBufferPointer, into out: inout [UInt8]) -> Bool {
        var index = 0
        while index < body.count {
            let byte = body[index]
            if byte == UInt8(ascii: "\\") {
                index += 1
                guard index < body.count else { return false }
                switch body[index] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "'"): out.append(body[index])
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    guard let first = JSONScanner.hex4(body, index + 1) else { return false }
                    index += 5
                    var scalar = first
                    if first >= 0xD800 && first < 0xE000 {
                        if index + 1 < body.count, body[index] == UInt8(ascii: "\\"), body[index + 1] == UInt8(ascii: "u"),
                           let second = JSONScanner.hex4(body, index + 2), first < 0xDC00, second >= 0xDC00, second < 0xE000 {
                            scalar = ((first - 0xD800) << 10 | (second - 0xDC00)) + 0x10000
                            index += 6
                        } else {
                            scalar = 0xFFFD
                        }
                    }
                    JSONScanner.appendUTF8(scalar, to: &out)
                    continue
                default:
                    return false
                }
                index += 1
            } else if byte == UInt8(ascii: "\"") {
                return false
            } else if byte < 0x80 {
                out.append(byte)
                index += 1
            } else {
                let width = LabelKeySanitizer.utf8Width(body, at: index, end: body.count)
                if width == 1 {
                    out.append(contentsOf: [0xEF, 0xBF, 0xBD])
                } else {
                    out.append(contentsOf: body[index..<(index + width)])
                }
                index += width
            }
        }
        return true
    }

    func containsRuneError(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        while index < bytes.count {
            if bytes[index] < 0x80 { index += 1; continue }
            let width = LabelKeySanitizer.utf8Width(bytes, at: index, end: bytes.count)
            if width == 1 { return true }
            if width == 3, bytes[index] == 0xEF, bytes[index + 1] == 0xBF, bytes[index + 2] == 0xBD { return true }
            index += width
        }
        return false
    }
}
