import VigilCore

/// The postfix forms: `[range]`, `[range:step]`, `offset`, `@`, `anchored`, `smoothed`.
extension ParserCore {
    static let durationStartExpectation = "number, duration, step(), or range()"

    mutating func parseRangeOrSubquery(of target: Parsed) throws(ParseError) -> Parsed {
        let open = advance()
        let rangeContext = "subquery or range selector"
        guard current.kind.canStartDuration else {
            throw unexpected(rangeContext, expected: Self.durationStartExpectation)
        }
        let rangeExpression = try parseDurationExpression(minimumPrecedence: 0, context: rangeContext,
                                                          expected: Self.durationStartExpectation)
        guard current.kind == .rightBracket || current.kind == .colon else {
            throw unexpected("subquery or range", expected: "\":\" or \"]\"")
        }
        let rangeValue = try durationValue(rangeExpression, mustBePositive: true)
        if current.kind == .rightBracket {
            let close = advance()
            guard case .vectorSelector(let selector) = target.expr else {
                throw failure("ranges only allowed for vector selectors", open.start, close.end)
            }
            if selector.offset != nil {
                throw failure("no offset modifiers allowed before range", open.start, close.end)
            }
            if selector.at != nil {
                throw failure("no @ modifiers allowed before range", open.start, close.end)
            }
            let matrix = MatrixSelector(selector: selector, range: rangeValue, sourceRange: range(target.start, close.end))
            return Parsed(expr: .matrixSelector(matrix), height: 1)
        }
        advance()  // :
        var step: DurationValue? = nil
        if current.kind != .rightBracket {
            let stepContext = "subquery selector"
            guard current.kind.canStartDuration else {
                throw unexpected(stepContext, expected: "number, duration, step(), range(), or \"]\"")
            }
            let stepExpression = try parseDurationExpression(
                minimumPrecedence: 0, context: stepContext, expected: Self.durationStartExpectation)
            guard current.kind == .rightBracket else { throw unexpected(stepContext, expected: "\"]\"") }
            step = try durationValue(stepExpression, mustBePositive: true)
        }
        let close = advance()
        try checkHeight(target.height + 1, target.start, close.end)
        let subquery = SubqueryExpr(expr: target.expr, range: rangeValue, step: step,
                                    sourceRange: range(target.start, close.end))
        return Parsed(expr: .subquery(subquery), height: target.height + 1)
    }

    mutating func parseOffset(of target: Parsed) throws(ParseError) -> Parsed {
        advance()
        let operand = try parseOffsetOperand()
        let offset = try durationValue(operand, mustBePositive: false)
        let end = operand.end
        var expr = target.expr
        switch expr {
        case .vectorSelector(var selector):
            if selector.offset != nil { throw offsetTwice(target) }
            selector.offset = offset.nonZero
            selector.sourceRange = range(target.start, end)
            expr = .vectorSelector(selector)
        case .matrixSelector(var matrix):
            if matrix.selector.offset != nil { throw offsetTwice(target) }
            matrix.selector.offset = offset.nonZero
            matrix.sourceRange = range(target.start, end)
            expr = .matrixSelector(matrix)
        case .subquery(var subquery):
            if subquery.offset != nil { throw offsetTwice(target) }
            subquery.offset = offset.nonZero
            subquery.sourceRange = range(target.start, end)
            expr = .subquery(subquery)
        default:
            throw failure("offset modifier must be preceded by an instant vector selector or range vector "
                          + "selector or a subquery", target.start, target.end)
        }
        return Parsed(expr: expr, height: target.height)
    }

    private func offsetTwice(_ target: Parsed) -> ParseError {
        failure("offset may not be set multiple times", target.start, target.end)
    }

