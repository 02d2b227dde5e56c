import Foundation
import VigilCore

/// Metric expressions: binary operators by precedence climbing, range and
/// vector aggregations, `label_replace`, `vector()`, literals.
extension LogQLParserCore {
    mutating func parseExpression(minimumPrecedence: Int = 0) throws(ParseError) -> LogQLExpr {
        try enter()
        defer { leave() }
        let start = current.start
        var lhs = try parseOperand()
        while let op = kind.binaryOperator, op.precedence >= minimumPrecedence {
            let operatorToken = advance()
            let (returnBool, matching) = try parseBinaryModifiers(op)
            let next = op.isRightAssociative ? op.precedence : op.precedence + 1
            let rhs = try parseExpression(minimumPrecedence: next)
            lhs = try binary(op, lhs, rhs, returnBool: returnBool, matching: matching, at: operatorToken,
                             start: start)
        }
        return lhs
    }

    mutating func parseOperand() throws(ParseError) -> LogQLExpr {
        let token = current
        switch token.kind {
        case .leftParen:
            advance()
            let inner = try parseExpression()
            try expect(.rightParen, ")")
            return inner
        case .leftBrace:
            return .log(try parseLogSelector())
        case .number:
            advance()
            return .literal(LogQLNumber(try literal(token.text, at: token)))
        case .add, .sub:
            guard peekKind() == .number else { throw unexpected() }
            advance()
            let number = advance()
            let value = try literal(number.text, at: number)
            return .literal(LogQLNumber(token.kind == .sub ? -value : value))
        case .rangeOperation(let operation):
            return .rangeAggregation(try parseRangeAggregation(operation))
        case .vectorOperation(let operation):
            return .vectorAggregation(try parseVectorAggregation(operation))
        case .labelReplace:
            return .labelReplace(try parseLabelReplace())
        case .vector:
            advance()
            try expect(.leftParen, "(")
            let number = try expect(.number, "NUMBER")
            guard let value = try? GoStrconv.parseFloat(number.text) else {
                throw failure("unable to parse vectorExpr as a float: \(floatError(number.text))", at: number)
            }
            try expect(.rightParen, ")")
            return .vector(LogQLNumber(value))
        default:
            throw unexpected()
        }
    }

    /// `strconv.ParseFloat` of a number token.
    func literal(_ text: String, at token: LogQLToken) throws(ParseError) -> Double {
        do {
            return try GoStrconv.parseFloat(text)
        } catch {
            throw failure("unable to parse literal as a float: \(error.description)", at: token)
        }
    }

    func floatError(_ text: String) -> String {
        do { _ = try GoStrconv.parseFloat(text); return "" } catch { return error.description }
    }

    /// An operand that must be a metric expression (inside aggregations):
    /// a log query there is a syntax error at the token after it.
    mutating func parseMetricExpression() throws(ParseError) -> LogQLExpr {
        let expr = try parseExpression()
        if expr.isLogQuery { throw unexpected() }
        return expr
    }

    // MARK: Binary operators

    /// `bool`, `on (...)` / `ignoring (...)`, `group_left [(...)]` / `group_right [(...)]`.
    mutating func parseBinaryModifiers(_ op: BinaryOperator) throws(ParseError) -> (Bool, VectorMatching) {
        let returnBool = accept(.bool)
        var matching = VectorMatching(cardinality: op.isSetOperator ? .manyToMany : .oneToOne)
        guard kind == .on || kind == .ignoring else { return (returnBool, matching) }
        matching.on = advance().kind == .on
        matching.matchingLabels = try parseLabelList()
        if kind == .groupLeft || kind == .groupRight {
            let group = advance()
            if !op.isSetOperator {
                matching.cardinality = group.kind == .groupLeft ? .manyToOne : .oneToMany
            }
            // `group_left (` is a label list only when a name or `)` follows;
            // otherwise the parenthesis opens the right-hand side.
            if kind == .leftParen, peekKind() == .identifier || peekKind() == .rightParen {
                matching.include = try parseLabelList()
            }
        }
        return (returnBool, matching)
    }

