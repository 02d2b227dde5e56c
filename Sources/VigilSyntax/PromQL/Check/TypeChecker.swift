import VigilCore

/// Prometheus's `checkAST`: argument, parameter and operand types, vector
/// matching rules and selector sanity, with its messages and positions. It
/// also normalises binary expressions as Prometheus does: set operators
/// become many-to-many, and matching is dropped when a side is a scalar.
/// Traversal order follows Prometheus so the first error is the same one.
struct TypeChecker {
    let bytes: [UInt8]
    let lines: LineTable

    mutating func check(_ expr: Expr) throws(ParseError) -> Expr {
        try visit(expr, bypassEmptyMatcherCheck: false).expr
    }

    /// A checked node and its type, computed bottom-up once (asking
    /// `Expr.type` at every level would walk operator chains repeatedly).
    typealias Checked = (expr: Expr, type: ValueType)

    func failure(_ message: String, _ sourceRange: SourceRange) -> ParseError {
        ParseError(range: sourceRange, message: message)
    }

    /// Dispatches to one small function per node kind, so the recursion's
    /// stack frames stay small (the nesting limit relies on it).
    private func visit(_ expr: Expr, bypassEmptyMatcherCheck: Bool) throws(ParseError) -> Checked {
        switch expr {
        case .number:
            return (expr, .scalar)
        case .string:
            return (expr, .string)
        case .vectorSelector(let selector):
            try checkSelector(selector, bypassEmptyMatcherCheck: bypassEmptyMatcherCheck)
            return (expr, .instantVector)
        case .matrixSelector(let matrix):
            try checkSelector(matrix.selector, bypassEmptyMatcherCheck: bypassEmptyMatcherCheck)
            return (expr, .rangeVector)
        case .paren(let paren): return try checkParen(paren)
        case .unary(let unary): return try checkUnary(unary)
        case .subquery(let subquery): return try checkSubquery(subquery)
        case .aggregate(let aggregate): return try checkAggregate(aggregate)
        case .call(let call): return try checkCall(call)
        case .binary(let binary): return try checkBinary(binary)
        }
    }

    @inline(never)
    private func checkParen(_ original: ParenExpr) throws(ParseError) -> Checked {
        var paren = original
        let inner = try visit(paren.expr, bypassEmptyMatcherCheck: false)
        paren.expr = inner.expr
        return (.paren(paren), inner.type)
    }

    @inline(never)
    private func checkUnary(_ original: UnaryExpr) throws(ParseError) -> Checked {
        var unary = original
        let inner = try visit(unary.expr, bypassEmptyMatcherCheck: false)
        unary.expr = inner.expr
        let type = inner.type
        if type != .scalar && type != .instantVector {
            throw failure("unary expression only allowed on expressions of type scalar or instant vector, "
                          + "got \(GoString.quote(type.documentedName))", unary.sourceRange)
        }
        return (.unary(unary), type)
    }

    @inline(never)
    private func checkSubquery(_ original: SubqueryExpr) throws(ParseError) -> Checked {
        var subquery = original
        let inner = try visit(subquery.expr, bypassEmptyMatcherCheck: false)
        subquery.expr = inner.expr
        let type = inner.type
        if type != .instantVector {
            throw failure("subquery is only allowed on instant vector, got \(type.internalName) instead",
                          subquery.sourceRange)
        }
        return (.subquery(subquery), .rangeVector)
    }

    @inline(never)
    private func checkAggregate(_ original: AggregateExpr) throws(ParseError) -> Checked {
        var aggregate = original
        aggregate.expr = try expect(aggregate.expr, .instantVector, "aggregation expression")
        if let param = aggregate.param, let wanted = aggregate.op.parameterType {
            aggregate.param = try expect(param, wanted, "aggregation parameter")
        }
        return (.aggregate(aggregate), .instantVector)
    }

    private func expect(_ expr: Expr, _ wanted: ValueType, _ context: String) throws(ParseError) -> Expr {
        let checked = try visit(expr, bypassEmptyMatcherCheck: false)
        if checked.type != wanted {
            throw failure("expected type \(wanted.documentedName) in \(context), got \(checked.type.documentedName)",
                          checked.expr.sourceRange)
        }
        return checked.expr
    }

    private func checkSelector(_ selector: VectorSelector, bypassEmptyMatcherCheck: Bool) throws(ParseError) {
        if let name = selector.name {
            // The last matcher is the one for the name outside the braces.
            for matcher in selector.matchers.dropLast() where matcher.name == "__name__" {
                throw failure("metric name must not be set twice: \(GoString.quote(name)) or "
                              + "\(GoString.quote(matcher.value))", selector.sourceRange)
            }
            return
        }
        if !bypassEmptyMatcherCheck && !selector.matchers.contains(where: { !$0.matchesEmpty }) {
            throw failure("vector selector must contain at least one non-empty matcher", selector.sourceRange)
        }
    }

