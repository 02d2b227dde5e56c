/// A number literal (or `pi()`): the same value at every step.
final class ConstantScalar: ScalarOperator {
    private let value: Double
    private let steps: Int

    init(_ value: Double, steps: Int) {
        self.value = value
        self.steps = steps
    }

    func values() throws -> [Double] { Array(repeating: value, count: steps) }
}
