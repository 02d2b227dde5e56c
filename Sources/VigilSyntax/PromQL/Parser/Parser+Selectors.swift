import VigilCore

/// Vector selectors and their label matchers.
extension ParserCore {
    /// `name`, `name{matchers}` or `{matchers}`. A name written before the
    /// braces adds a trailing `__name__="name"` matcher, as in Prometheus.
    mutating func parseVectorSelector(nameToken: Token?) throws(ParseError) -> Parsed {
        var matchers: [LabelMatcher] = []
        let start = nameToken?.start ?? current.start
        var end = nameToken?.end ?? current.start
        if current.kind == .leftBrace {
            (matchers, end) = try parseLabelMatchers()
        }
        var name: String? = nil
        if let nameToken {
            let metric = text(nameToken)
            name = metric
            matchers.append(try makeMatcher(.equal, "__name__", metric, nameToken.start, nameToken.end))
        }
        let selector = VectorSelector(name: name, matchers: matchers, sourceRange: range(start, end))
        return Parsed(expr: .vectorSelector(selector), height: 1)
    }

    /// `{ a="b", "quoted name"=~"re", "metric.name", ... }`; returns the
    /// matchers and the end offset of the closing brace.
    mutating func parseLabelMatchers() throws(ParseError) -> ([LabelMatcher], Int) {
        advance()  // {
        var matchers: [LabelMatcher] = []
        if current.kind == .rightBrace { return (matchers, advance().end) }
        while true {
            let nameToken = current
            guard nameToken.kind == .identifier || nameToken.kind == .string else {
                throw unexpected("label matching", expected: "identifier or \"}\"")
            }
            advance()
            let name = nameToken.kind == .string ? try unquotedString(nameToken) : text(nameToken)
            if let kind = matcherKind(current.kind) {
                advance()
                guard current.kind == .string else { throw unexpected("label matching", expected: "string") }
                let valueToken = advance()
                matchers.append(try makeMatcher(kind, name, try unquotedString(valueToken), nameToken.start, valueToken.end))
            } else if nameToken.kind == .string {
                // A lone quoted string is the metric name: `{"metric.with.dots"}`.
                matchers.append(try makeMatcher(.equal, "__name__", name, nameToken.start, nameToken.end))
            } else {
                throw unexpected("label matching", expected: "label matching operator")
            }
            if current.kind == .comma {
                advance()
                if current.kind == .rightBrace { return (matchers, advance().end) }
                continue
            }
            if current.kind == .rightBrace { return (matchers, advance().end) }
            throw unexpected("label matching", expected: "\",\" or \"}\"")
        }
    }

    func matcherKind(_ kind: TokenKind) -> LabelMatcher.Kind? {
        switch kind {
        case .assign: return .equal
        case .neq: return .notEqual
        case .eqlRegex: return .regexMatch
        case .neqRegex: return .regexNoMatch
        default: return nil
        }
    }

    func unquotedString(_ token: Token) throws(ParseError) -> String {
        String(decoding: try unquotedBytes(token), as: UTF8.self)
    }

    /// The exact bytes a string token stands for (Prometheus's
    /// `strutil.Unquote`; the lexer has already checked the escapes).
    func unquotedBytes(_ token: Token) throws(ParseError) -> [UInt8] {
        do {
            return try GoStrconv.unquoteBytes(bytes[token.start..<token.end])
        } catch {
            throw failure("invalid string literal: \(error)", token.start, token.end)
        }
    }

    func makeMatcher(_ kind: LabelMatcher.Kind, _ name: String, _ value: String, _ start: Int,
                     _ end: Int) throws(ParseError) -> LabelMatcher {
        do {
            return try LabelMatcher(kind, name, value)
        } catch {
            throw failure(error.description, start, end)
        }
    }
}
