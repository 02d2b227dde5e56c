import VigilCore

/// Label filter expressions, with the grouping Loki's yacc grammar gives
/// them: `and` binds tighter than `or` (both left-associative), while a
/// comma or a bare juxtaposition joins everything that follows to the
/// operand just parsed (yacc shifts there), so `a or b, c` is
/// `a or (b and c)` and `a, b or c` is `a and (b or c)`.
extension LogQLParserCore {
    mutating func parseLabelFilterExpression(minimumPrecedence: Int = 0) throws(ParseError) -> LabelFilter {
        try enter()
        defer { leave() }
        var lhs = try parseLabelFilterPrimary()
        while true {
            if kind == .comma || kind == .identifier || kind == .leftParen {
                _ = accept(.comma)
                let rhs = try parseLabelFilterExpression()
                lhs = .and(lhs, rhs)
            } else if kind == .and, minimumPrecedence <= 2 {
                advance()
                lhs = .and(lhs, try parseLabelFilterExpression(minimumPrecedence: 3))
            } else if kind == .or, minimumPrecedence <= 1 {
                advance()
                lhs = .or(lhs, try parseLabelFilterExpression(minimumPrecedence: 2))
            } else {
                return lhs
            }
        }
    }

    /// `( filter )`, a string matcher, `name = ip("...")`, or a typed
    /// comparison with a number, duration or byte size.
    mutating func parseLabelFilterPrimary() throws(ParseError) -> LabelFilter {
        if accept(.leftParen) {
            let inner = try parseLabelFilterExpression()
            try expect(.rightParen, ")")
            return inner
        }
        let name = try expect(.identifier, "IDENTIFIER or (")
        let opToken = current
        guard let comparison = opToken.kind.labelComparison ?? (opToken.kind == .re || opToken.kind == .nre ? .equal : nil)
        else { throw unexpected() }
        advance()
        let valueToken = current
        switch valueToken.kind {
        case .string where opToken.kind == .eq || opToken.kind == .neq || opToken.kind == .re || opToken.kind == .nre:
            advance()
            let type: LabelMatcher.Kind = opToken.kind == .eq ? .equal
                : opToken.kind == .neq ? .notEqual : opToken.kind == .re ? .regexMatch : .regexNoMatch
            do {
                return .matcher(try LabelMatcher(type, name.text, valueToken.text))
            } catch {
                throw failure(error.description, name.start, valueToken.end)
            }
        case .ip where opToken.kind == .eq || opToken.kind == .neq:
            advance()
            try expect(.leftParen, "(")
            let pattern = try expect(.string, "STRING")
            try expect(.rightParen, ")")
            return .ip(name: name.text, negated: opToken.kind == .neq, pattern: pattern.text)
        case .duration where opToken.kind != .re && opToken.kind != .nre:
            advance()
            return .duration(name: name.text, op: comparison, nanos: valueToken.nanos)
        case .bytes where opToken.kind != .re && opToken.kind != .nre:
            advance()
            return .bytes(name: name.text, op: comparison, bytes: valueToken.bytes)
        case .number where opToken.kind != .re && opToken.kind != .nre:
            advance()
            return .number(name: name.text, op: comparison, value: LogQLNumber(try literal(valueToken.text, at: valueToken)))
        case .add, .sub:
            guard opToken.kind != .re, opToken.kind != .nre, peekKind() == .number else { throw unexpected() }
            advance()
            let number = advance()
            let value = try literal(number.text, at: number)
            return .number(name: name.text, op: comparison, value: LogQLNumber(valueToken.kind == .sub ? -value : value))
        default:
            throw unexpected()
        }
    }
}
