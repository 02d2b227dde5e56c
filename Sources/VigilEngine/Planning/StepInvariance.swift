import VigilSyntax

/// Prometheus's `preprocessExprHelper`: a subtree is step-invariant when
/// every selector in it has an `@` and it calls no function whose result
/// depends on the evaluation time. Such subtrees are evaluated once and
/// broadcast to every step.
enum StepInvariance {
    /// Functions whose result changes with the evaluation time even when
    /// their arguments do not (`AtModifierUnsafeFunctions`).
    static let unsafeFunctions: Set<PromQLFunction.ID> = [
        .daysInMonth, .dayOfMonth, .dayOfWeek, .dayOfYear, .hour, .minute, .month, .year,
        .predictLinear, .time, .timestamp,
    ]

    static func isInvariant(_ expr: Expr) -> Bool {
        switch expr {
        case .number, .string: return true
        case .vectorSelector(let selector): return selector.at != nil
        case .matrixSelector(let selector): return selector.selector.at != nil
        case .subquery(let subquery): return subquery.at != nil
        case .aggregate(let node): return isInvariant(node.expr)
        case .binary(let node): return isInvariant(node.lhs) && isInvariant(node.rhs)
        case .call(let node):
            if unsafeFunctions.contains(node.function.id) { return false }
            // The query-bound functions depend on the query, not the step.
            return node.args.allSatisfy(isInvariant)
        case .paren(let node): return isInvariant(node.expr)
        case .unary(let node): return isInvariant(node.expr)
        }
    }
}
