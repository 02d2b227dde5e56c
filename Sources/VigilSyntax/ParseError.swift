/// A query that could not be parsed or type-checked, with the place and the
/// reason. Shared by the PromQL and LogQL parsers.
///
/// `description` reads `1:14: parse error: unexpected "}" in label
/// matching, expected string`: Prometheus's wording, always prefixed with
/// `line:column`.
public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The offending text; `range.start` is the reported position.
    public var range: SourceRange
    /// The reason, without the position prefix.
    public var message: String

    public init(range: SourceRange, message: String) {
        self.range = range
        self.message = message
    }

    public var position: SourcePosition { range.start }

    public var description: String { "\(position): parse error: \(message)" }

    /// The same error for a query embedded in a larger file (a rule file's
    /// `expr:`): lines move down by `lineOffset`, and columns right by
    /// `columnOffset` (the indentation YAML stripped from every line).
    public func relocated(lineOffset: Int, columnOffset: Int) -> ParseError {
        func move(_ position: SourcePosition) -> SourcePosition {
            SourcePosition(line: position.line + lineOffset, column: position.column + columnOffset,
                           offset: position.offset)
        }
        return ParseError(range: SourceRange(start: move(range.start), end: move(range.end)), message: message)
    }
}
