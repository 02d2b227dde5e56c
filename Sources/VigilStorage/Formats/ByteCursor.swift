import VigilCore

/// A position in one line of bytes, with the small scanning steps the text
/// readers share. Offsets are 0-based; columns in errors are 1-based bytes.
struct ByteCursor {
    let bytes: UnsafeRawBufferPointer
    var position = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var atEnd: Bool { position >= bytes.count }
    var peek: UInt8? { position < bytes.count ? bytes[position] : nil }
    func peek(at offset: Int) -> UInt8? { position + offset < bytes.count ? bytes[position + offset] : nil }
    var column: Int { position + 1 }

    mutating func skip(while predicate: (UInt8) -> Bool) {
        while position < bytes.count, predicate(bytes[position]) { position += 1 }
    }

    mutating func take(while predicate: (UInt8) -> Bool) -> Range<Int> {
        let start = position
        skip(while: predicate)
        return start..<position
    }

    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    var rest: String { string(position..<bytes.count) }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    /// Go's PromQL `isAlpha`: a letter or underscore.
    static func isAlpha(_ byte: UInt8) -> Bool {
        byte == 0x5F || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A)
    }
    static func isAlphaNumeric(_ byte: UInt8) -> Bool { isAlpha(byte) || isDigit(byte) }
}

/// A syntax error at a byte column of a line.
struct ColumnError: Error {
    let column: Int
    let message: String
}

/// Parses label sets as Prometheus writes them: `name{a="x", b="y"}`,
/// `{__name__="name"}`, and Prometheus 3's quoted UTF-8 names
/// (`{"my.metric", "a.b"="x"}`).
struct LabelSetScanner {
    /// Quote characters accepted for strings: the PromQL lexer takes `"`,
    /// `'` and backquotes; the exposition formats only `"`.
    let quotes: Set<UInt8>

    static let promQL = LabelSetScanner(quotes: [0x22, 0x27, 0x60])
    static let exposition = LabelSetScanner(quotes: [0x22])

    /// A metric name: `[a-zA-Z_:][a-zA-Z0-9_:]*`.
    static func scanMetricName(_ cursor: inout ByteCursor) -> Range<Int>? {
        guard let first = cursor.peek, ByteCursor.isAlpha(first) || first == 0x3A else { return nil }
        return cursor.take { ByteCursor.isAlphaNumeric($0) || $0 == 0x3A }
    }

    /// Reads `{...}` starting at the brace into `pairs`; a lone string
    /// inside the braces is the metric name.
    func scanBraces(_ cursor: inout ByteCursor, into pairs: inout [Label]) throws(ColumnError) {
        precondition(cursor.peek == 0x7B)
        cursor.position += 1
        var first = true
        while true {
            cursor.skip(while: ByteCursor.isSpace)
            guard let byte = cursor.peek else { throw ColumnError(column: cursor.column, message: "unexpected end of input inside braces") }
            if byte == 0x7D { cursor.position += 1; return }
            if !first {
                guard byte == 0x2C else {
                    throw ColumnError(column: cursor.column, message: "unexpected \(Self.describe(byte)) in label set, expected \",\" or \"}\"")
                }
                cursor.position += 1
                cursor.skip(while: ByteCursor.isSpace)
                if cursor.peek == 0x7D { cursor.position += 1; return }
            }
            first = false
            let nameColumn = cursor.column
            let name: String
            var isQuotedName = false
            if let quote = cursor.peek, quotes.contains(quote) {
                name = try scanString(&cursor)
                isQuotedName = true
            } else if let start = cursor.peek, ByteCursor.isAlpha(start) {
                name = cursor.string(cursor.take(while: ByteCursor.isAlphaNumeric))
            } else {
                let what = cursor.peek.map(Self.describe) ?? "end of input"
                throw ColumnError(column: cursor.column, message: "unexpected \(what) in label set, expected identifier or \"}\"")
            }
            cursor.skip(while: ByteCursor.isSpace)
            if cursor.peek == 0x3D, cursor.peek(at: 1) != 0x7E {
                cursor.position += 1
                cursor.skip(while: ByteCursor.isSpace)
                guard let quote = cursor.peek, quotes.contains(quote) else {
                    throw ColumnError(column: cursor.column, message: "unexpected \(cursor.peek.map(Self.describe) ?? "end of input") in label set, expected string")
                }
                pairs.append(Label(name, try scanString(&cursor)))
            } else if isQuotedName {
                pairs.append(Label(Labels.metricName, name))
            } else {
                throw ColumnError(column: nameColumn, message: "unexpected \(cursor.peek.map(Self.describe) ?? "end of input") in label set, expected \"=\"")
            }
        }
    }

    /// A quoted string at the cursor, unquoted with Go's rules.
    func scanString(_ cursor: inout ByteCursor) throws(ColumnError) -> String {
        let start = cursor.position
        guard let quote = cursor.peek else { throw ColumnError(column: cursor.column, message: "expected string") }
        cursor.position += 1
        while let byte = cursor.peek {
            if byte == 0x5C, quote != 0x60 {
                cursor.position += 2
                continue
            }
            if byte == 0x0A, quote != 0x60 { break }
            cursor.position += 1
            if byte == quote {
                let raw = cursor.string(start..<cursor.position)
                do {
                    return try GoStrconv.unquote(raw)
                } catch {
                    throw ColumnError(column: start + 1, message: "invalid quoted string \(raw): invalid syntax")
                }
            }
        }
        cursor.position = min(cursor.position, cursor.bytes.count)
        throw ColumnError(column: start + 1, message: "unterminated quoted string")
    }

    static func describe(_ byte: UInt8) -> String {
        if byte >= 0x20 && byte < 0x7F { return GoString.quote(String(UnicodeScalar(byte)), quote: "'") }
        return "byte 0x" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16)
    }
}
