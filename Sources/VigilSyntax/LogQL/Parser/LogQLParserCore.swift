import VigilCore

/// The recursive-descent parser's state: the token array (lexed up front,
/// ending in `.eof` or the first `.error`), a cursor and the nesting depth.
struct LogQLParserCore {
    let bytes: [UInt8]
    let tokens: [LogQLToken]
    let lines: LineTable
    let maximumNesting: Int
    var index = 0
    var depth = 0

    init(bytes: [UInt8], maximumNesting: Int) {
        self.bytes = bytes
        self.tokens = LogQLLexer.tokenize(bytes)
        self.lines = LineTable(bytes)
        self.maximumNesting = maximumNesting
    }

    // MARK: Cursor

    var current: LogQLToken { tokens[index] }
    var kind: LogQLTokenKind { tokens[index].kind }

    func peekKind(_ offset: Int = 1) -> LogQLTokenKind {
        tokens[min(index + offset, tokens.count - 1)].kind
    }

    @discardableResult
    mutating func advance() -> LogQLToken {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    /// Consumes a token of `kind` or fails with `unexpected ..., expecting ...`.
    @discardableResult
    mutating func expect(_ kind: LogQLTokenKind, _ expecting: String) throws(ParseError) -> LogQLToken {
        guard self.kind == kind else { throw unexpected(expecting: expecting) }
        return advance()
    }

    mutating func accept(_ kind: LogQLTokenKind) -> Bool {
        guard self.kind == kind else { return false }
        advance()
        return true
    }

    func range(_ start: Int, _ end: Int) -> SourceRange { lines.range(start, end) }

    /// The end offset of the last consumed token.
    var lastEnd: Int { index > 0 ? tokens[index - 1].end : 0 }

    // MARK: Errors

    func failure(_ message: String, _ start: Int, _ end: Int) -> ParseError {
        ParseError(range: range(start, end), message: message)
    }

    func failure(_ message: String, at token: LogQLToken) -> ParseError {
        failure(message, token.start, token.end)
    }

    /// `syntax error: unexpected X[, expecting Y]` as Loki's yacc parser
    /// words it, or the lexer's own message at a lexer error.
    func unexpected(expecting: String? = nil) -> ParseError {
        let token = current
        if token.kind == .error { return failure(token.text, at: token) }
        var message = "syntax error: unexpected " + describe(token)
        if let expecting { message += ", expecting " + expecting }
        return failure(message, at: token)
    }

    /// Yacc's token names: the literal text for operators and keywords,
    /// `IDENTIFIER`, `STRING`, ... otherwise, `$end` at the end.
    func describe(_ token: LogQLToken) -> String {
        switch token.kind {
        case .eof: return "$end"
        case .identifier: return "IDENTIFIER"
        case .string: return "STRING"
        case .number: return "NUMBER"
        case .duration: return "DURATION"
        case .bytes: return "BYTES"
        case .range: return "RANGE"
        case .flag: return "PARSER_FLAG"
        case .rangeOperation(let operation): return operation.rawValue.uppercased()
        case .vectorOperation(let operation): return operation.rawValue.uppercased()
        case .vector: return "VECTOR"
        case .conversion(let conversion): return conversion.rawValue.uppercased() + "_CONV"
        default: return String(decoding: bytes[token.start..<token.end], as: UTF8.self).lowercased()
        }
    }

    // MARK: Nesting

    mutating func enter() throws(ParseError) {
        depth += 1
        if depth > maximumNesting {
            throw failure("expression nests more than \(maximumNesting) levels deep", at: current)
        }
    }

    mutating func leave() { depth -= 1 }
}