    mutating func parseAt(of target: Parsed) throws(ParseError) -> Parsed {
        advance()
        let modifier: AtModifier
        let end: Int
        switch current.kind {
        case .start, .end:
            let keyword = advance()
            guard current.kind == .leftParen else { throw unexpected("@", expected: "timestamp") }
            advance()
            guard current.kind == .rightParen else { throw unexpected("@", expected: "timestamp") }
            end = advance().end
            modifier = keyword.kind == .start ? .start : .end
        case .add, .sub, .number, .duration:
            var negative = false
            if current.kind == .add || current.kind == .sub { negative = advance().kind == .sub }
            guard current.kind == .number || current.kind == .duration else {
                throw unexpected("@", expected: "timestamp")
            }
            let token = advance()
            var seconds = try numberLiteral(token).value
            if negative { seconds = -seconds }
            end = token.end
            if seconds.isNaN || seconds.isInfinite || seconds >= 0x1p63 || seconds <= -0x1p63 {
                throw failure("timestamp out of bounds for @ modifier: \(GoFloatText.percentF(seconds))",
                              target.start, target.end)
            }
            modifier = .timestamp(goInt64(rounding: seconds * 1000))
        default:
            throw unexpected("@", expected: "timestamp")
        }
        var expr = target.expr
        switch expr {
        case .vectorSelector(var selector):
            if selector.at != nil { throw atTwice(target) }
            selector.at = modifier
            selector.sourceRange = range(target.start, end)
            expr = .vectorSelector(selector)
        case .matrixSelector(var matrix):
            if matrix.selector.at != nil { throw atTwice(target) }
            matrix.selector.at = modifier
            matrix.sourceRange = range(target.start, end)
            expr = .matrixSelector(matrix)
        case .subquery(var subquery):
            if subquery.at != nil { throw atTwice(target) }
            subquery.at = modifier
            subquery.sourceRange = range(target.start, end)
            expr = .subquery(subquery)
        default:
            throw failure("@ modifier must be preceded by an instant vector selector or range vector selector "
                          + "or a subquery", target.start, target.end)
        }
        return Parsed(expr: expr, height: target.height)
    }

    private func atTwice(_ target: Parsed) -> ParseError {
        failure("@ <timestamp> may not be set multiple times", target.start, target.end)
    }

    mutating func parseExtendedRange(of target: Parsed) throws(ParseError) -> Parsed {
        let keyword = advance()
        let modifier: ExtendedRangeModifier = keyword.kind == .anchored ? .anchored : .smoothed
        let name = modifier.rawValue
        guard options.extendedRangeSelectors else {
            throw failure("\(name) modifier is experimental and not enabled", target.start, target.end)
        }
        func apply(_ selector: inout VectorSelector) throws(ParseError) {
            if let existing = selector.extendedRange, existing != modifier {
                throw failure("anchored and smoothed modifiers cannot be used together", target.start, target.end)
            }
            selector.extendedRange = modifier
        }
        var expr = target.expr
        switch expr {
        case .vectorSelector(var selector):
            try apply(&selector)
            selector.sourceRange = range(target.start, keyword.end)
            expr = .vectorSelector(selector)
        case .matrixSelector(var matrix):
            try apply(&matrix.selector)
            matrix.sourceRange = range(target.start, keyword.end)
            expr = .matrixSelector(matrix)
        case .subquery:
            throw failure("\(name) modifier is not supported for subqueries", target.start, target.end)
        default:
            throw failure("\(name) modifier not implemented", target.start, target.end)
        }
        return Parsed(expr: expr, height: target.height)
    }
}

extension DurationValue {
    /// A zero constant offset is no offset, as in Prometheus.
    var nonZero: DurationValue? {
        if case .constant(0) = self { return nil }
        return self
    }
}

/// Go's `int64(math.Round(x))` as it behaves on amd64: values outside the
/// int64 range become `math.MinInt64` instead of trapping.
func goInt64(rounding value: Double) -> Int64 {
    let rounded = value.rounded(.toNearestOrAwayFromZero)
    guard rounded.isFinite, rounded >= -0x1p63, rounded < 0x1p63 else { return Int64.min }
    return Int64(rounded)
}

enum GoFloatText {
    /// Go's `%f`: six decimals, `+Inf`, `-Inf`, `NaN`.
    static func percentF(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        return GoFloat.format(value, .f, precision: 6)
    }
}