    /// `( a, b )`, possibly empty.
    mutating func parseLabelList() throws(ParseError) -> [String] {
        try expect(.leftParen, "(")
        var labels: [String] = []
        if accept(.rightParen) { return labels }
        while true {
            labels.append(try expect(.identifier, "IDENTIFIER or )").text)
            if accept(.rightParen) { return labels }
            try expect(.comma, ", or )")
        }
    }

    /// Loki's `mustNewBinOpExpr`: both sides must be metric expressions, set
    /// operators take no literal, and two literals are folded into one.
    func binary(_ op: BinaryOperator, _ lhs: LogQLExpr, _ rhs: LogQLExpr, returnBool: Bool, matching: VectorMatching,
                at token: LogQLToken, start: Int) throws(ParseError) -> LogQLExpr {
        if lhs.isLogQuery {
            throw failure("unexpected type for left leg of binary operation (\(op.rawValue)): log query", at: token)
        }
        if rhs.isLogQuery {
            throw failure("unexpected type for right leg of binary operation (\(op.rawValue)): log query", at: token)
        }
        if op.isSetOperator {
            if case .literal(let value) = lhs {
                throw failure("unexpected literal for left leg of logical/set binary operation (\(op.rawValue)): "
                              + GoFloat.format(value.value, .f, precision: 6), at: token)
            }
            if case .literal(let value) = rhs {
                throw failure("unexpected literal for right leg of logical/set binary operation (\(op.rawValue)): "
                              + GoFloat.format(value.value, .f, precision: 6), at: token)
            }
        }
        if case .literal(let left) = lhs, case .literal(let right) = rhs {
            return .literal(LogQLNumber(LogQLLiteralArithmetic.apply(op, left.value, right.value)))
        }
        return .binary(LogQLBinaryExpr(op: op, lhs: lhs, rhs: rhs, returnBool: returnBool, matching: matching))
    }

    // MARK: Aggregations

    /// `op([k,] expr)` with `by`/`without` before or after the arguments.
    mutating func parseVectorAggregation(_ operation: LogVectorOperation) throws(ParseError) -> VectorAggregation {
        let opToken = advance()
        var grouping: LogQLGrouping? = nil
        if kind == .by || kind == .without { grouping = try parseGrouping() }
        try expect(.leftParen, "(")
        var parameter: LogQLToken? = nil
        if kind == .number, peekKind() == .comma {
            parameter = advance()
            advance()
        }
        let expr = try parseMetricExpression()
        try expect(.rightParen, ")")
        if grouping == nil, kind == .by || kind == .without { grouping = try parseGrouping() }
        let name = operation.rawValue
        var k: Int? = nil
        if operation.takesParameter {
            guard let parameter else { throw failure("parameter required for operation \(name)", at: opToken) }
            guard let value = Int(parameter.text) else {
                throw failure("invalid parameter \(name)(\(parameter.text),", at: parameter)
            }
            guard value > 0 else {
                throw failure("invalid parameter (must be greater than 0) \(name)(\(parameter.text)", at: parameter)
            }
            k = value
        } else if let parameter {
            throw failure("unsupported parameter for operation \(name)(\(parameter.text),", at: parameter)
        }
        let groups = grouping ?? LogQLGrouping(labels: [], without: false)
        if (operation == .sort || operation == .sortDesc) && !groups.labels.isEmpty {
            throw failure("sort and sort_desc doesn't allow grouping by ", at: opToken)
        }
        return VectorAggregation(operation: operation, expr: expr, parameter: k, grouping: groups)
    }

