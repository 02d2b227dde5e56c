/// `-v`: negates every value and drops the metric name.
final class UnaryNegation: InstantVectorOperator {
    private let child: InstantVectorOperator
    private let context: QueryContext

    init(child: InstantVectorOperator, context: QueryContext) {
        self.child = child
        self.context = context
    }

    func seriesMetadata() throws -> [SeriesMetadata] { try child.seriesMetadata().map(context.droppingName) }

    func next() throws -> StepSeries {
        var series = try child.next()
        for step in series.present.presentIndices { series.values[step] = -series.values[step] }
        return series
    }
}

/// `-s` on a scalar.
final class ScalarNegation: ScalarOperator {
    private let child: ScalarOperator
    init(child: ScalarOperator) { self.child = child }
    func values() throws -> [Double] { try child.values().map { -$0 } }
}