    @inline(never)
    private func checkCall(_ original: Call) throws(ParseError) -> Checked {
        var call = original
        let function = call.function
        let name = GoString.quote(function.name)
        let declared = function.argumentTypes.count
        let count = call.args.count
        if function.variadic == 0 {
            if declared != count {
                throw failure("expected \(declared) argument(s) in call to \(name), got \(count)", call.sourceRange)
            }
        } else {
            let required = declared - 1
            if required > count {
                throw failure("expected at least \(required) argument(s) in call to \(name), got \(count)",
                              call.sourceRange)
            } else if function.variadic > 0 && required + function.variadic < count {
                throw failure("expected at most \(required + function.variadic) argument(s) in call to \(name), "
                              + "got \(count)", call.sourceRange)
            }
        }
        var bypassSecondArgument = false
        if function.id == .info && count > 1 {
            let labelSelector = call.args[1]
            if labelSelector.type != .instantVector {
                throw failure("expected type instant vector in call to function \(name), got "
                              + "\(labelSelector.type.documentedName)", call.sourceRange)
            }
            guard case .vectorSelector(let selector) = labelSelector else {
                throw failure("expected label selectors only", labelSelector.sourceRange)
            }
            if selector.name != nil {
                throw failure("expected label selectors only, got vector selector instead", labelSelector.sourceRange)
            }
            bypassSecondArgument = true
        }
        for index in call.args.indices {
            if index >= declared && function.variadic == 0 { break }
            let wanted = function.argumentType(at: index)
            let checked = try visit(call.args[index], bypassEmptyMatcherCheck: bypassSecondArgument && index == 1)
            if checked.type != wanted {
                throw failure("expected type \(wanted.documentedName) in call to function \(name), got "
                              + "\(checked.type.documentedName)", checked.expr.sourceRange)
            }
            call.args[index] = checked.expr
        }
        return (.call(call), function.returnType)
    }

    @inline(never)
    private func checkBinary(_ original: BinaryExpr) throws(ParseError) -> Checked {
        var binary = original
        let lhs = try visit(binary.lhs, bypassEmptyMatcherCheck: false)
        let rhs = try visit(binary.rhs, bypassEmptyMatcherCheck: false)
        binary.lhs = lhs.expr
        binary.rhs = rhs.expr
        let lhsType = lhs.type
        let rhsType = rhs.type
        let op = binary.op
        if binary.returnBool && !op.isComparison {
            throw failure("bool modifier can only be used on comparison operators", operatorRange(binary))
        }
        if op.isComparison && !binary.returnBool && lhsType == .scalar && rhsType == .scalar {
            throw failure("comparisons between scalars must use BOOL modifier", operatorRange(binary))
        }
        var matching = binary.matching ?? VectorMatching()
        if op.isSetOperator && matching.cardinality == .oneToOne { matching.cardinality = .manyToMany }
        if matching.on {
            for label in matching.matchingLabels where matching.include.contains(label) {
                throw failure("label \(GoString.quote(label)) must not occur in ON and GROUP clause at once",
                              operatorRange(binary))
            }
        }
        if lhsType != .scalar && lhsType != .instantVector {
            throw failure("binary expression must contain only scalar and instant vector types", binary.lhs.sourceRange)
        }
        if rhsType != .scalar && rhsType != .instantVector {
            throw failure("binary expression must contain only scalar and instant vector types", binary.rhs.sourceRange)
        }
        if lhsType != .instantVector || rhsType != .instantVector {
            if !matching.matchingLabels.isEmpty {
                throw failure("vector matching only allowed between instant vectors", binary.sourceRange)
            }
            if matching.fill != nil {
                throw failure("filling in missing series only allowed between instant vectors", binary.sourceRange)
            }
            binary.matching = nil
        } else {
            if op.isSetOperator {
                if matching.cardinality == .oneToMany || matching.cardinality == .manyToOne {
                    throw failure("no grouping allowed for \(GoString.quote(op.rawValue)) operation", binary.sourceRange)
                }
                if matching.fill != nil {
                    throw failure("filling in missing series not allowed for set operators", binary.sourceRange)
                }
            }
            binary.matching = matching
        }
        if (lhsType == .scalar || rhsType == .scalar) && op.isSetOperator {
            throw failure("set operator \(GoString.quote(op.rawValue)) not allowed in binary scalar expression",
                          binary.sourceRange)
        }
        return (.binary(binary), lhsType == .scalar && rhsType == .scalar ? .scalar : .instantVector)
    }

    /// The operator and its modifiers: from the first non-space after the
    /// left operand to the last non-space before the right one.
    private func operatorRange(_ binary: BinaryExpr) -> SourceRange {
        var start = binary.lhs.sourceRange.end.offset
        var end = binary.rhs.sourceRange.start.offset
        while start < end, isSpace(Int32(bytes[start])) { start += 1 }
        while end > start, isSpace(Int32(bytes[end - 1])) { end -= 1 }
        return lines.range(start, end)
    }
}
