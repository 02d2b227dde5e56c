/// `timestamp(expr)` for anything but a plain selector: the evaluation
/// time (seconds) of each step at which `expr` has a value.
final class StepTimestamps: InstantVectorOperator {
    private let child: InstantVectorOperator
    private let grid: StepGrid
    private let context: QueryContext

    init(child: InstantVectorOperator, grid: StepGrid, context: QueryContext) {
        self.child = child
        self.grid = grid
        self.context = context
    }

    func seriesMetadata() throws -> [SeriesMetadata] { try child.seriesMetadata().map(context.droppingName) }

    func next() throws -> StepSeries {
        var series = try child.next()
        for step in series.present.presentIndices { series.values[step] = Double(grid.time(at: step)) / 1000 }
        return series
    }
}
