import VigilCore
import VigilSyntax

/// Turns a type-checked `Expr` into a tree of operators for a step grid
/// (Mimir's planner is the model). Each node becomes one operator; a
/// subquery plans its inner expression for its own grid.
struct Planner {
    let context: QueryContext

    /// An instant-vector expression.
    func instant(_ expr: Expr, _ grid: StepGrid) throws -> InstantVectorOperator {
        if grid.count > 1, !isLiteral(expr), StepInvariance.isInvariant(expr) {
            let single = try instant(expr, StepGrid(instant: grid.start))
            return BroadcastVector(child: single, context: context, steps: grid.count)
        }
        switch expr {
        case .paren(let node):
            return try instant(node.expr, grid)
        case .vectorSelector(let selector):
            return try InstantVectorSelector(context: context, grid: grid, selector: selector)
        case .call(let call):
            return try function(call, grid)
        case .aggregate(let node):
            return try aggregation(node, grid)
        case .binary(let node):
            return try binary(node, grid)
        case .unary(let node):
            let child = try instant(node.expr, grid)
            return node.op == .minus ? UnaryNegation(child: child, context: context) : child
        case .number, .string, .matrixSelector, .subquery:
            throw QueryError.invalid("expected an instant vector, got \(expr.type.documentedName)")
        }
    }

    /// A scalar expression.
    func scalar(_ expr: Expr, _ grid: StepGrid) throws -> ScalarOperator {
        if grid.count > 1, !isLiteral(expr), StepInvariance.isInvariant(expr) {
            return BroadcastScalar(child: try scalar(expr, StepGrid(instant: grid.start)), steps: grid.count)
        }
        switch expr {
        case .number(let literal):
            return ConstantScalar(literal.value, steps: grid.count)
        case .paren(let node):
            return try scalar(node.expr, grid)
        case .unary(let node):
            let child = try scalar(node.expr, grid)
            return node.op == .minus ? ScalarNegation(child: child) : child
        case .binary(let node):
            return ScalarBinaryOperation(op: node.op, lhs: try scalar(node.lhs, grid), rhs: try scalar(node.rhs, grid))
        case .call(let call):
            return try scalarFunction(call, grid)
        default:
            throw QueryError.invalid("expected a scalar, got \(expr.type.documentedName)")
        }
    }

    /// A range-vector expression (the argument of a range function).
    func range(_ expr: Expr, _ grid: StepGrid) throws -> RangeVectorOperator {
        switch expr {
        case .paren(let node):
            return try range(node.expr, grid)
        case .matrixSelector(let selector):
            return try RangeVectorSelector(context: context, grid: grid, selector: selector)
        case .subquery(let subquery):
            return try Subquery(context: context, outerGrid: grid, subquery: subquery) { innerGrid in
                try instant(subquery.expr, innerGrid)
            }
        default:
            throw QueryError.invalid("expected a range vector, got \(expr.type.documentedName)")
        }
    }

    /// The shared vector operators on `grid`.
    func builder(_ grid: StepGrid) -> OperatorBuilder { OperatorBuilder(context: context, steps: grid.count) }

    private func isLiteral(_ expr: Expr) -> Bool {
        switch expr {
        case .number, .string: return true
        case .paren(let node): return isLiteral(node.expr)
        default: return false
        }
    }

    /// The string value of a string-literal argument.
    func string(_ expr: Expr) throws -> StringLiteral {
        var inner = expr
        while case .paren(let node) = inner { inner = node.expr }
        guard case .string(let literal) = inner else {
            throw QueryError.invalid("expected a string literal, got \(expr.type.documentedName)")
        }
        return literal
    }
}
