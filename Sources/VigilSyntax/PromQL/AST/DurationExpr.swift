/// A range, subquery step or offset: a constant, or (with the experimental
/// duration expressions) an expression resolved per query.
public enum DurationValue: Hashable, Sendable {
    /// Milliseconds; negative only for offsets.
    case constant(Int64)
    /// `[5m + step()]`, `offset (1h * 2)`: depends on the query's step and range.
    case expression(DurationExpr)

    /// The value when it does not depend on the query.
    public var constantMilliseconds: Int64? {
        if case .constant(let value) = self { return value }
        return nil
    }
}

/// Arithmetic on durations (`--enable-feature=promql-duration-expr`).
/// Values are seconds, as in Prometheus: `5m` is the literal 300.
public indirect enum DurationExpr: Hashable, Sendable {
    case number(NumberLiteral)
    /// `step()`: the query's step (0 for an instant query).
    case step(SourceRange)
    /// `range()`: the query's end minus start (0 for an instant query).
    case range(SourceRange)
    /// Unary minus on a non-literal (a literal is negated in place).
    case negate(DurationExpr, SourceRange)
    case binary(DurationOperator, DurationExpr, DurationExpr)
    /// `min_of(a, b)`
    case minOf(DurationExpr, DurationExpr, SourceRange)
    /// `max_of(a, b)`
    case maxOf(DurationExpr, DurationExpr, SourceRange)
    /// Kept so the printer reproduces the parentheses.
    case paren(DurationExpr, SourceRange)

    public var sourceRange: SourceRange {
        switch self {
        case .number(let literal): return literal.sourceRange
        case .step(let range), .range(let range), .negate(_, let range), .minOf(_, _, let range),
             .maxOf(_, _, let range), .paren(_, let range):
            return range
        case .binary(_, let lhs, let rhs):
            return SourceRange(start: lhs.sourceRange.start, end: rhs.sourceRange.end)
        }
    }

    public static func == (lhs: DurationExpr, rhs: DurationExpr) -> Bool {
        switch (lhs, rhs) {
        case (.number(let a), .number(let b)): return a == b
        case (.step, .step), (.range, .range): return true
        case (.negate(let a, _), .negate(let b, _)): return a == b
        case (.binary(let opA, let a1, let a2), .binary(let opB, let b1, let b2)):
            return opA == opB && a1 == b1 && a2 == b2
        case (.minOf(let a1, let a2, _), .minOf(let b1, let b2, _)),
             (.maxOf(let a1, let a2, _), .maxOf(let b1, let b2, _)):
            return a1 == b1 && a2 == b2
        case (.paren(let a, _), .paren(let b, _)): return a == b
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .number(let literal): hasher.combine(0); hasher.combine(literal)
        case .step: hasher.combine(1)
        case .range: hasher.combine(2)
        case .negate(let inner, _): hasher.combine(3); hasher.combine(inner)
        case .binary(let op, let lhs, let rhs): hasher.combine(4); hasher.combine(op); hasher.combine(lhs); hasher.combine(rhs)
        case .minOf(let lhs, let rhs, _): hasher.combine(5); hasher.combine(lhs); hasher.combine(rhs)
        case .maxOf(let lhs, let rhs, _): hasher.combine(6); hasher.combine(lhs); hasher.combine(rhs)
        case .paren(let inner, _): hasher.combine(7); hasher.combine(inner)
        }
    }
}
