/// A LogQL expression (Loki 3.x): a log query or a metric query. The cases
/// are exhaustive: an evaluator switches over them.
///
/// Equality and hashing ignore source positions (the nodes that carry a
/// `SourceRange` compare without it), so `parse(e.description) == e`.
public indirect enum LogQLExpr: Hashable, Sendable {
    /// `{app="api"} |= "error" | json`: returns log lines.
    case log(LogSelector)
    /// `count_over_time({app="api"}[5m])`, `avg_over_time(... | unwrap x [5m]) by (path)`.
    case rangeAggregation(RangeAggregation)
    /// `sum by (app) (...)`, `topk(2, ...)`, `sort_desc(...)`.
    case vectorAggregation(VectorAggregation)
    /// `a / b`, `a > bool 2`, `a and on (app) b`.
    case binary(LogQLBinaryExpr)
    /// A number: `2`, `-1.5`. Literal operands of arithmetic are folded at
    /// parse time, as Loki does (`1 + 1` is the literal `2`).
    case literal(LogQLNumber)
    /// `vector(1)`.
    case vector(LogQLNumber)
    /// `label_replace(expr, "dst", "$1", "src", "(.*)")`.
    case labelReplace(LogQLLabelReplace)

    /// Whether the expression returns log lines rather than samples.
    public var isLogQuery: Bool {
        if case .log = self { return true }
        return false
    }

    /// The log selectors the expression reads, left to right.
    public var selectors: [LogSelector] {
        switch self {
        case .log(let selector): return [selector]
        case .rangeAggregation(let node): return [node.range.selector]
        case .vectorAggregation(let node): return node.expr.selectors
        case .binary(let node): return node.lhs.selectors + node.rhs.selectors
        case .literal, .vector: return []
        case .labelReplace(let node): return node.expr.selectors
        }
    }
}

/// `by (a, b)` or `without (a, b)` of an aggregation.
public struct LogQLGrouping: Hashable, Sendable {
    public var labels: [String]
    public var without: Bool

    public init(labels: [String], without: Bool) {
        self.labels = labels
        self.without = without
    }

    /// `by ()`: everything is aggregated into one series without labels.
    public var isSingleton: Bool { labels.isEmpty && !without }
}

/// The range aggregation functions.
public enum LogRangeOperation: String, Hashable, Sendable, CaseIterable {
    case countOverTime = "count_over_time"
    case rate
    case rateCounter = "rate_counter"
    case bytesOverTime = "bytes_over_time"
    case bytesRate = "bytes_rate"
    case avgOverTime = "avg_over_time"
    case sumOverTime = "sum_over_time"
    case minOverTime = "min_over_time"
    case maxOverTime = "max_over_time"
    case stdvarOverTime = "stdvar_over_time"
    case stddevOverTime = "stddev_over_time"
    case quantileOverTime = "quantile_over_time"
    case firstOverTime = "first_over_time"
    case lastOverTime = "last_over_time"
    case absentOverTime = "absent_over_time"

    /// Operations that accept `by`/`without` (Loki's `RangeAggregationExpr.validate`).
    public var allowsGrouping: Bool {
        switch self {
        case .avgOverTime, .stddevOverTime, .stdvarOverTime, .quantileOverTime, .maxOverTime, .minOverTime,
             .firstOverTime, .lastOverTime:
            return true
        default:
            return false
        }
    }

    /// Operations valid on an `unwrap`ped range.
    public var allowsUnwrap: Bool {
        switch self {
        case .avgOverTime, .sumOverTime, .maxOverTime, .minOverTime, .stddevOverTime, .stdvarOverTime,
             .quantileOverTime, .rate, .rateCounter, .absentOverTime, .firstOverTime, .lastOverTime:
            return true
        default:
            return false
        }
    }

    /// Operations valid on log lines (without `unwrap`).
    public var allowsLogLines: Bool {
        switch self {
        case .bytesOverTime, .bytesRate, .countOverTime, .rate, .absentOverTime: return true
        default: return false
        }
    }
}

/// `op([parameter,] range) [by|without (...)]`.
public struct RangeAggregation: Hashable, Sendable {
    public var operation: LogRangeOperation
    public var range: LogRange
    /// The φ of `quantile_over_time`.
    public var parameter: Double?
    public var grouping: LogQLGrouping?

