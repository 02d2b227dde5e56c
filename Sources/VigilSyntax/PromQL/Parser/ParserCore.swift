import VigilCore

/// An expression being built, with the height of its tree so nesting stays
/// bounded (recursive consumers of the AST must not exhaust the stack).
/// The byte offsets are stored once, not read back out of the node.
struct Parsed {
    var expr: Expr
    var height: Int
    let start: Int
    let end: Int

    init(expr: Expr, height: Int) {
        self.expr = expr
        self.height = height
        let range = expr.sourceRange
        start = range.start.offset
        end = range.end.offset
    }
}

/// A duration expression being built, with its tree height.
struct ParsedDuration {
    var expr: DurationExpr
    var height: Int
    let start: Int
    let end: Int

    init(expr: DurationExpr, height: Int) {
        self.expr = expr
        self.height = height
        let range = expr.sourceRange
        start = range.start.offset
        end = range.end.offset
    }
}

/// The recursive-descent parser's state: the token array (lexed up front,
/// ending in `.eof` or the first `.error`), a cursor, and the options.
struct ParserCore {
    let bytes: [UInt8]
    let tokens: [Token]
    let lexerError: String
    let lines: LineTable
    let options: PromQLParser.Options
    var index = 0
    /// Current recursion depth of the parse functions.
    var depth = 0

    init(bytes: [UInt8], options: PromQLParser.Options) {
        self.bytes = bytes
        let lexed = PromQLLexer.tokenize(bytes)
        self.tokens = lexed.tokens
        self.lexerError = lexed.errorMessage
        self.lines = LineTable(bytes)
        self.options = options
    }

    // MARK: Cursor

    var current: Token { tokens[index] }

    func peekKind(_ offset: Int = 1) -> TokenKind {
        tokens[min(index + offset, tokens.count - 1)].kind
    }

    @discardableResult
    mutating func advance() -> Token {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    func text(_ token: Token) -> String {
        String(decoding: bytes[token.start..<token.end], as: UTF8.self)
    }

    func range(_ start: Int, _ end: Int) -> SourceRange { lines.range(start, end) }

    // MARK: Errors

    func failure(_ message: String, _ start: Int, _ end: Int) -> ParseError {
        ParseError(range: range(start, end), message: message)
    }

    /// `unexpected <token> [in <context>][, expected <expected>]`, or the
    /// lexer's own message when the current token is a lexer error.
    func unexpected(_ context: String?, expected: String?) -> ParseError {
        let token = current
        if token.kind == .error { return failure(lexerError, token.start, token.end) }
        var message = "unexpected " + describe(token)
        if let context { message += " in " + context }
        if let expected { message += ", expected " + expected }
        return failure(message, token.start, token.end)
    }

    /// Prometheus's `Item.desc()`: `end of input`, `identifier "foo"`,
    /// `<op:+>`, `<aggr:sum>`, `<by>`, `"("`, `number "1"`.
    func describe(_ token: Token) -> String {
        let value = Array(bytes[token.start..<token.end])
        let quoted = GoString.quote(utf8: value)
        switch token.kind {
        case .eof: return "end of input"
        case .identifier: return "identifier \(quoted)"
        case .metricIdentifier: return "metric identifier \(quoted)"
        case .aggregator: return "<aggr:\(text(token))>"
        case .number, .duration, .string:
            let kind = token.kind == .number ? "number" : (token.kind == .duration ? "duration" : "string")
            return "\(kind) \(truncatedQuote(value))"
        case let kind where kind.isKeyword: return "<\(text(token))>"
        case let kind where kind.isOperator: return "<op:\(text(token))>"
        default: return quoted
        }
    }

    /// Go's `%.10q...` for long token values, `%q` otherwise.
    private func truncatedQuote(_ value: [UInt8]) -> String {
        guard value.count > 10 else { return GoString.quote(utf8: value) }
        var runes = 0
        var index = 0
        while index < value.count && runes < 10 {
            index += decodeGoRune(value, at: index).width
            runes += 1
        }
        return GoString.quote(utf8: Array(value[..<index])) + "..."
    }

    // MARK: Nesting

    mutating func enter() throws(ParseError) {
        depth += 1
        if depth > options.maximumNesting { throw tooDeep() }
    }

    mutating func leave() { depth -= 1 }

    func checkHeight(_ height: Int, _ start: Int, _ end: Int) throws(ParseError) {
        if height > options.maximumNesting { throw failure(tooDeepMessage, start, end) }
    }

    func tooDeep() -> ParseError {
        failure(tooDeepMessage, current.start, current.end)
    }

    var tooDeepMessage: String { "expression nests more than \(options.maximumNesting) levels deep" }
}
