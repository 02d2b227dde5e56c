import VigilCore

/// Expressions: precedence climbing over the binary operators, unary signs,
/// postfix modifiers, and the primary forms.
extension ParserCore {
    mutating func parseQuery() throws(ParseError) -> Expr {
        if current.kind == .eof { throw failure("no expression found in input", 0, 0) }
        let parsed = try parseExpression(minimumPrecedence: 0)
        guard current.kind == .eof else { throw unexpected(nil, expected: "operator or end of input") }
        return parsed.expr
    }

    /// `lhs op rhs` chains, binding operators of at least `minimumPrecedence`.
    mutating func parseExpression(minimumPrecedence: Int) throws(ParseError) -> Parsed {
        try enter()
        defer { leave() }
        var lhs = try parseUnary()
        while let op = current.kind.binaryOperator, op.precedence >= minimumPrecedence {
            advance()
            let modifiers = try parseBinaryModifiers()
            let next = op.isRightAssociative ? op.precedence : op.precedence + 1
            let rhs = try parseExpression(minimumPrecedence: next)
            let height = max(lhs.height, rhs.height) + 1
            try checkHeight(height, lhs.start, rhs.end)
            let binary = BinaryExpr(op: op, lhs: lhs.expr, rhs: rhs.expr, returnBool: modifiers.returnBool,
                                    matching: modifiers.matching, sourceRange: range(lhs.start, rhs.end))
            if modifiers.matching.fill != nil && !options.binopFillModifiers {
                throw failure("binop fill modifiers are experimental and not enabled", lhs.start, rhs.end)
            }
            lhs = Parsed(expr: .binary(binary), height: height)
        }
        return lhs
    }

    /// A leading `+`/`-` binds like `*` (so `-2 ^ 2` is `-(2 ^ 2)`); on a
    /// number literal it is folded into the literal, as Prometheus does.
    mutating func parseUnary() throws(ParseError) -> Parsed {
        guard current.kind == .add || current.kind == .sub else { return try parsePostfix() }
        let sign = advance()
        let operand = try parseExpression(minimumPrecedence: BinaryOperator.pow.precedence)
        if case .number(var literal) = operand.expr {
            literal.negate(if: sign.kind == .sub)
            literal.sourceRange = range(sign.start, operand.end)
            return Parsed(expr: .number(literal), height: operand.height)
        }
        let op: UnaryOperator = sign.kind == .sub ? .minus : .plus
        try checkHeight(operand.height + 1, sign.start, operand.end)
        let unary = UnaryExpr(op: op, expr: operand.expr, sourceRange: range(sign.start, operand.end))
        return Parsed(expr: .unary(unary), height: operand.height + 1)
    }

    /// A primary followed by any `[range]`, `[range:step]`, `offset`, `@`,
    /// `anchored`, `smoothed`: these bind tighter than every operator.
    mutating func parsePostfix() throws(ParseError) -> Parsed {
        var parsed = try parsePrimary()
        while true {
            switch current.kind {
            case .leftBracket: parsed = try parseRangeOrSubquery(of: parsed)
            case .offset: parsed = try parseOffset(of: parsed)
            case .at: parsed = try parseAt(of: parsed)
            case .anchored, .smoothed: parsed = try parseExtendedRange(of: parsed)
            default: return parsed
            }
        }
    }

