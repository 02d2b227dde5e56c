import VigilCore
import VigilStorage
import VigilSyntax

/// `expr[range:step]`: evaluates `expr` on its own grid — multiples of the
/// step (Prometheus aligns subquery steps to the epoch) from just after the
/// earliest window start to the latest window end — and presents each
/// resulting series as samples at those times.
final class Subquery: RangeVectorOperator {
    let windows: StepWindows
    let innerGrid: StepGrid
    private let context: QueryContext
    private var inner: InstantVectorOperator?
    private var position = 0

    init(context: QueryContext, outerGrid: StepGrid, subquery: SubqueryExpr,
         planInner: (StepGrid) throws -> InstantVectorOperator) throws {
        self.context = context
        let timing = try SelectorTiming(at: subquery.at, offset: subquery.offset, context: context)
        let range = try context.resolve(subquery.range, allowNegative: false)
        let step = try subquery.step.map { try context.resolve($0, allowNegative: false) }
            ?? context.options.defaultSubqueryStep(range)
        windows = StepWindows(ends: timing.references(outerGrid), range: range)
        if let span = windows.span, step > 0 {
            var start = step &* (span.low / step)
            if start <= span.low { start &+= step }
            innerGrid = StepGrid(start: start, end: span.high, step: step)
        } else {
            innerGrid = StepGrid(start: 0, end: -1, step: max(step, 1))
        }
        if innerGrid.count > 0 { inner = try planInner(innerGrid) }
    }

    func seriesMetadata() throws -> [SeriesMetadata] { try inner?.seriesMetadata() ?? [] }

    func next() throws -> SampleColumns {
        guard let inner else { preconditionFailure("next() past the end") }
        let series = try inner.next()
        defer { context.drop(series) }
        var columns = SampleColumns()
        let present = series.present.presentIndices
        columns.timestamps.reserveCapacity(present.count)
        columns.values.reserveCapacity(present.count)
        for step in present {
            columns.timestamps.append(innerGrid.time(at: step))
            columns.values.append(series.values[step])
        }
        try context.memory.acquire(columns.count)
        return columns
    }
}
