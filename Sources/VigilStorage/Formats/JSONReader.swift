import VigilCore

/// A small JSON value, for the short parts of a recording (a label object,
/// one entry); large arrays are walked with `JSONReader` instead.
enum JSONValue: Equatable {
    case object([(key: String, value: JSONValue)])
    case array([JSONValue])
    /// Decoded UTF-8 bytes (escapes resolved, other bytes kept as they are).
    case string([UInt8])
    /// The literal as written, validated against JSON's number grammar.
    case number(String)
    case bool(Bool)
    case null

    /// The last member named `key` (Go's decoder lets the last one win).
    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last { $0.key == key }?.value
    }

    var stringValue: String? {
        if case .string(let bytes) = self { return String(decoding: bytes, as: UTF8.self) }
        return nil
    }

    /// Text for a label taken from a field: strings as they are, numbers
    /// and booleans as written; nil for null, objects and arrays.
    var scalarText: String? {
        switch self {
        case .string(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .number(let text): return text
        case .bool(let value): return value ? "true" : "false"
        default: return nil
        }
    }

    static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.object(let a), .object(let b)): return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case (.array(let a), .array(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.null, .null): return true
        default: return false
        }
    }
}

/// An object key, compared as bytes so the hot paths make no String.
struct JSONKey {
    let raw: UnsafeRawBufferPointer
    let decoded: [UInt8]?

    var text: String { decoded.map { String(decoding: $0, as: UTF8.self) } ?? String(decoding: raw, as: UTF8.self) }

    func equals(_ name: [UInt8]) -> Bool {
        if let decoded { return decoded == name }
        return raw.count == name.count && raw.elementsEqual(name)
    }

    static func == (key: JSONKey, name: String) -> Bool { key.equals(Array(name.utf8)) }
}

/// Line numbers for a run of increasing offsets, counting each newline
/// once (errors in a large document must not rescan it from the start).
struct LineCounter {
    private var counted = 0
    private var line = 1

    mutating func line(at position: Int, in bytes: UnsafeRawBufferPointer) -> Int {
        if position < counted { counted = 0; line = 1 }
        let end = min(position, bytes.count)
        var index = counted
        while index < end, let found = ByteScan.firstIndex(of: 0x0A, in: bytes, from: index), found < end {
            line += 1
            index = found + 1
        }
        counted = end
        return line
    }
}

struct JSONError: Error {
    let offset: Int
    let message: String
}

/// A pull parser over UTF-8 JSON bytes. Objects and arrays can be walked
/// member by member (`readObject`, `readArray`) so a 100 MB document is
/// never held as a tree; `readValue` builds a `JSONValue` for small parts.
struct JSONReader {
    let bytes: UnsafeRawBufferPointer
    private(set) var offset = 0
    private var depth = 0
    static let maximumDepth = 512

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// 1-based line of a byte offset, computed only when an error needs it.
    func line(at position: Int) -> Int {
        var line = 1
        for index in 0..<min(position, bytes.count) where bytes[index] == 0x0A { line += 1 }
        return line
    }

    mutating func skipWhitespace() {
        while offset < bytes.count {
            let byte = bytes[offset]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            offset += 1
        }
    }

    var atEnd: Bool { offset >= bytes.count }

    mutating func peek() -> UInt8? {
        skipWhitespace()
        return offset < bytes.count ? bytes[offset] : nil
    }

    private func fail(_ message: String, at position: Int? = nil) -> JSONError {
        JSONError(offset: position ?? offset, message: message)
    }

    private mutating func expect(_ byte: UInt8) throws(JSONError) {
        guard peek() == byte else {
            throw fail("expected '\(Character(UnicodeScalar(byte)))' \(found())")
        }
        offset += 1
    }

    private func found() -> String {
        guard offset < bytes.count else { return "at end of input" }
        let byte = bytes[offset]
        if byte >= 0x20 && byte < 0x7F { return "but found '\(Character(UnicodeScalar(byte)))'" }
        return "but found byte 0x" + String(byte, radix: 16)
    }