    mutating func parsePrimary() throws(ParseError) -> Parsed {
        let token = current
        switch token.kind {
        case .number, .duration:
            advance()
            return Parsed(expr: .number(try numberLiteral(token)), height: 1)
        case .string:
            advance()
            let literal = StringLiteral(bytes: try unquotedBytes(token),
                                        sourceRange: range(token.start, token.end))
            return Parsed(expr: .string(literal), height: 1)
        case .leftParen:
            return try parseParenthesized()
        case .leftBrace:
            return try parseVectorSelector(nameToken: nil)
        case .aggregator(let op):
            let next = peekKind()
            if next == .leftParen || next == .by || next == .without { return try parseAggregation(op) }
            return try parseVectorSelector(nameToken: advance())
        case .identifier:
            if peekKind() == .leftParen { return try parseCall() }
            return try parseVectorSelector(nameToken: advance())
        case .start, .end, .step, .range:
            if peekKind() == .leftParen { return try parseCall() }
            return try parseVectorSelector(nameToken: advance())
        case .metricIdentifier, .by, .without, .offset, .anchored, .smoothed, .land, .lor, .lunless:
            // Keywords that Prometheus also accepts as metric names.
            return try parseVectorSelector(nameToken: advance())
        default:
            throw unexpected(nil, expected: "expression")
        }
    }

    mutating func parseParenthesized() throws(ParseError) -> Parsed {
        let open = advance()
        let inner = try parseExpression(minimumPrecedence: 0)
        guard current.kind == .rightParen else { throw unexpected(nil, expected: "operator or \")\"") }
        let close = advance()
        try checkHeight(inner.height + 1, open.start, close.end)
        let paren = ParenExpr(expr: inner.expr, sourceRange: range(open.start, close.end))
        return Parsed(expr: .paren(paren), height: inner.height + 1)
    }

    /// A `NUMBER` (Go's ParseInt/ParseFloat) or `DURATION` token (in seconds).
    func numberLiteral(_ token: Token) throws(ParseError) -> NumberLiteral {
        let sourceRange = range(token.start, token.end)
        if token.kind == .duration {
            let milliseconds: Int64
            do {
                milliseconds = try PromDuration.parse(text(token))
            } catch {
                throw failure(error.message, token.start, token.end)
            }
            return NumberLiteral(value: durationSeconds(milliseconds), isDuration: true, sourceRange: sourceRange)
        }
        // Prometheus: strconv.ParseInt(text, 0, 64) first (so 0x1F is 31 and
        // 0755 octal), then ParseFloat, whose error is the one reported.
        let literal = text(token)
        if let integer = try? GoStrconv.parseInt(literal, base: 0) {
            return NumberLiteral(value: Double(integer), sourceRange: sourceRange)
        }
        do {
            return NumberLiteral(value: try GoStrconv.parseFloat(literal), sourceRange: sourceRange)
        } catch {
            throw failure("error parsing number: \(error)", token.start, token.end)
        }
    }

    /// Go's `time.Duration.Seconds()`: whole seconds plus the remainder, so
    /// the float is bit-identical to Prometheus's.
    func durationSeconds(_ milliseconds: Int64) -> Double {
        Double(milliseconds / 1000) + Double((milliseconds % 1000) * 1_000_000) / 1e9
    }

    // MARK: Calls and aggregations

    mutating func parseCall() throws(ParseError) -> Parsed {
        let nameToken = advance()
        // Looked up by the raw text, as Prometheus does: `STEP()` is unknown
        // although the keyword `step` lexes case-insensitively.
        let name = text(nameToken)
        let (args, close) = try parseArguments(context: "function call")
        guard let function = PromQLFunction.named(name) else {
            throw failure("unknown function with name \(GoString.quote(name))", nameToken.start, nameToken.end)
        }
        if function.isExperimental && !options.experimentalFunctions {
            throw failure("function \(GoString.quote(name)) is not enabled", nameToken.start, nameToken.end)
        }
        let height = (args.map(\.height).max() ?? 0) + 1
        try checkHeight(height, nameToken.start, close.end)
        let call = Call(function: function, args: args.map(\.expr), sourceRange: range(nameToken.start, close.end))
        return Parsed(expr: .call(call), height: height)
    }

