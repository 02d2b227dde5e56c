import Testing
import VigilSyntax

/// A structural rendering of an AST for precedence tests: operators in
/// prefix form, every node in parentheses.
func structure(_ expr: Expr) -> String {
    switch expr {
    case .number(let literal): return literal.description
    case .string(let literal): return "\"\(literal.value)\""
    case .vectorSelector(let selector): return selector.name ?? "{…}"
    case .matrixSelector(let matrix): return "\(matrix.selector.name ?? "{…}")[\(matrix.range)]"
    case .subquery(let subquery): return "(subquery \(structure(subquery.expr)))"
    case .call(let call): return "(\(call.function.name) " + call.args.map(structure).joined(separator: " ") + ")"
    case .aggregate(let aggregate):
        let param = aggregate.param.map { structure($0) + " " } ?? ""
        return "(\(aggregate.op.rawValue) \(param)\(structure(aggregate.expr)))"
    case .binary(let binary): return "(\(binary.op.rawValue) \(structure(binary.lhs)) \(structure(binary.rhs)))"
    case .unary(let unary): return "(\(unary.op.rawValue) \(structure(unary.expr)))"
    case .paren(let paren): return "(paren \(structure(paren.expr)))"
    }
}

/// The full error text (`line:column: parse error: ...`) for a query that must fail.
func errorText(_ query: String, options: PromQLParser.Options = .init()) -> String {
    do {
        let expr = try PromQLParser(options: options).parse(query)
        return "parsed: \(expr)"
    } catch {
        return error.description
    }
}

func parse(_ query: String, options: PromQLParser.Options = .all) throws -> Expr {
    try PromQLParser(options: options).parse(query)
}
