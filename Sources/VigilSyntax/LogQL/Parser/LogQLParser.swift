import VigilCore

/// Parses LogQL (Loki 3.x) into a `LogQLExpr`, with the validation Loki's
/// parser does: stage construction (regexes, templates, patterns, JSON
/// paths, IP patterns), range aggregation rules, and at least one stream
/// matcher that cannot match the empty string.
///
///     let expr = try LogQLParser().parse(#"sum by (app) (rate({env="prod"} |= "error" [5m]))"#)
///
/// Errors carry the `line:column` of the offending text; the message is
/// Loki's (`syntax error: unexpected ), expecting ...`).
public struct LogQLParser: Sendable {
    /// Loki's `maxInputSize`: longer queries are rejected.
    public static let maximumQueryBytes = 5120

    /// The deepest expression tree accepted (parentheses, operands of
    /// operator chains, nested label filters); deeper queries get an error
    /// instead of exhausting the stack.
    public var maximumNesting: Int

    public init(maximumNesting: Int = 256) {
        self.maximumNesting = maximumNesting
    }

    public func parse(_ query: String) throws(ParseError) -> LogQLExpr {
        let bytes = Array(query.utf8)
        var parser = LogQLParserCore(bytes: bytes, maximumNesting: maximumNesting)
        if bytes.count >= Self.maximumQueryBytes {
            throw parser.failure("input size too long (\(bytes.count) > \(Self.maximumQueryBytes))", 0, 0)
        }
        let expr = try parser.parseExpression()
        if parser.kind != .eof { throw parser.unexpected() }
        for selector in expr.selectors where !selector.matchers.contains(where: { !$0.matchesEmpty }) {
            throw ParseError(range: selector.sourceRange, message: LogQLParser.emptyCompatibleMessage)
        }
        return expr
    }

    /// Loki's message for a selector without a matcher that selects streams.
    public static let emptyCompatibleMessage = "queries require at least one regexp or equality matcher that does not "
        + "have an empty-compatible value. For instance, app=~\".*\" does not meet this requirement, but app=~\".+\" will"
}

extension LogQLExpr {
    /// Parses `query` with the default limits.
    public static func parse(logQL query: String) throws(ParseError) -> LogQLExpr {
        try LogQLParser().parse(query)
    }
}