    public init(operation: LogRangeOperation, range: LogRange, parameter: Double? = nil,
                grouping: LogQLGrouping? = nil) {
        self.operation = operation
        self.range = range
        self.parameter = parameter
        self.grouping = grouping
    }

    public static func == (lhs: RangeAggregation, rhs: RangeAggregation) -> Bool {
        lhs.operation == rhs.operation && lhs.range == rhs.range && lhs.grouping == rhs.grouping
            && sameLiteral(lhs.parameter, rhs.parameter)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(operation); hasher.combine(range); hasher.combine(grouping)
        if let parameter { hashLiteralValue(parameter, into: &hasher) }
    }
}

/// The vector aggregation operators of LogQL.
public enum LogVectorOperation: String, Hashable, Sendable, CaseIterable {
    case sum, avg, count, max, min, stddev, stdvar, bottomk, topk
    case sort
    case sortDesc = "sort_desc"

    /// `topk` and `bottomk` take a positive integer first.
    public var takesParameter: Bool { self == .topk || self == .bottomk }

    /// The PromQL aggregation with the same semantics, where there is one
    /// (`sort` and `sort_desc` are PromQL functions instead).
    public var promQLOperator: AggregationOperator? {
        switch self {
        case .sum: return .sum
        case .avg: return .avg
        case .count: return .count
        case .max: return .max
        case .min: return .min
        case .stddev: return .stddev
        case .stdvar: return .stdvar
        case .bottomk: return .bottomk
        case .topk: return .topk
        case .sort, .sortDesc: return nil
        }
    }
}

/// `op [by|without (...)] ([k,] expr)`.
public struct VectorAggregation: Hashable, Sendable {
    public var operation: LogVectorOperation
    public var expr: LogQLExpr
    /// The `k` of `topk`/`bottomk`.
    public var parameter: Int?
    /// Never nil in Loki: no clause is `by ()`.
    public var grouping: LogQLGrouping

    public init(operation: LogVectorOperation, expr: LogQLExpr, parameter: Int? = nil,
                grouping: LogQLGrouping = LogQLGrouping(labels: [], without: false)) {
        self.operation = operation
        self.expr = expr
        self.parameter = parameter
        self.grouping = grouping
    }
}

/// A binary operation between two metric expressions. Operators and
/// vector matching are PromQL's types, so the PromQL engine's binary
/// operators evaluate them unchanged; set operators are many-to-many.
public struct LogQLBinaryExpr: Hashable, Sendable {
    public var op: BinaryOperator
    public var lhs: LogQLExpr
    public var rhs: LogQLExpr
    public var returnBool: Bool
    public var matching: VectorMatching

    public init(op: BinaryOperator, lhs: LogQLExpr, rhs: LogQLExpr, returnBool: Bool = false,
                matching: VectorMatching = VectorMatching()) {
        self.op = op
        self.lhs = lhs
        self.rhs = rhs
        self.returnBool = returnBool
        self.matching = matching
    }
}

/// `label_replace(expr, dst, replacement, src, regex)`.
public struct LogQLLabelReplace: Hashable, Sendable {
    public var expr: LogQLExpr
    public var destination: String
    public var replacement: String
    public var source: String
    public var regex: String

    public init(expr: LogQLExpr, destination: String, replacement: String, source: String, regex: String) {
        self.expr = expr
        self.destination = destination
        self.replacement = replacement
        self.source = source
        self.regex = regex
    }
}

@inline(__always)
func sameLiteral(_ lhs: Double?, _ rhs: Double?) -> Bool {
    switch (lhs, rhs) {
    case (nil, nil): return true
    case (let a?, let b?): return literalValuesEqual(a, b)
    default: return false
    }
}

/// A number in a LogQL expression. NaN equals NaN and `-0` differs from `0`,
/// so equal ASTs print identically.
public struct LogQLNumber: Hashable, Sendable, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    public var value: Double

    public init(_ value: Double) { self.value = value }
    public init(floatLiteral value: Double) { self.value = value }
    public init(integerLiteral value: Int) { self.value = Double(value) }

    public static func == (lhs: LogQLNumber, rhs: LogQLNumber) -> Bool { literalValuesEqual(lhs.value, rhs.value) }
    public func hash(into hasher: inout Hasher) { hashLiteralValue(value, into: &hasher) }
}
