import VigilCore
import VigilStorage
import VigilSyntax

/// `metric{...}` at every step: the newest sample in `(ref - lookback, ref]`
/// unless it is a stale marker. Series are listed from the postings index
/// up front; samples are read one series at a time, each over the span all
/// steps need, and walked with one forward pointer.
final class InstantVectorSelector: InstantVectorOperator {
    enum Output {
        /// The sample value.
        case value
        /// The sample's timestamp in seconds (`timestamp(selector)`).
        case timestampSeconds
    }

    private let context: QueryContext
    private let snapshot: SeriesSnapshot
    private let grid: StepGrid
    private let matchers: [LabelMatcher]
    private let references: [Int64]
    private let output: Output
    private var ids: [SeriesID] = []
    private var position = 0
    private var buffer = SampleColumns()
    private let low: Int64
    private let high: Int64

    init(context: QueryContext, grid: StepGrid, selector: VectorSelector, output: Output = .value) throws {
        self.context = context
        snapshot = try context.seriesSnapshot()
        self.grid = grid
        self.matchers = selector.matchers
        self.output = output
        let timing = try SelectorTiming(at: selector.at, offset: selector.offset, context: context)
        references = timing.references(grid)
        let lookback = context.options.lookbackDelta
        low = (references.min() ?? 0) &- lookback &+ 1
        high = references.max() ?? 0
    }

    func seriesMetadata() throws -> [SeriesMetadata] {
        guard grid.count > 0 else { return [] }
        ids = snapshot.select(matchers, from: low, through: high)
        return ids.map { SeriesMetadata(labels: snapshot.labels(of: $0)) }
    }

    func next() throws -> StepSeries {
        try context.checkCancellation()
        let id = ids[position]
        position += 1
        buffer.removeAll()
        snapshot.samples(id, from: low, through: high, into: &buffer)
        try context.memory.acquire(buffer.count)
        defer { context.memory.release(buffer.count) }
        var series = StepSeries(count: grid.count)
        try context.hold(series)
        let lookback = context.options.lookbackDelta
        let times = buffer.timestamps, values = buffer.values
        var index = 0  // first sample after the current reference time
        var previousReference = Int64.min
        for step in 0..<grid.count {
            let reference = references[step]
            if reference < previousReference { index = 0 }
            previousReference = reference
            while index < times.count, times[index] <= reference { index += 1 }
            guard index > 0 else { continue }
            let time = times[index - 1]
            let value = values[index - 1]
            guard time > reference &- lookback, !StaleMarker.isStale(value) else { continue }
            switch output {
            case .value: series.set(step, value)
            case .timestampSeconds: series.set(step, Double(time) / 1000)
            }
        }
        return series
    }
}
