import VigilStorage
import VigilSyntax

/// Everything the operators of one query share: the data, the options, the
/// sample budget, the deadline and the annotations raised so far.
public final class QueryContext {
    /// The series a PromQL query reads; nil for a LogQL query, whose leaves
    /// read the log store themselves.
    public let snapshot: SeriesSnapshot?
    public let options: EngineOptions
    public let memory: MemoryBudget
    /// The query's own time range (what `start()`, `end()` and `range()` refer to).
    public let queryGrid: StepGrid
    /// Whether the user asked for a range query (an instant query is one step).
    public let isRangeQuery: Bool
    public private(set) var annotations = Annotations()

    private let deadline: ContinuousClock.Instant?
    private let token: CancellationToken?
    private var checks = 0

    public init(snapshot: SeriesSnapshot?, options: EngineOptions, queryGrid: StepGrid, isRangeQuery: Bool,
                token: CancellationToken? = nil) {
        self.snapshot = snapshot
        self.options = options
        self.queryGrid = queryGrid
        self.isRangeQuery = isRangeQuery
        self.memory = MemoryBudget(limit: options.maxSamples)
        self.token = token
        if let timeout = options.timeout {
            deadline = ContinuousClock.now.advanced(by: timeout)
        } else {
            deadline = nil
        }
    }

    /// The series snapshot, for selectors.
    func seriesSnapshot() throws(QueryError) -> SeriesSnapshot {
        guard let snapshot else { throw .invalid("this query has no series store to select from") }
        return snapshot
    }

    public func annotate(_ kind: Annotation.Kind, _ message: String, at range: SourceRange? = nil) {
        annotations.add(Annotation(kind, message, at: range?.start))
    }

    /// Raises `PromQL warning: <message>`.
    public func warn(_ message: String, at range: SourceRange? = nil) {
        annotate(.warning, "PromQL warning: " + message, at: range)
    }

    /// Raises `PromQL info: <message>`.
    public func info(_ message: String, at range: SourceRange? = nil) {
        annotate(.info, "PromQL info: " + message, at: range)
    }

    /// Cooperative cancellation point: call once per series (or per chunk of
    /// work) in operator loops. Reading the clock is amortised.
    public func checkCancellation() throws(QueryError) {
        if let token, token.isCancelled { throw .cancelled }
        if Task.isCancelled { throw .cancelled }
        checks &+= 1
        if let deadline, checks & 15 == 0 || checks == 1, ContinuousClock.now >= deadline { throw .timeout }
    }
}
