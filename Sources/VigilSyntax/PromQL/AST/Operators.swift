/// PromQL's binary operators, with Prometheus's precedence:
/// `or` < `and`/`unless` < comparisons and the histogram trims `</ >/` <
/// `+ -` < `* / % atan2` < `^`.
public enum BinaryOperator: String, Hashable, Sendable, CaseIterable {
    case add = "+"
    case sub = "-"
    case mul = "*"
    case div = "/"
    case mod = "%"
    case pow = "^"
    case atan2 = "atan2"
    case eql = "=="
    case neq = "!="
    case gtr = ">"
    case lss = "<"
    case gte = ">="
    case lte = "<="
    /// `</`: trims the observations above the threshold from native histograms.
    case trimUpper = "</"
    /// `>/`: trims the observations below the threshold from native histograms.
    case trimLower = ">/"
    case and = "and"
    case or = "or"
    case unless = "unless"

    /// `== != > < >= <=`: filter by default, return 0/1 with `bool`.
    public var isComparison: Bool {
        switch self {
        case .eql, .neq, .gtr, .lss, .gte, .lte: return true
        default: return false
        }
    }

    /// `and or unless`: defined only between instant vectors, always many-to-many.
    public var isSetOperator: Bool {
        switch self {
        case .and, .or, .unless: return true
        default: return false
        }
    }

    /// `</` and `>/`: a native histogram on the left, a float threshold on the right.
    public var isHistogramTrim: Bool { self == .trimUpper || self == .trimLower }

    /// Higher binds tighter.
    public var precedence: Int {
        switch self {
        case .or: return 1
        case .and, .unless: return 2
        case .eql, .neq, .gtr, .lss, .gte, .lte, .trimUpper, .trimLower: return 3
        case .add, .sub: return 4
        case .mul, .div, .mod, .atan2: return 5
        case .pow: return 6
        }
    }

    /// Only `^` groups to the right: `2 ^ 3 ^ 2` is `2 ^ (3 ^ 2)`.
    public var isRightAssociative: Bool { self == .pow }
}

/// The aggregation operators. Those with a parameter take it as the first
/// argument: `topk(5, x)`, `count_values("label", x)`.
public enum AggregationOperator: String, Hashable, Sendable, CaseIterable {
    case sum, avg, count, min, max, group, stddev, stdvar
    case topk, bottomk, quantile
    case countValues = "count_values"
    case limitk
    case limitRatio = "limit_ratio"

    public var hasParameter: Bool {
        switch self {
        case .topk, .bottomk, .quantile, .countValues, .limitk, .limitRatio: return true
        default: return false
        }
    }

    /// The type the parameter must have: a string for `count_values`, a scalar otherwise.
    public var parameterType: ValueType? {
        switch self {
        case .countValues: return .string
        case .topk, .bottomk, .quantile, .limitk, .limitRatio: return .scalar
        default: return nil
        }
    }

    /// `limitk` and `limit_ratio` need `--enable-feature=promql-experimental-functions`.
    public var isExperimental: Bool { self == .limitk || self == .limitRatio }
}

public enum UnaryOperator: String, Hashable, Sendable, CaseIterable {
    case minus = "-"
    case plus = "+"
}

/// Arithmetic inside duration expressions (`[5m * 2]`, `offset (1h / 2)`).
public enum DurationOperator: String, Hashable, Sendable, CaseIterable {
    case add = "+"
    case sub = "-"
    case mul = "*"
    case div = "/"
    case mod = "%"
    case pow = "^"

    var precedence: Int {
        switch self {
        case .add, .sub: return 4
        case .mul, .div, .mod: return 5
        case .pow: return 6
        }
    }
}
