/// A PromQL expression. The cases are exhaustive: an evaluator switches
/// over them. Every node keeps the `SourceRange` of the text it came from;
/// equality and hashing ignore positions, so `parse(e.description) == e`.
public indirect enum Expr: Hashable, Sendable {
    case number(NumberLiteral)
    case string(StringLiteral)
    case vectorSelector(VectorSelector)
    case matrixSelector(MatrixSelector)
    case subquery(SubqueryExpr)
    case call(Call)
    case aggregate(AggregateExpr)
    case binary(BinaryExpr)
    case unary(UnaryExpr)
    /// Kept as a node so the printer reproduces the parentheses.
    case paren(ParenExpr)

    /// The text this expression was parsed from.
    public var sourceRange: SourceRange {
        switch self {
        case .number(let node): return node.sourceRange
        case .string(let node): return node.sourceRange
        case .vectorSelector(let node): return node.sourceRange
        case .matrixSelector(let node): return node.sourceRange
        case .subquery(let node): return node.sourceRange
        case .call(let node): return node.sourceRange
        case .aggregate(let node): return node.sourceRange
        case .binary(let node): return node.sourceRange
        case .unary(let node): return node.sourceRange
        case .paren(let node): return node.sourceRange
        }
    }

    /// The type the expression evaluates to, as Prometheus's `Expr.Type()`.
    public var type: ValueType {
        switch self {
        case .number: return .scalar
        case .string: return .string
        case .vectorSelector: return .instantVector
        case .matrixSelector, .subquery: return .rangeVector
        case .call(let node): return node.function.returnType
        case .aggregate: return .instantVector
        case .binary(let node):
            return node.lhs.type == .scalar && node.rhs.type == .scalar ? .scalar : .instantVector
        case .unary(let node): return node.expr.type
        case .paren(let node): return node.expr.type
        }
    }

    /// The direct subexpressions, in source order (durations are not expressions).
    public var children: [Expr] {
        switch self {
        case .number, .string, .vectorSelector, .matrixSelector: return []
        case .subquery(let node): return [node.expr]
        case .call(let node): return node.args
        case .aggregate(let node): return node.param.map { [$0, node.expr] } ?? [node.expr]
        case .binary(let node): return [node.lhs, node.rhs]
        case .unary(let node): return [node.expr]
        case .paren(let node): return [node.expr]
        }
    }
}

/// Float equality for literals: NaN equals NaN, and `-0` differs from `0`
/// (both print differently), so equal ASTs print identically.
@inline(__always)
func literalValuesEqual(_ lhs: Double, _ rhs: Double) -> Bool {
    lhs.bitPattern == rhs.bitPattern || (lhs.isNaN && rhs.isNaN)
}

@inline(__always)
func hashLiteralValue(_ value: Double, into hasher: inout Hasher) {
    hasher.combine(value.isNaN ? Double.nan.bitPattern : value.bitPattern)
}