    /// Calls `body` with each key; `body` must read or skip the value.
    mutating func readObject(_ body: (inout JSONReader, JSONKey) throws(JSONError) -> Void) throws(JSONError) {
        try expect(0x7B)
        try enter()
        defer { depth -= 1 }
        if peek() == 0x7D { offset += 1; return }
        while true {
            guard peek() == 0x22 else { throw fail("expected a string key \(found())") }
            let key = try readKey()
            try expect(0x3A)
            try body(&self, key)
            switch peek() {
            case 0x2C: offset += 1
            case 0x7D: offset += 1; return
            default: throw fail("expected ',' or '}' in object \(found())")
            }
        }
    }

    /// Calls `body` with each element's index; `body` must read or skip it.
    mutating func readArray(_ body: (inout JSONReader, Int) throws(JSONError) -> Void) throws(JSONError) {
        try expect(0x5B)
        try enter()
        defer { depth -= 1 }
        if peek() == 0x5D { offset += 1; return }
        var index = 0
        while true {
            try body(&self, index)
            index += 1
            switch peek() {
            case 0x2C: offset += 1
            case 0x5D: offset += 1; return
            default: throw fail("expected ',' or ']' in array \(found())")
            }
        }
    }

    private mutating func enter() throws(JSONError) {
        depth += 1
        if depth > Self.maximumDepth { throw fail("nesting deeper than \(Self.maximumDepth) levels") }
    }

    mutating func readValue() throws(JSONError) -> JSONValue {
        guard let byte = peek() else { throw fail("expected a value at end of input") }
        switch byte {
        case 0x7B:
            var members: [(key: String, value: JSONValue)] = []
            try readObject { (reader, key) throws(JSONError) in members.append((key.text, try reader.readValue())) }
            return .object(members)
        case 0x5B:
            var elements: [JSONValue] = []
            try readArray { (reader, _) throws(JSONError) in elements.append(try reader.readValue()) }
            return .array(elements)
        case 0x22:
            return .string(try readString())
        case 0x74: try literal("true"); return .bool(true)
        case 0x66: try literal("false"); return .bool(false)
        case 0x6E: try literal("null"); return .null
        default:
            return .number(try readNumber())
        }
    }

    /// Skips a value without building it.
    mutating func skipValue() throws(JSONError) {
        guard let byte = peek() else { throw fail("expected a value at end of input") }
        switch byte {
        case 0x7B: try readObject { (reader, _) throws(JSONError) in try reader.skipValue() }
        case 0x5B: try readArray { (reader, _) throws(JSONError) in try reader.skipValue() }
        case 0x22: _ = try skipString()
        case 0x74: try literal("true")
        case 0x66: try literal("false")
        case 0x6E: try literal("null")
        default: _ = try scanNumber()
        }
    }

