import VigilSyntax

/// `promqltest`'s `atModifierTestCases`: an instant query is also run with
/// `@ <eval time>` on every selector and subquery that has none (not
/// inside a subquery that has one) at other evaluation times, and must give
/// the same result. Queries calling a function whose result depends on the
/// evaluation time are left out.
enum AtModifierVariants {
    static let unsafeFunctions: Set<PromQLFunction.ID> = [
        .daysInMonth, .dayOfMonth, .dayOfWeek, .dayOfYear, .hour, .minute, .month, .year,
        .predictLinear, .time, .timestamp,
        // The query's bounds change with the evaluation time too.
        .start, .end, .step, .range,
    ]

    /// The rewritten query text and the evaluation times to run it at.
    static func variants(of text: String, at time: Int64) -> (query: String, times: [Int64])? {
        guard let expr = try? PromQLParser(options: .all).parse(text), !callsUnsafeFunction(expr) else { return nil }
        let rewritten = pin(expr, at: time)
        let times: [Int64] = time == 0 ? [-1000, 0, 1000] : [-10 * time, 0, time / 5, time, 10 * time]
        return (rewritten.description, times)
    }

    private static func callsUnsafeFunction(_ expr: Expr) -> Bool {
        if case .call(let call) = expr, unsafeFunctions.contains(call.function.id) { return true }
        return expr.children.contains(where: callsUnsafeFunction)
    }

    private static func pin(_ expr: Expr, at time: Int64) -> Expr {
        switch expr {
        case .number, .string: return expr
        case .vectorSelector(var selector):
            if selector.at == nil { selector.at = .timestamp(time) }
            return .vectorSelector(selector)
        case .matrixSelector(var selector):
            if selector.selector.at == nil { selector.selector.at = .timestamp(time) }
            return .matrixSelector(selector)
        case .subquery(var subquery):
            // A subquery gets the `@`; what is inside it keeps its own times.
            if subquery.at == nil { subquery.at = .timestamp(time) }
            return .subquery(subquery)
        case .call(var call):
            call.args = call.args.map { pin($0, at: time) }
            return .call(call)
        case .aggregate(var node):
            node.expr = pin(node.expr, at: time)
            node.param = node.param.map { pin($0, at: time) }
            return .aggregate(node)
        case .binary(var node):
            node.lhs = pin(node.lhs, at: time)
            node.rhs = pin(node.rhs, at: time)
            return .binary(node)
        case .unary(var node):
            node.expr = pin(node.expr, at: time)
            return .unary(node)
        case .paren(var node):
            node.expr = pin(node.expr, at: time)
            return .paren(node)
        }
    }
}
