import VigilStorage
import VigilSyntax

/// A LogQL range aggregation as an instant-vector operator, the leaf every
/// LogQL metric plan stands on. The evaluator reads each selected stream
/// once and produces every series at all steps; this operator lists their
/// labels, then hands out one `StepSeries` per `next()` on the step indices
/// the shared operators work with (times stay on the LogQL side, in
/// `LogQLStepTimes`).
final class RangeAggregationVector: InstantVectorOperator {
    private let node: RangeAggregation
    private let groupingOverride: LogQLGrouping?
    private let grid: LogQLStepGrid
    private let evaluator: RangeAggregationEvaluator
    private let context: QueryContext
    private var series: [LogQLSeries] = []
    private var position = 0

    /// - Parameter groupingOverride: the grouping of an enclosing `sum`
    ///   that Loki pushes into the extraction (`canInjectVectorGrouping`).
    init(_ node: RangeAggregation, groupingOverride: LogQLGrouping?, grid: LogQLStepGrid,
         evaluator: RangeAggregationEvaluator, context: QueryContext) {
        self.node = node
        self.groupingOverride = groupingOverride
        self.grid = grid
        self.evaluator = evaluator
        self.context = context
    }

    func seriesMetadata() throws -> [SeriesMetadata] {
        try context.checkCancellation()
        series = try evaluator.evaluate(node, grid: grid, groupingOverride: groupingOverride)
        return series.map { SeriesMetadata(labels: $0.labels) }
    }

    func next() throws -> StepSeries {
        try context.checkCancellation()
        var output = StepSeries(count: grid.count)
        let input = series[position]
        for (index, step) in input.stepIndices.enumerated() { output.set(Int(step), input.values[index]) }
        // Handed on: the evaluator's copy is no longer needed.
        series[position] = LogQLSeries(labels: input.labels)
        position += 1
        try context.hold(output)
        return output
    }
}
