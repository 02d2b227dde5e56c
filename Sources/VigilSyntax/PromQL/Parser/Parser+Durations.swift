/// Durations in ranges, subquery steps and offsets. A plain (signed)
/// number or duration literal is a constant; anything else is an
/// experimental duration expression.
extension ParserCore {
    /// `1<<63/1e9`: the largest duration in seconds Go's `time.Duration` holds.
    static let maximumDurationSeconds = 9_223_372_036.854_775_807

    /// Arithmetic over durations with the usual precedence; the context and
    /// expectation phrase the errors after Prometheus's.
    mutating func parseDurationExpression(minimumPrecedence: Int, context: String,
                                          expected: String) throws(ParseError) -> ParsedDuration {
        try enter()
        defer { leave() }
        let first = try parseDurationUnary(context: context, expected: expected)
        return try continueDurationExpression(first, minimumPrecedence: minimumPrecedence, context: context,
                                              expected: expected)
    }

    /// Applies the binary operators that follow `first`.
    mutating func continueDurationExpression(_ first: ParsedDuration, minimumPrecedence: Int, context: String,
                                             expected: String) throws(ParseError) -> ParsedDuration {
        var lhs = first
        while let op = current.kind.durationOperator, op.precedence >= minimumPrecedence {
            let opToken = advance()
            let next = op == .pow ? op.precedence : op.precedence + 1
            let rhs = try parseDurationExpression(minimumPrecedence: next, context: context, expected: expected)
            if op == .div || op == .mod, case .number(let literal) = rhs.expr, literal.value == 0 {
                throw failure(op == .div ? "division by zero" : "modulo by zero", opToken.start, opToken.end)
            }
            let height = max(lhs.height, rhs.height) + 1
            try checkHeight(height, lhs.start, rhs.end)
            lhs = ParsedDuration(expr: .binary(op, lhs.expr, rhs.expr), height: height)
        }
        return lhs
    }

    /// A sign binds like `*`; on a literal it is folded into the literal.
    mutating func parseDurationUnary(context: String, expected: String) throws(ParseError) -> ParsedDuration {
        guard current.kind == .add || current.kind == .sub else {
            return try parseDurationPrimary(context: context, expected: expected)
        }
        let sign = advance()
        let operand = try parseDurationExpression(minimumPrecedence: DurationOperator.pow.precedence,
                                                  context: context, expected: expected)
        return try applySign(sign, to: operand)
    }

    func applySign(_ sign: Token, to operand: ParsedDuration) throws(ParseError) -> ParsedDuration {
        if case .number(var literal) = operand.expr {
            literal.negate(if: sign.kind == .sub)
            literal.sourceRange = range(sign.start, operand.end)
            return ParsedDuration(expr: .number(literal), height: operand.height)
        }
        guard sign.kind == .sub else { return operand }
        try checkHeight(operand.height + 1, sign.start, operand.end)
        return ParsedDuration(expr: .negate(operand.expr, range(sign.start, operand.end)), height: operand.height + 1)
    }

    mutating func parseDurationPrimary(context: String, expected: String) throws(ParseError) -> ParsedDuration {
        let token = current
        switch token.kind {
        case .number, .duration:
            advance()
            return ParsedDuration(expr: .number(try numberLiteral(token)), height: 1)
        case .step, .range:
            advance()
            let end = try parseEmptyArguments(context: context, expected: expected)
            let sourceRange = range(token.start, end)
            return ParsedDuration(expr: token.kind == .step ? .step(sourceRange) : .range(sourceRange), height: 1)
        case .minOf, .maxOf, .identifier:
            let name = asciiLowercased(bytes[token.start..<token.end])
            guard name == "min_of" || name == "max_of" else { throw unexpected(context, expected: expected) }
            advance()
            guard current.kind == .leftParen else { throw unexpected(context, expected: "\"(\"") }
            advance()
            let first = try parseDurationExpression(minimumPrecedence: 0, context: context, expected: expected)
            guard current.kind == .comma else { throw unexpected(context, expected: "\",\"") }
            advance()
            let second = try parseDurationExpression(minimumPrecedence: 0, context: context, expected: expected)
            guard current.kind == .rightParen else { throw unexpected(context, expected: "\")\"") }
            let close = advance()
            let sourceRange = range(token.start, close.end)
            let height = max(first.height, second.height) + 1
            try checkHeight(height, token.start, close.end)
            let expr: DurationExpr = name == "min_of"
                ? .minOf(first.expr, second.expr, sourceRange) : .maxOf(first.expr, second.expr, sourceRange)
            return ParsedDuration(expr: expr, height: height)
        case .leftParen:
            let open = advance()
            let inner = try parseDurationExpression(minimumPrecedence: 0, context: context, expected: expected)
            guard current.kind == .rightParen else { throw unexpected(context, expected: "operator or \")\"") }
            let close = advance()
            // Prometheus marks a duration expression as wrapped, so nested
            // parentheses print (and compare) as one pair.
            var content = inner.expr
            if case .paren(let innermost, _) = content { content = innermost }
            try checkHeight(inner.height + 1, open.start, close.end)
            return ParsedDuration(expr: .paren(content, range(open.start, close.end)), height: inner.height + 1)
        default:
            throw unexpected(context, expected: expected)
        }
    }

