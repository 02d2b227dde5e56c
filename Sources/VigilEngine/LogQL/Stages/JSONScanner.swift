/// A byte-level JSON object walker with the behaviour of the
/// `jsonparser` library Loki uses (`ObjectEach`, `Get`): members are
/// visited in order, values are delimited without being decoded (a string
/// keeps its escapes, a number is any run up to a delimiter), nested
/// objects and arrays are skipped by bracket counting, and the same inputs
/// are malformed, with the same error texts.
enum JSONScanner {
    enum ValueType { case string, number, object, array, boolean, null }

    /// A malformed document; `message` is jsonparser's error text.
    struct Failure: Error {
        let message: String
        static let malformedObject = Failure(message: "Value looks like object, but can't find closing '}' symbol")
        static let malformedJSON = Failure(message: "Malformed JSON error")
        static let malformedArray = Failure(message: "Value is array, but can't find closing ']' symbol")
        static let malformedString = Failure(message: "Value is string, but can't find closing '\"' symbol")
        static let malformedValue = Failure(message: "Value looks like Number/Boolean/None, but can't find its end: ',' or '}' symbol")
        static let unknownValueType = Failure(message: "Unknown value type")
        static let malformedEscape = Failure(message: "Encountered an invalid escape sequence in a string")
    }

    /// What the visitor wants next.
    enum Action { case proceed, stop }

