import VigilSyntax

/// `scalar op scalar`, step by step (comparisons need `bool` and give 0 or 1).
final class ScalarBinaryOperation: ScalarOperator {
    private let op: BinaryOperator
    private let lhs: ScalarOperator
    private let rhs: ScalarOperator

    init(op: BinaryOperator, lhs: ScalarOperator, rhs: ScalarOperator) {
        self.op = op
        self.lhs = lhs
        self.rhs = rhs
    }

    func values() throws -> [Double] {
        let left = try lhs.values(), right = try rhs.values()
        return zip(left, right).map { pair in
            let (value, keep) = BinaryArithmetic.apply(op, pair.0, pair.1)
            return op.isComparison ? (keep ? 1 : 0) : value
        }
    }
}
