/// `time()`: each step's evaluation time in seconds.
final class StepTimeScalar: ScalarOperator {
    private let grid: StepGrid

    init(grid: StepGrid) { self.grid = grid }

    func values() throws -> [Double] { grid.times.map { Double($0) / 1000 } }
}
