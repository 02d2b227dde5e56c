import VigilCore
import VigilStorage
import VigilSyntax

/// Runs LogQL queries against a log store snapshot, as Loki's engine does.
///
///     let engine = LogQLEngine()
///     let result = try engine.rangeQuery(expr, grid: grid, on: store.snapshot())
///
/// Log queries return streams. Metric queries are evaluated on the exact
/// grid `start, start+step, ..., end` (nanoseconds), their points stamped in
/// milliseconds: range aggregations are computed here, and everything above
/// them (vector aggregations, binary operators, `label_replace`, `vector()`,
/// `sort`) runs on the PromQL engine's operators with Loki's semantics
/// (`OperatorSemantics.loki`). Like `Engine`, the value holds only settings:
/// every query names the snapshot it reads.
public struct LogQLEngine: Sendable {
    public var limits: LogQLLimits

    public init(limits: LogQLLimits = LogQLLimits()) {
        self.limits = limits
    }

    /// A log query: entries with `start <= t < end`, at most `limit` of
    /// them, newest first (`.backward`) or oldest first.
    public func logQuery(_ selector: LogSelector, start: Int64, end: Int64, limit: Int,
                         direction: LogDirection, on snapshot: LogSnapshot) throws -> [LogStreamResult] {
        try LogQueryEvaluator(snapshot: snapshot, limits: limits)
            .evaluate(selector, start: start, end: end, limit: limit, direction: direction)
    }

    /// One range aggregation at every step of `grid`, with no limit on its
    /// series (Loki counts only a query's result). `groupingOverride` is the
    /// grouping of an enclosing `sum by (...)` that Loki pushes into
    /// `count_over_time`, `rate`, `bytes_*` and `sum_over_time` (it changes
    /// which labels the parsers extract, not the sums).
    public func rangeAggregation(_ node: RangeAggregation, grid: LogQLStepGrid, groupingOverride: LogQLGrouping? = nil,
                                 on snapshot: LogSnapshot) throws -> [LogQLSeries] {
        try RangeAggregationEvaluator(snapshot: snapshot).evaluate(node, grid: grid, groupingOverride: groupingOverride)
    }

    /// A range query (`/loki/api/v1/query_range`): streams for a log query
    /// (`start <= t < end`), a matrix for a metric query.
    public func rangeQuery(_ expr: LogQLExpr, grid: LogQLStepGrid, limit: Int = 100,
                           direction: LogDirection = .backward, on snapshot: LogSnapshot) throws -> LogQLResult {
        if case .log(let selector) = expr {
            return .streams(try logQuery(selector, start: grid.startNanos, end: grid.endNanos, limit: limit,
                                         direction: direction, on: snapshot))
        }
        if grid.count > LogQLStepGrid.maximumPoints {
            throw LogQLError(.limit, "exceeded maximum resolution of \(LogQLStepGrid.maximumPoints) points per timeseries. "
                             + "Try decreasing the query resolution (?step=XX)")
        }
        let times = LogQLStepTimes.millis(expr, grid: grid)
        if case .literal(let number) = expr {
            // Loki's `PopulateMatrixFromScalar`.
            return .matrix([LogQLSeries(labels: .empty, stepIndices: (0..<grid.count).map { Int32($0) },
                                        values: Array(repeating: number.value, count: grid.count), timestampsMillis: times)])
        }
        return .matrix(try metric(expr, grid: grid, instant: false, on: snapshot) { assembler, root in
            try assembler.matrix(root)
        })
    }

    /// An instant query (`/loki/api/v1/query`) at `time` nanoseconds.
    public func instantQuery(_ expr: LogQLExpr, at time: Int64, on snapshot: LogSnapshot) throws -> LogQLResult {
        switch expr {
        case .log:
            throw LogQLError(.invalidQuery,
                             "log queries are not supported as an instant query type, please change your query to a range query type")
        case .literal(let number):
            return .scalar(timestampMillis: time / 1_000_000, value: number.value)
        default:
            let keepOrder = expr.containsSort
            return .vector(try metric(expr, grid: .instant(time), instant: true, on: snapshot) { assembler, root in
                try assembler.vector(root, keepOrder: keepOrder)
            })
        }
    }

    /// Plans `expr` on the shared operators and assembles the result.
    private func metric(_ expr: LogQLExpr, grid: LogQLStepGrid, instant: Bool, on snapshot: LogSnapshot,
                        assemble: (LogQLResultAssembler, InstantVectorOperator) throws -> [LogQLSeries]) throws
        -> [LogQLSeries] {
        let stepGrid = instant ? StepGrid(instant: grid.startNanos)
            : StepGrid(start: grid.startNanos, end: grid.endNanos, step: grid.stepNanos)
        let options = EngineOptions(maxSamples: limits.maxSamples, timeout: limits.timeout, semantics: .loki)
        let context = QueryContext(snapshot: nil, options: options, queryGrid: stepGrid, isRangeQuery: !instant)
        let planner = LogQLPlanner(context: context, grid: grid, evaluator: RangeAggregationEvaluator(snapshot: snapshot))
        let assembler = LogQLResultAssembler(context: context, limits: limits,
                                             stepTimes: LogQLStepTimes.millis(expr, grid: grid))
        do {
            return try assemble(assembler, try planner.instant(expr.removingUnusedLineFormats()))
        } catch let error as QueryError {
            throw LogQLError(error)
        }
    }
}
