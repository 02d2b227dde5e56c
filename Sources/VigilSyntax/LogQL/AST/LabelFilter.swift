import VigilCore

/// A label filter predicate tree: `status >= 500 and (level="error" or size > 1KB)`.
public indirect enum LabelFilter: Hashable, Sendable {
    /// `a and b`, `a, b`, `a b`.
    case and(LabelFilter, LabelFilter)
    case or(LabelFilter, LabelFilter)
    /// `level="error"`, `path=~"/api/.*"`: string comparison, the only kind
    /// that reads `__error__`.
    case matcher(LabelMatcher)
    /// `status >= 500`: the label's value is parsed as a float.
    case number(name: String, op: ComparisonOperator, value: LogQLNumber)
    /// `latency > 250ms`: the label's value is parsed as a Go duration (nanoseconds).
    case duration(name: String, op: ComparisonOperator, nanos: Int64)
    /// `size >= 2KB`: the label's value is parsed as a byte size.
    case bytes(name: String, op: ComparisonOperator, bytes: UInt64)
    /// `addr = ip("10.0.0.0/8")`, `addr != ip("...")`.
    case ip(name: String, negated: Bool, pattern: String)

    /// The comparison of a typed label filter.
    public enum ComparisonOperator: String, Hashable, Sendable, CaseIterable {
        case equal = "=="
        case notEqual = "!="
        case greater = ">"
        case greaterOrEqual = ">="
        case less = "<"
        case lessOrEqual = "<="
    }

    /// The labels the filter reads (Loki's `RequiredLabelNames`).
    public var labelNames: [String] {
        switch self {
        case .and(let lhs, let rhs), .or(let lhs, let rhs):
            var names = lhs.labelNames
            for name in rhs.labelNames where !names.contains(name) { names.append(name) }
            return names
        case .matcher(let matcher): return [matcher.name]
        case .number(let name, _, _), .duration(let name, _, _), .bytes(let name, _, _), .ip(let name, _, _):
            return [name]
        }
    }
}
