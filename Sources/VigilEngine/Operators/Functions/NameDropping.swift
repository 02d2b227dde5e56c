/// Drops the metric name of every series of its child (for `timestamp()`
/// over a selector, which reads timestamps in the selector itself).
final class NameDropping: InstantVectorOperator {
    private let child: InstantVectorOperator
    private let context: QueryContext

    init(child: InstantVectorOperator, context: QueryContext) {
        self.child = child
        self.context = context
    }

    func seriesMetadata() throws -> [SeriesMetadata] { try child.seriesMetadata().map(context.droppingName) }
    func next() throws -> StepSeries { try child.next() }
}