    /// `()` after `step`, `range`; returns the end offset.
    mutating func parseEmptyArguments(context: String, expected: String) throws(ParseError) -> Int {
        guard current.kind == .leftParen else { throw unexpected(context, expected: expected) }
        advance()
        guard current.kind == .rightParen else { throw unexpected(context, expected: "\")\"") }
        return advance().end
    }

    /// What may follow `offset`: an optionally signed literal, `step()`,
    /// `range()`, `min_of(...)`, `max_of(...)` or a parenthesised duration
    /// expression. Arithmetic after these is not part of the offset:
    /// `foo offset 5m + 1` adds 1 to `foo offset 5m`. The exception, as in
    /// Prometheus's grammar (a shift/reduce conflict resolved by shifting):
    /// after an unsigned parenthesised expression the arithmetic continues,
    /// so `foo offset (1h) * 2` is an offset of two hours.
    mutating func parseOffsetOperand() throws(ParseError) -> ParsedDuration {
        let context = "offset", expected = Self.durationStartExpectation
        var sign: Token? = nil
        if current.kind == .add || current.kind == .sub { sign = advance() }
        let operand: ParsedDuration
        switch current.kind {
        case .leftParen where sign == nil:
            let parenthesised = try parseDurationPrimary(context: context, expected: expected)
            return try continueDurationExpression(parenthesised, minimumPrecedence: 0, context: context,
                                                  expected: expected)
        case .number, .duration, .step, .range, .leftParen:
            operand = try parseDurationPrimary(context: context, expected: expected)
        case .identifier:
            let name = asciiLowercased(bytes[current.start..<current.end])
            guard name == "min_of" || name == "max_of" else { throw unexpected(context, expected: expected) }
            operand = try parseDurationPrimary(context: context, expected: expected)
        default:
            throw unexpected(context, expected: expected)
        }
        guard let sign else { return operand }
        return try applySign(sign, to: operand)
    }

    /// Validates a parsed duration and converts a constant to milliseconds.
    func durationValue(_ parsed: ParsedDuration, mustBePositive: Bool) throws(ParseError) -> DurationValue {
        guard case .number(let literal) = parsed.expr else {
            if !options.durationExpressions {
                throw failure("experimental duration expression is not enabled", parsed.start, parsed.end)
            }
            return .expression(parsed.expr)
        }
        let seconds = literal.value
        guard seconds.magnitude <= Self.maximumDurationSeconds else {
            throw failure("duration out of range", parsed.start, parsed.end)
        }
        // Prometheus rounds to nanoseconds; its engine then truncates to milliseconds.
        let nanoseconds = (seconds * 1e9).rounded(.toNearestOrAwayFromZero)
        guard nanoseconds > -0x1p63, nanoseconds < 0x1p63 else {
            throw failure("duration out of range", parsed.start, parsed.end)
        }
        let milliseconds = Int64(nanoseconds) / 1_000_000
        if mustBePositive && milliseconds <= 0 {
            throw failure("duration must be greater than 0", parsed.start, parsed.end)
        }
        return .constant(milliseconds)
    }
}

extension TokenKind {
    var canStartDuration: Bool {
        switch self {
        case .number, .duration, .add, .sub, .leftParen, .step, .range, .minOf, .maxOf: return true
        default: return false
        }
    }

    var durationOperator: DurationOperator? {
        switch self {
        case .add: return .add
        case .sub: return .sub
        case .mul: return .mul
        case .div: return .div
        case .mod: return .mod
        case .pow: return .pow
        default: return nil
        }
    }
}
