/// Evaluates its child (so its errors and annotations still surface) and
/// produces no series: functions defined only on native histograms
/// (`histogram_count`, `histogram_sum`, ...) give nothing for float samples.
final class DiscardVector: InstantVectorOperator {
    private let child: InstantVectorOperator
    private let context: QueryContext

    init(child: InstantVectorOperator, context: QueryContext) {
        self.child = child
        self.context = context
    }

    func seriesMetadata() throws -> [SeriesMetadata] {
        for _ in try child.seriesMetadata().indices { context.drop(try child.next()) }
        return []
    }

    func next() throws -> StepSeries { preconditionFailure("DiscardVector has no series") }
}
