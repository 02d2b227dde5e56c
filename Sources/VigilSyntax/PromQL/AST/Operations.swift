/// `rate(x[5m])`: a call of a function from `PromQLFunction.all`.
public struct Call: Hashable, Sendable {
    public var function: PromQLFunction
    public var args: [Expr]
    public var sourceRange: SourceRange

    public init(function: PromQLFunction, args: [Expr], sourceRange: SourceRange) {
        self.function = function
        self.args = args
        self.sourceRange = sourceRange
    }

    public static func == (lhs: Call, rhs: Call) -> Bool { lhs.function == rhs.function && lhs.args == rhs.args }
    public func hash(into hasher: inout Hasher) { hasher.combine(function); hasher.combine(args) }
}

/// `sum by (job) (x)`, `topk(5, x)`, `count_values("v", x)`.
public struct AggregateExpr: Hashable, Sendable {
    public var op: AggregationOperator
    public var expr: Expr
    /// The first argument of `topk`, `bottomk`, `quantile`, `count_values`, `limitk`, `limit_ratio`.
    public var param: Expr?
    /// The `by` or `without` labels; empty for neither (or `by ()`).
    public var grouping: [String]
    public var without: Bool
    public var sourceRange: SourceRange

    public init(op: AggregationOperator, expr: Expr, param: Expr? = nil, grouping: [String] = [],
                without: Bool = false, sourceRange: SourceRange) {
        self.op = op
        self.expr = expr
        self.param = param
        self.grouping = grouping
        self.without = without
        self.sourceRange = sourceRange
    }

    public static func == (lhs: AggregateExpr, rhs: AggregateExpr) -> Bool {
        lhs.op == rhs.op && lhs.expr == rhs.expr && lhs.param == rhs.param && lhs.grouping == rhs.grouping
            && lhs.without == rhs.without
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(op); hasher.combine(expr); hasher.combine(param); hasher.combine(grouping); hasher.combine(without)
    }
}

/// How series on the two sides of a vector/vector operation are paired.
public enum Cardinality: String, Hashable, Sendable {
    case oneToOne = "one-to-one"
    /// `group_left`
    case manyToOne = "many-to-one"
    /// `group_right`
    case oneToMany = "one-to-many"
    /// Set operators (`and`, `or`, `unless`).
    case manyToMany = "many-to-many"
}

/// The experimental `fill`, `fill_left`, `fill_right` modifiers
/// (`--enable-feature=promql-binop-fill-modifiers`): a missing match on one
/// side is filled in with a sample of the given value.
public enum FillModifier: Hashable, Sendable {
    /// `fill(v)`: both sides.
    case both(Double)
    /// `fill_left(a)`, `fill_right(b)`, or both written separately.
    case sides(left: Double?, right: Double?)

    public var lhs: Double? {
        switch self {
        case .both(let value): return value
        case .sides(let left, _): return left
        }
    }

    public var rhs: Double? {
        switch self {
        case .both(let value): return value
        case .sides(_, let right): return right
        }
    }

    public static func == (lhs: FillModifier, rhs: FillModifier) -> Bool {
        func same(_ a: Double?, _ b: Double?) -> Bool {
            switch (a, b) {
            case (nil, nil): return true
            case (let x?, let y?): return literalValuesEqual(x, y)
            default: return false
            }
        }
        switch (lhs, rhs) {
        case (.both(let a), .both(let b)): return literalValuesEqual(a, b)
        case (.sides(let l1, let r1), .sides(let l2, let r2)): return same(l1, l2) && same(r1, r2)
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .both(let value): hasher.combine(0); hashLiteralValue(value, into: &hasher)
        case .sides(let left, let right):
            hasher.combine(1)
            hasher.combine(left == nil)
            if let left { hashLiteralValue(left, into: &hasher) }
            hasher.combine(right == nil)
            if let right { hashLiteralValue(right, into: &hasher) }
        }
    }
}

/// `on`/`ignoring`, `group_left`/`group_right` and `fill` of a binary expression.
public struct VectorMatching: Hashable, Sendable {
    public var cardinality: Cardinality
    /// The `on(...)` or `ignoring(...)` labels.
    public var matchingLabels: [String]
    /// `on` rather than `ignoring`.
    public var on: Bool
    /// The labels listed after `group_left` / `group_right`.
    public var include: [String]
    public var fill: FillModifier?

    public init(cardinality: Cardinality = .oneToOne, matchingLabels: [String] = [], on: Bool = false,
                include: [String] = [], fill: FillModifier? = nil) {
        self.cardinality = cardinality
        self.matchingLabels = matchingLabels
        self.on = on
        self.include = include
        self.fill = fill
    }
}

/// `lhs op rhs` with its modifiers.
public struct BinaryExpr: Hashable, Sendable {
    public var op: BinaryOperator
    public var lhs: Expr
    public var rhs: Expr
    /// `bool` on a comparison: return 0/1 instead of filtering.
    public var returnBool: Bool
    /// Present exactly when both sides are instant vectors (after type
    /// checking, as in Prometheus); set operators are always many-to-many.
    public var matching: VectorMatching?
    public var sourceRange: SourceRange

    public init(op: BinaryOperator, lhs: Expr, rhs: Expr, returnBool: Bool = false, matching: VectorMatching?,
                sourceRange: SourceRange) {
        self.op = op
        self.lhs = lhs
        self.rhs = rhs
        self.returnBool = returnBool
        self.matching = matching
        self.sourceRange = sourceRange
    }

    public static func == (lhs: BinaryExpr, rhs: BinaryExpr) -> Bool {
        lhs.op == rhs.op && lhs.returnBool == rhs.returnBool && lhs.matching == rhs.matching
            && lhs.lhs == rhs.lhs && lhs.rhs == rhs.rhs
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(op); hasher.combine(returnBool); hasher.combine(matching); hasher.combine(lhs); hasher.combine(rhs)
    }
}

/// `-expr` or `+expr` on anything but a number literal.
public struct UnaryExpr: Hashable, Sendable {
    public var op: UnaryOperator
    public var expr: Expr
    public var sourceRange: SourceRange

    public init(op: UnaryOperator, expr: Expr, sourceRange: SourceRange) {
        self.op = op
        self.expr = expr
        self.sourceRange = sourceRange
    }

    public static func == (lhs: UnaryExpr, rhs: UnaryExpr) -> Bool { lhs.op == rhs.op && lhs.expr == rhs.expr }
    public func hash(into hasher: inout Hasher) { hasher.combine(op); hasher.combine(expr) }
}

/// `(expr)`.
public struct ParenExpr: Hashable, Sendable {
    public var expr: Expr
    public var sourceRange: SourceRange

    public init(expr: Expr, sourceRange: SourceRange) {
        self.expr = expr
        self.sourceRange = sourceRange
    }

    public static func == (lhs: ParenExpr, rhs: ParenExpr) -> Bool { lhs.expr == rhs.expr }
    public func hash(into hasher: inout Hasher) { hasher.combine(expr) }
}