    /// A member: key bytes (unescaped when the key had escapes) and the value's range in the document.
    struct Member {
        var key: UnsafeRawBufferPointer
        var type: ValueType
        /// For strings: the contents between the quotes (still escaped).
        var valueStart: Int
        var valueEnd: Int
    }

    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }

    /// The first non-space offset at or after `index`, or nil.
    @inline(__always)
    static func nextToken(_ data: UnsafeRawBufferPointer, _ index: Int, _ end: Int) -> Int? {
        var index = index
        while index < end {
            if !isSpace(data[index]) { return index }
            index += 1
        }
        return nil
    }

    /// jsonparser's `stringEnd`: the offset just past the closing quote of a
    /// string whose contents start at `index`, and whether it has escapes.
    @inline(__always)
    static func stringEnd(_ data: UnsafeRawBufferPointer, _ index: Int, _ end: Int) -> (Int, Bool)? {
        var escaped = false
        var position = index
        while position < end {
            let byte = data[position]
            if byte == UInt8(ascii: "\"") {
                if !escaped { return (position + 1, false) }
                // An even run of backslashes before the quote leaves it unescaped.
                var backslashes = 0
                var back = position - 1
                while back >= index, data[back] == UInt8(ascii: "\\") { backslashes += 1; back -= 1 }
                if backslashes % 2 == 0 { return (position + 1, true) }
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            }
            position += 1
        }
        return nil
    }

    /// jsonparser's `blockEnd`: the offset just past the bracket closing the
    /// block that opens at `index`.
    static func blockEnd(_ data: UnsafeRawBufferPointer, _ index: Int, _ end: Int, open: UInt8, close: UInt8) -> Int? {
        var level = 0
        var position = index
        while position < end {
            let byte = data[position]
            if byte == UInt8(ascii: "\"") {
                guard let (after, _) = stringEnd(data, position + 1, end) else { return nil }
                position = after
                continue
            }
            if byte == open {
                level += 1
            } else if byte == close {
                level -= 1
                if level == 0 { return position + 1 }
            }
            position += 1
        }
        return nil
    }

    /// jsonparser's `tokenEnd`: the first delimiter of a bare value.
    @inline(__always)
    static func tokenEnd(_ data: UnsafeRawBufferPointer, _ index: Int, _ end: Int) -> Int {
        var position = index
        while position < end {
            switch data[position] {
            case 0x20, 0x0A, 0x0D, 0x09, UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"): return position
            default: position += 1
            }
        }
        return end
    }

    /// jsonparser's `getType` at `index`: the value's type and range (for a
    /// string, its contents) and the offset after it.
    static func value(_ data: UnsafeRawBufferPointer, _ index: Int, _ end: Int) throws(Failure)
        -> (type: ValueType, start: Int, end: Int, next: Int)
    {
        switch data[index] {
        case UInt8(ascii: "\""):
            guard let (after, _) = stringEnd(data, index + 1, end) else { throw .malformedString }
            return (.string, index + 1, after - 1, after)
        case UInt8(ascii: "["):
            guard let after = blockEnd(data, index, end, open: UInt8(ascii: "["), close: UInt8(ascii: "]")) else {
                throw .malformedArray
            }
            return (.array, index, after, after)
        case UInt8(ascii: "{"):
            guard let after = blockEnd(data, index, end, open: UInt8(ascii: "{"), close: UInt8(ascii: "}")) else {
                throw .malformedObject
            }
            return (.object, index, after, after)
        default:
            let after = tokenEnd(data, index, end)
            let length = after - index
            func equals(_ literal: StaticString) -> Bool {
                guard length == literal.utf8CodeUnitCount else { return false }
                return literal.withUTF8Buffer { text in
                    (0..<length).allSatisfy { data[index + $0] == text[$0] }
                }
            }
            switch data[index] {
            case UInt8(ascii: "t"), UInt8(ascii: "f"):
                guard equals("true") || equals("false") else { throw .unknownValueType }
                return (.boolean, index, after, after)
            case UInt8(ascii: "u"), UInt8(ascii: "n"):
                guard equals("null") else { throw .unknownValueType }
                return (.null, index, after, after)
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
                return (.number, index, after, after)
            default:
                throw .unknownValueType
            }
        }
    }

    /// jsonparser's `ObjectEach` over `data[start..<end]`: calls `visit` for
    /// each member until it returns `.stop`. Throws at the first malformed
    /// byte, after visiting the members before it.
    static func eachMember(_ data: UnsafeRawBufferPointer, _ start: Int, _ end: Int,
                           _ visit: (Member) throws(Failure) -> Action) throws(Failure)
    {
        guard var offset = nextToken(data, start, end), data[offset] == UInt8(ascii: "{") else { throw .malformedObject }
        offset += 1
        guard let first = nextToken(data, offset, end) else { throw .malformedJSON }
        offset = first
        if data[offset] == UInt8(ascii: "}") { return }
        while offset < end {
            switch data[offset] {
            case UInt8(ascii: "\""): offset += 1
            case UInt8(ascii: "}"): return
            default: throw .malformedObject
            }
            guard let (keyEnd, escaped) = stringEnd(data, offset, end) else { throw .malformedJSON }
            let rawKey = UnsafeRawBufferPointer(rebasing: data[offset..<(keyEnd - 1)])
            offset = keyEnd
            // Escaped keys are rare: they get their own buffer.
            var unescapedKey: [UInt8] = []
            if escaped {
                guard unescape(rawKey, into: &unescapedKey) else { throw .malformedEscape }
            }
            guard let colon = nextToken(data, offset, end), data[colon] == UInt8(ascii: ":") else { throw .malformedJSON }
            guard let valueStart = nextToken(data, colon + 1, end) else { throw .malformedJSON }
            let found = try value(data, valueStart, end)
            let action: Action
            if escaped {
                var outcome: Result<Action, Failure> = .success(.proceed)
                unescapedKey.withUnsafeBytes { key in
                    outcome = Result { () throws(Failure) -> Action in
                        try visit(Member(key: key, type: found.type, valueStart: found.start, valueEnd: found.end))
                    }
                }
                action = try outcome.get()
            } else {
                action = try visit(Member(key: rawKey, type: found.type, valueStart: found.start, valueEnd: found.end))
            }
            if action == .stop { return }
            offset = found.next
            guard let separator = nextToken(data, offset, end) else { throw .malformedArray }
            offset = separator
            switch data[offset] {
            case UInt8(ascii: "}"): return
            case UInt8(ascii: ","): offset += 1
            default: throw .malformedObject
            }
            guard let next = nextToken(data, offset, end) else { throw .malformedArray }
            offset = next
        }
        throw .malformedObject
    }

    /// jsonparser's `Unescape`: JSON escapes, `\u` with surrogate pairs;
    /// false on an invalid escape.
    static func unescape(_ input: UnsafeRawBufferPointer, into out: inout [UInt8]) -> Bool {
        var index = 0
        let count = input.count
        while index < count {
            let byte = input[index]
            if byte != UInt8(ascii: "\\") {
                out.append(byte)
                index += 1
                continue
            }
            guard index + 1 < count else { return false }
            let escape = input[index + 1]
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                guard let high = hex4(input, index + 2) else { return false }
                var scalar = high
                var width = 6
                if high >= 0xD800 && high <= 0xDFFF {
                    guard index + 7 < count, input[index + 6] == UInt8(ascii: "\\"), input[index + 7] == UInt8(ascii: "u"),
                          let low = hex4(input, index + 8), low >= 0xDC00 else { return false }
                    scalar = ((high - 0xD800) << 10) + (low - 0xDC00) + 0x10000
                    width = 12
                }
                appendUTF8(scalar, to: &out)
                index += width
                continue
            default:
                return false
            }
            index += 2
        }
        return true
    }

    static func hex4(_ input: UnsafeRawBufferPointer, _ index: Int) -> UInt32? {
        guard index + 4 <= input.count else { return nil }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = input[index + offset]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            default: return nil
            }
            value = value << 4 | digit
        }
        return value
    }

    /// Go's `utf8.EncodeRune` (invalid code points become U+FFFD).
    static func appendUTF8(_ value: UInt32, to out: inout [UInt8]) {
        var scalar = value
        if scalar > 0x10FFFF || (scalar >= 0xD800 && scalar <= 0xDFFF) { scalar = 0xFFFD }
        switch scalar {
        case ..<0x80:
            out.append(UInt8(scalar))
        case ..<0x800:
            out.append(UInt8(0xC0 | (scalar >> 6)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        case ..<0x10000:
            out.append(UInt8(0xE0 | (scalar >> 12)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (scalar >> 18)))
            out.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }

    /// Loki's `unescapeJSONString` for a string member: unescaped, every
    /// invalid UTF-8 byte and U+FFFD turned into a space; empty when the
    /// escapes are invalid.
    static func appendStringValue(_ raw: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        let start = out.count
        if raw.contains(UInt8(ascii: "\\")) {
            if !unescape(raw, into: &out) {
                out.removeSubrange(start...)
                return
            }
        } else {
            out.append(contentsOf: raw)
        }
        replaceInvalidUTF8(&out, from: start)
    }

    /// Go's `strings.Map` with `RuneError → ' '` over `out[start...]`.
    static func replaceInvalidUTF8(_ out: inout [UInt8], from start: Int) {
        var index = start
        var clean = true
        while index < out.count {
            if out[index] < 0x80 { index += 1; continue }
            clean = false
            break
        }
        if clean { return }
        var result: [UInt8] = []
        result.reserveCapacity(out.count - start)
        out.withUnsafeBytes { buffer in
            let bytes = UnsafeRawBufferPointer(rebasing: buffer[start...])
            var position = 0
            while position < bytes.count {
                let byte = bytes[position]
                if byte < 0x80 { result.append(byte); position += 1; continue }
                let width = LabelKeySanitizer.utf8Width(bytes, at: position, end: bytes.count)
                if width == 1 {
                    result.append(0x20)
                } else if width == 3, bytes[position] == 0xEF, bytes[position + 1] == 0xBF, bytes[position + 2] == 0xBD {
                    result.append(0x20)
                } else {
                    result.append(contentsOf: bytes[position..<(position + width)])
                }
                position += width
            }
        }
        out.removeSubrange(start...)
        out.append(contentsOf: result)
    }
}
