import VigilCore
import VigilStorage
import VigilSyntax

/// `metric{...}[range]`: for each series, the samples of every window the
/// query needs, read once per series over their union. Stale markers are
/// dropped, as Prometheus never puts them in a range.
final class RangeVectorSelector: RangeVectorOperator {
    let windows: StepWindows
    private let context: QueryContext
    private let snapshot: SeriesSnapshot
    private let matchers: [LabelMatcher]
    private var ids: [SeriesID] = []
    private var position = 0
    private let low: Int64
    private let high: Int64

    init(context: QueryContext, grid: StepGrid, selector: MatrixSelector) throws {
        if let modifier = selector.selector.extendedRange {
            throw QueryError.unsupported("the \(modifier.rawValue) modifier is not supported yet")
        }
        self.context = context
        snapshot = try context.seriesSnapshot()
        self.matchers = selector.selector.matchers
        let timing = try SelectorTiming(at: selector.selector.at, offset: selector.selector.offset, context: context)
        let range = try context.resolve(selector.range, allowNegative: false)
        windows = StepWindows(ends: timing.references(grid), range: range)
        let span = windows.span ?? (0, 0)
        low = span.low &+ 1
        high = span.high
    }

    func seriesMetadata() throws -> [SeriesMetadata] {
        guard !windows.ends.isEmpty, windows.range > 0 else { return [] }
        ids = snapshot.select(matchers, from: low, through: high)
        return ids.map { SeriesMetadata(labels: snapshot.labels(of: $0)) }
    }

    func next() throws -> SampleColumns {
        try context.checkCancellation()
        let id = ids[position]
        position += 1
        var columns = snapshot.samples(id, from: low, through: high)
        if columns.values.contains(where: StaleMarker.isStale) {
            var kept = SampleColumns()
            for index in columns.timestamps.indices where !StaleMarker.isStale(columns.values[index]) {
                kept.timestamps.append(columns.timestamps[index])
                kept.values.append(columns.values[index])
            }
            columns = kept
        }
        try context.memory.acquire(columns.count)
        return columns
    }
}
