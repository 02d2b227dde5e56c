import VigilCore
import VigilStorage
import VigilSyntax

/// A function over a range vector (`rate`, `*_over_time`, ...): reads one
/// series' samples, finds each step's window with forward-moving indices
/// and hands all windows to the kernel at once.
final class RangeFunction: InstantVectorOperator {
    private let child: RangeVectorOperator
    private let kernel: RangeKernel
    private let parameters: [ScalarOperator]
    private let grid: StepGrid
    private let context: QueryContext
    /// `rate` and `increase`: raise Prometheus's "might not be a counter" info.
    private let checksCounterName: Bool
    private let argumentRange: SourceRange?
    private var parameterValues: [[Double]] = []
    private var inputs: [SeriesMetadata] = []
    private var position = 0

    init(child: RangeVectorOperator, kernel: RangeKernel, parameters: [ScalarOperator] = [], grid: StepGrid,
         context: QueryContext, checksCounterName: Bool = false, argumentRange: SourceRange? = nil) {
        self.child = child
        self.kernel = kernel
        self.parameters = parameters
        self.grid = grid
        self.context = context
        self.checksCounterName = checksCounterName
        self.argumentRange = argumentRange
    }

    func seriesMetadata() throws -> [SeriesMetadata] {
        parameterValues = try parameters.map { try $0.values() }
        inputs = try child.seriesMetadata()
        if kernel.keepsMetricName { return inputs }
        return inputs.map(context.droppingName)
    }

    func next() throws -> StepSeries {
        let columns = try child.next()
        defer { context.memory.release(columns.count) }
        let input = RangeWindowInput(timestamps: columns.timestamps, values: columns.values,
                                     bounds: child.windows.bounds(in: columns.timestamps), windows: child.windows,
                                     stepTimes: grid.times, parameters: parameterValues)
        let series = try kernel.evaluate(input, context: context)
        try context.hold(series)
        if checksCounterName, !series.isEmpty, let name = inputs[position].labels.metricName,
           !["_total", "_sum", "_count", "_bucket"].contains(where: name.hasSuffix) {
            context.info("metric might not be a counter, name does not end in _total/_sum/_count/_bucket: "
                         + GoString.quote(name), at: argumentRange)
        }
        position += 1
        return series
    }
}
