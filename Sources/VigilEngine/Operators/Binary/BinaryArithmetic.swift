#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import VigilSyntax

/// Prometheus's `vectorElemBinop` for two floats: the value and whether the
/// element is kept (comparisons keep the left value when true).
enum BinaryArithmetic {
    /// - Parameter zeroDivisorIsNaN: Loki's `MergeBinOp` guard, `x / 0` is
    ///   NaN (IEEE gives ±Inf; `x % 0` is NaN either way).
    @inline(__always)
    static func apply(_ op: BinaryOperator, _ lhs: Double, _ rhs: Double,
                      zeroDivisorIsNaN: Bool = false) -> (value: Double, keep: Bool) {
        switch op {
        case .add: return (lhs + rhs, true)
        case .sub: return (lhs - rhs, true)
        case .mul: return (lhs * rhs, true)
        case .div: return (zeroDivisorIsNaN && rhs == 0 ? .nan : lhs / rhs, true)
        case .pow: return (pow(lhs, rhs), true)
        case .mod: return (fmod(lhs, rhs), true)  // Go's math.Mod: sign of the dividend, like C's fmod
        case .atan2: return (atan2(lhs, rhs), true)
        case .eql: return (lhs, lhs == rhs)
        case .neq: return (lhs, lhs != rhs)
        case .gtr: return (lhs, lhs > rhs)
        case .lss: return (lhs, lhs < rhs)
        case .gte: return (lhs, lhs >= rhs)
        case .lte: return (lhs, lhs <= rhs)
        case .trimUpper, .trimLower, .and, .or, .unless: return (lhs, false)
        }
    }

    /// Operators whose result is a new quantity, so the metric name goes
    /// (Prometheus's `changesMetricSchema`).
    static func dropsMetricName(_ op: BinaryOperator) -> Bool {
        switch op {
        case .add, .sub, .mul, .div, .pow, .mod, .atan2: return true
        default: return false
        }
    }
}
