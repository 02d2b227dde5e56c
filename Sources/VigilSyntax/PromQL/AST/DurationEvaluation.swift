#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A duration expression that cannot be resolved for a query, e.g. a range
/// that comes out non-positive (`[step() - 1m]` in an instant query).
public struct DurationEvaluationError: Error, Hashable, Sendable, CustomStringConvertible {
    public var range: SourceRange
    public var message: String
    public var description: String { "\(range.start): \(message)" }
}

extension DurationValue {
    /// The value in milliseconds for a query with this step and range
    /// (end − start; both 0 for an instant query), as Prometheus resolves
    /// duration expressions before evaluation. Ranges and steps must be
    /// positive; offsets may be negative.
    public func milliseconds(step: Int64, queryRange: Int64, allowNegative: Bool) throws(DurationEvaluationError)
        -> Int64 {
        switch self {
        case .constant(let milliseconds):
            return milliseconds
        case .expression(let expr):
            let seconds = try expr.seconds(step: step, queryRange: queryRange)
            if seconds <= 0 && !allowNegative {
                throw DurationEvaluationError(range: expr.sourceRange, message: "duration must be greater than 0")
            }
            // `time.Duration(seconds*1000) * time.Millisecond`: truncated to milliseconds.
            let milliseconds = seconds * 1000
            guard milliseconds.isFinite, milliseconds > -0x1p63 / 1e6, milliseconds < 0x1p63 / 1e6 else {
                throw DurationEvaluationError(range: expr.sourceRange, message: "duration is out of range")
            }
            return Int64(milliseconds)
        }
    }
}

extension DurationExpr {
    /// The value in seconds, with `step()` and `range()` taken from the query
    /// (milliseconds). Follows Prometheus's `evaluateDurationExpr`.
    public func seconds(step: Int64, queryRange: Int64) throws(DurationEvaluationError) -> Double {
        switch self {
        case .number(let literal): return literal.value
        case .step: return Double(step) / 1000
        case .range: return Double(queryRange) / 1000
        case .negate(let inner, _): return -(try inner.seconds(step: step, queryRange: queryRange))
        case .paren(let inner, _): return try inner.seconds(step: step, queryRange: queryRange)
        case .minOf(let lhs, let rhs, _):
            return Swift.min(try lhs.seconds(step: step, queryRange: queryRange),
                             try rhs.seconds(step: step, queryRange: queryRange))
        case .maxOf(let lhs, let rhs, _):
            return Swift.max(try lhs.seconds(step: step, queryRange: queryRange),
                             try rhs.seconds(step: step, queryRange: queryRange))
        case .binary(let op, let lhsExpr, let rhsExpr):
            let lhs = try lhsExpr.seconds(step: step, queryRange: queryRange)
            let rhs = try rhsExpr.seconds(step: step, queryRange: queryRange)
            switch op {
            case .add: return lhs + rhs
            case .sub: return lhs - rhs
            case .mul: return lhs * rhs
            case .div:
                if rhs == 0 { throw DurationEvaluationError(range: sourceRange, message: "division by zero") }
                return lhs / rhs
            case .mod:
                if rhs == 0 { throw DurationEvaluationError(range: sourceRange, message: "modulo by zero") }
                return lhs.truncatingRemainder(dividingBy: rhs)
            case .pow: return pow(lhs, rhs)  // C's pow has Go's special cases (IEEE 754 Annex F)
            }
        }
    }
}