    /// Skips a string; returns the range of its raw contents and whether
    /// it holds escapes.
    mutating func skipString() throws(JSONError) -> (range: Range<Int>, escaped: Bool) {
        try expect(0x22)
        let start = offset
        var escaped = false
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == 0x22 {
                offset += 1
                return (start..<(offset - 1), escaped)
            }
            if byte == 0x5C { escaped = true; offset += 2; continue }
            if byte < 0x20 { throw fail("control character in string") }
            offset += 1
        }
        throw fail("unterminated string", at: start - 1)
    }

    /// An object key: its raw bytes in the input, or decoded when escaped.
    mutating func readKey() throws(JSONError) -> JSONKey {
        let save = offset
        let (range, escaped) = try skipString()
        if !escaped { return JSONKey(raw: UnsafeRawBufferPointer(rebasing: bytes[range]), decoded: nil) }
        offset = save
        return JSONKey(raw: UnsafeRawBufferPointer(start: nil, count: 0), decoded: try readString())
    }


    private mutating func literal(_ word: StaticString) throws(JSONError) {
        let count = word.utf8CodeUnitCount
        guard offset + count <= bytes.count else { throw fail("expected a value \(found())") }
        for index in 0..<count where bytes[offset + index] != word.utf8Start[index] { throw fail("expected a value \(found())") }
        offset += count
    }

    /// A JSON number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
    mutating func readNumber() throws(JSONError) -> String {
        let range = try scanNumber()
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// Validates a number and returns where it is in the input.
    mutating func scanNumber() throws(JSONError) -> Range<Int> {
        skipWhitespace()
        let start = offset
        func digits() -> Int {
            let first = offset
            while offset < bytes.count, bytes[offset] >= 0x30, bytes[offset] <= 0x39 { offset += 1 }
            return offset - first
        }
        if offset < bytes.count, bytes[offset] == 0x2D { offset += 1 }
        let intStart = offset
        let intDigits = digits()
        guard intDigits > 0 else { offset = start; throw fail("expected a value \(found())") }
        if intDigits > 1, bytes[intStart] == 0x30 { throw fail("invalid number: leading zero", at: start) }
        if offset < bytes.count, bytes[offset] == 0x2E {
            offset += 1
            guard digits() > 0 else { throw fail("invalid number: expected digits after '.'", at: start) }
        }
        if offset < bytes.count, bytes[offset] | 0x20 == 0x65 {
            offset += 1
            if offset < bytes.count, bytes[offset] == 0x2B || bytes[offset] == 0x2D { offset += 1 }
            guard digits() > 0 else { throw fail("invalid number: expected exponent digits", at: start) }
        }
        return start..<offset
    }

    /// A string's bytes with escapes resolved. Bytes that are not escapes
    /// are copied as they are; raw control characters are rejected, as
    /// JSON requires.
    mutating func readString() throws(JSONError) -> [UInt8] {
        var out: [UInt8] = []
        try readString(into: &out)
        return out
    }

    /// Appends a string's decoded bytes to `out`, copying the runs between
    /// escapes in bulk.
    mutating func readString(into out: inout [UInt8]) throws(JSONError) {
        try expect(0x22)
        let open = offset - 1
        var run = offset
        while true {
            while offset < bytes.count {
                let byte = bytes[offset]
                if byte == 0x22 || byte == 0x5C || byte < 0x20 { break }
                offset += 1
            }
            if offset > run { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[run..<offset])) }
            guard offset < bytes.count else { throw fail("unterminated string", at: open) }
            let byte = bytes[offset]
            if byte == 0x22 { offset += 1; return }
            if byte < 0x20 { throw fail("control character in string") }
            try readEscape(into: &out)
            run = offset
        }
    }

    /// Decodes the escape at `offset` (which holds the backslash).
    private mutating func readEscape(into out: inout [UInt8]) throws(JSONError) {
        offset += 1
        guard offset < bytes.count else { throw fail("unterminated string") }
        let escape = bytes[offset]
        offset += 1
        switch escape {
        case 0x22, 0x5C, 0x2F: out.append(escape)
        case 0x62: out.append(0x08)
        case 0x66: out.append(0x0C)
        case 0x6E: out.append(0x0A)
        case 0x72: out.append(0x0D)
        case 0x74: out.append(0x09)
        case 0x75:
            var scalar = try hex4()
            if scalar >= 0xD800, scalar < 0xDC00 {
                // A high surrogate pairs with a following \uDC00-\uDFFF.
                if offset + 6 <= bytes.count, bytes[offset] == 0x5C, bytes[offset + 1] == 0x75 {
                    let save = offset
                    offset += 2
                    let low = try hex4()
                    if low >= 0xDC00, low < 0xE000 {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        offset = save
                        scalar = 0xFFFD
                    }
                } else {
                    scalar = 0xFFFD
                }
            } else if scalar >= 0xDC00, scalar < 0xE000 {
                scalar = 0xFFFD  // a lone low surrogate, replaced as Go does
            }
            out.append(contentsOf: String(Character(UnicodeScalar(scalar) ?? "\u{FFFD}")).utf8)
        default:
            throw fail("invalid escape '\\\(Character(UnicodeScalar(escape)))' in string", at: offset - 2)
        }
    }

    private mutating func hex4() throws(JSONError) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw fail("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[offset]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw fail("invalid \\u escape")
            }
            value = value << 4 | digit
            offset += 1
        }
        return value
    }

    /// One complete JSON value held in `bytes`.
    static func value(from bytes: [UInt8]) throws(JSONError) -> JSONValue {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(JSONError) -> JSONValue in
                var reader = JSONReader(raw)
                let value = try reader.readValue()
                try reader.expectEnd()
                return value
            }
        }
        return try result.get()
    }

    /// Fails unless only whitespace is left.
    mutating func expectEnd() throws(JSONError) {
        if peek() != nil { throw fail("unexpected data after the JSON value") }
    }
}
