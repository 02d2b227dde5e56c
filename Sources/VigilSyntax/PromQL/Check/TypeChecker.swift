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
        try visit(expr, bypassEmptyMatcherCheck: false)
    }

    func failure(_ message: String, _ sourceRange: SourceRange) -> ParseError {
        ParseError(range: sourceRange, message: message)
    }

    /// Dispatches to one small function per node kind, so the recursion's
    /// stack frames stay small (the nesting limit relies on it).
    private func visit(_ expr: Expr, bypassEmptyMatcherCheck: Bool) throws(ParseError) -> Expr {
        switch expr {
        case .number, .string:
            return expr
        case .vectorSelector(let selector):
            try checkSelector(selector, bypassEmptyMatcherCheck: bypassEmptyMatcherCheck)
            return expr
        case .matrixSelector(let matrix):
            try checkSelector(matrix.selector, bypassEmptyMatcherCheck: bypassEmptyMatcherCheck)
            return expr
        case .paren(let paren): return try checkParen(paren)
        case .unary(let unary): return try checkUnary(unary)
        case .subquery(let subquery): return try checkSubquery(subquery)
        case .aggregate(let aggregate): return try checkAggregate(aggregate)
        case .call(let call): return .call(try checkCall(call))
        case .binary(let binary): return .binary(try checkBinary(binary))
        }
    }

    @inline(never)
    private func checkParen(_ original: ParenExpr) throws(ParseError) -> Expr {
        var paren = original
        paren.expr = try visit(paren.expr, bypassEmptyMatcherCheck: false)
        return .paren(paren)
    }

    @inline(never)
    private func checkUnary(_ original: UnaryExpr) throws(ParseError) -> Expr {
        var unary = original
        unary.expr = try visit(unary.expr, bypassEmptyMatcherCheck: false)
        let type = unary.expr.type
        if type != .scalar && type != .instantVector {
            throw failure("unary expression only allowed on expressions of type scalar or instant vector, "
                          + "got \(GoString.quote(type.documentedName))", unary.sourceRange)
        }
        return .unary(unary)
    }

    @inline(never)
    private func checkSubquery(_ original: SubqueryExpr) throws(ParseError) -> Expr {
        var subquery = original
        subquery.expr = try visit(subquery.expr, bypassEmptyMatcherCheck: false)
        let type = subquery.expr.type
        if type != .instantVector {
            throw failure("subquery is only allowed on instant vector, got \(type.internalName) instead",
                          subquery.sourceRange)
        }
        return .subquery(subquery)
    }

    @inline(never)
    private func checkAggregate(_ original: AggregateExpr) throws(ParseError) -> Expr {
        var aggregate = original
        aggregate.expr = try expect(aggregate.expr, .instantVector, "aggregation expression")
        if let param = aggregate.param, let wanted = aggregate.op.parameterType {
            aggregate.param = try expect(param, wanted, "aggregation parameter")
        }
        return .aggregate(aggregate)
    }

    private func expect(_ expr: Expr, _ wanted: ValueType, _ context: String) throws(ParseError) -> Expr {
        let checked = try visit(expr, bypassEmptyMatcherCheck: false)
        let type = checked.type
        if type != wanted {
            throw failure("expected type \(wanted.documentedName) in \(context), got \(type.documentedName)",
                          checked.sourceRange)
        }
        return checked
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
    private func checkCall(_ original: Call) throws(ParseError) -> Call {
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
            let type = checked.type
            if type != wanted {
                throw failure("expected type \(wanted.documentedName) in call to function \(name), got "
                              + "\(type.documentedName)", checked.sourceRange)
            }
            call.args[index] = checked
        }
        return call
    }

    @inline(never)
    private func checkBinary(_ original: BinaryExpr) throws(ParseError) -> BinaryExpr {
        var binary = original
        binary.lhs = try visit(binary.lhs, bypassEmptyMatcherCheck: false)
        binary.rhs = try visit(binary.rhs, bypassEmptyMatcherCheck: false)
        let lhsType = binary.lhs.type
        let rhsType = binary.rhs.type
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
        return binary
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