    /// `( expr, expr, ... )`; a trailing comma is an error, as in Prometheus.
    mutating func parseArguments(context: String) throws(ParseError) -> ([Parsed], Token) {
        guard current.kind == .leftParen else { throw unexpected(context, expected: "\"(\"") }
        advance()
        var args: [Parsed] = []
        if current.kind == .rightParen { return (args, advance()) }
        while true {
            args.append(try parseExpression(minimumPrecedence: 0))
            if current.kind == .comma {
                let comma = advance()
                if current.kind == .rightParen {
                    throw failure("trailing commas not allowed in function call args", comma.start, comma.end)
                }
                continue
            }
            if current.kind == .rightParen { return (args, advance()) }
            throw unexpected(context, expected: "\",\" or \")\"")
        }
    }

    mutating func parseAggregation(_ op: AggregationOperator) throws(ParseError) -> Parsed {
        let opToken = advance()
        var grouping: [String] = []
        var without = false
        var hasModifier = false
        var end = opToken.end
        if current.kind == .by || current.kind == .without {
            without = advance().kind == .without
            (grouping, end) = try parseGroupingLabels()
            hasModifier = true
        }
        guard current.kind == .leftParen else { throw unexpected("aggregation", expected: "\"(\"") }
        let (args, close) = try parseArguments(context: "aggregation")
        end = close.end
        if !hasModifier && (current.kind == .by || current.kind == .without) {
            without = advance().kind == .without
            (grouping, end) = try parseGroupingLabels()
        }
        if args.isEmpty {
            throw failure("no arguments for aggregate expression provided", opToken.start, end)
        }
        var desiredArguments = 1
        if op.hasParameter {
            if op.isExperimental && !options.experimentalFunctions {
                throw failure("\(op.rawValue)() is experimental and must be enabled with "
                              + "--enable-feature=promql-experimental-functions", opToken.start, end)
            }
            desiredArguments = 2
        }
        guard args.count == desiredArguments else {
            throw failure("wrong number of arguments for aggregate expression provided, expected "
                          + "\(desiredArguments), got \(args.count)", opToken.start, end)
        }
        let height = (args.map(\.height).max() ?? 0) + 1
        try checkHeight(height, opToken.start, end)
        let aggregate = AggregateExpr(op: op, expr: args[desiredArguments - 1].expr,
                                      param: desiredArguments == 2 ? args[0].expr : nil, grouping: grouping,
                                      without: without, sourceRange: range(opToken.start, end))
        return Parsed(expr: .aggregate(aggregate), height: height)
    }

    /// `( label, "quoted label", ... )` after `by`, `without`, `on`,
    /// `ignoring`, `group_left`, `group_right`. Returns the labels and the
    /// end offset of the closing parenthesis.
    mutating func parseGroupingLabels() throws(ParseError) -> ([String], Int) {
        guard current.kind == .leftParen else { throw unexpected("grouping opts", expected: "\"(\"") }
        advance()
        var labels: [String] = []
        if current.kind == .rightParen { return (labels, advance().end) }
        while true {
            let token = current
            if token.kind == .string {
                let value = try unquotedBytes(token)
                let decoded = String(decoding: value, as: UTF8.self)
                if value.isEmpty || Array(decoded.utf8) != value {
                    throw failure("invalid label name for grouping: \(GoString.quote(utf8: value))",
                                  token.start, token.end)
                }
                labels.append(decoded)
            } else if token.kind.canBeLabelName {
                labels.append(text(token))
            } else {
                throw unexpected("grouping opts", expected: "label")
            }
            advance()
            if current.kind == .comma {
                advance()
                if current.kind == .rightParen { return (labels, advance().end) }
                continue
            }
            if current.kind == .rightParen { return (labels, advance().end) }
            throw unexpected("grouping opts", expected: "\",\" or \")\"")
        }
    }
}

extension TokenKind {
    /// Tokens Prometheus accepts as a label name in grouping clauses
    /// (its `maybe_label` rule; note that `without` is not among them).
    var canBeLabelName: Bool {
        switch self {
        case .identifier, .metricIdentifier, .aggregator, .bool, .by, .groupLeft, .groupRight, .ignoring,
             .land, .lor, .lunless, .offset, .on, .start, .end, .atan2, .step, .range, .anchored, .smoothed:
            return true
        default:
            return false
        }
    }
}