    /// `op([φ,] log-range) [by|without (...)]` with Loki's validation.
    mutating func parseRangeAggregation(_ operation: LogRangeOperation) throws(ParseError) -> RangeAggregation {
        let opToken = advance()
        try expect(.leftParen, "(")
        var parameterToken: LogQLToken? = nil
        if kind == .number, peekKind() == .comma {
            parameterToken = advance()
            advance()
        }
        let range = try parseLogRange()
        try expect(.rightParen, ")")
        var grouping: LogQLGrouping? = nil
        if kind == .by || kind == .without { grouping = try parseGrouping() }
        let name = operation.rawValue
        var parameter: Double? = nil
        if let parameterToken {
            guard operation == .quantileOverTime else {
                throw failure("parameter \(parameterToken.text) not supported for operation \(name)", at: parameterToken)
            }
            do {
                parameter = try GoStrconv.parseFloat(parameterToken.text)
            } catch {
                throw failure("invalid parameter for operation \(name): \(error.description)", at: parameterToken)
            }
        } else if operation == .quantileOverTime {
            throw failure("parameter required for operation \(name)", at: opToken)
        }
        if grouping != nil, !operation.allowsGrouping {
            throw failure("grouping not allowed for \(name) aggregation", at: opToken)
        }
        if range.unwrap != nil {
            if !operation.allowsUnwrap { throw failure("invalid aggregation \(name) with unwrap", at: opToken) }
        } else if !operation.allowsLogLines {
            throw failure("invalid aggregation \(name) without unwrap", at: opToken)
        }
        return RangeAggregation(operation: operation, range: range, parameter: parameter, grouping: grouping)
    }

    /// `by (a, b)` or `without (...)`.
    mutating func parseGrouping() throws(ParseError) -> LogQLGrouping {
        let without = advance().kind == .without
        return LogQLGrouping(labels: try parseLabelList(), without: without)
    }

    /// `label_replace(expr, "dst", "replacement", "src", "regex")`.
    mutating func parseLabelReplace() throws(ParseError) -> LogQLLabelReplace {
        advance()
        try expect(.leftParen, "(")
        let expr = try parseMetricExpression()
        var strings: [LogQLToken] = []
        for _ in 0..<4 {
            try expect(.comma, ",")
            strings.append(try expect(.string, "STRING"))
        }
        try expect(.rightParen, ")")
        do {
            _ = try RE2Regex("^(?:" + strings[3].text + ")$")
        } catch {
            throw failure("invalid regex in label_replace: \(error.description)", at: strings[3])
        }
        return LogQLLabelReplace(expr: expr, destination: strings[0].text, replacement: strings[1].text,
                                 source: strings[2].text, regex: strings[3].text)
    }
}

/// Loki's `MergeBinOp` on two literals (no filtering): comparisons give 0
/// or 1, division and modulo by zero give NaN.
enum LogQLLiteralArithmetic {
    static func apply(_ op: BinaryOperator, _ left: Double, _ right: Double) -> Double {
        switch op {
        case .add: return left + right
        case .sub: return left - right
        case .mul: return left * right
        case .div: return right == 0 ? .nan : left / right
        case .mod: return right == 0 ? .nan : goMod(left, right)
        case .pow: return goPow(left, right)
        case .eql: return left == right ? 1 : 0
        case .neq: return left != right ? 1 : 0
        case .gtr: return left > right ? 1 : 0
        case .gte: return left >= right ? 1 : 0
        case .lss: return left < right ? 1 : 0
        case .lte: return left <= right ? 1 : 0
        default: return .nan
        }
    }

    /// Go's `math.Mod`: the result has the sign of `x`.
    static func goMod(_ x: Double, _ y: Double) -> Double {
        x.truncatingRemainder(dividingBy: y)
    }

    /// Go's `math.Pow` special cases match C's `pow`.
    static func goPow(_ x: Double, _ y: Double) -> Double {
        if y == 0 { return 1 }
        if x == 1 { return 1 }
        return Foundation.pow(x, y)
    }
}
