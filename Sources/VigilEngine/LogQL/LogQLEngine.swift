import VigilCore
import VigilStorage
import VigilSyntax

/// Runs LogQL queries against a log store snapshot, as Loki's engine does:
/// log queries return streams; metric queries are evaluated on the exact
/// grid `start, start+step, ..., end` (nanoseconds), their points stamped
/// in milliseconds. Vector aggregations and binary operators over metric
/// queries are the PromQL engine's operators; until they are wired in,
/// queries that need them fail with `LogQLError.Kind.unsupported`.
public struct LogQLEngine: Sendable {
    public let snapshot: LogSnapshot
    public var limits: LogQLLimits

    public init(snapshot: LogSnapshot, limits: LogQLLimits = LogQLLimits()) {
        self.snapshot = snapshot
        self.limits = limits
    }

    /// A log query: entries with `start <= t < end`, at most `limit` of
    /// them, newest first (`.backward`) or oldest first.
    public func logQuery(_ selector: LogSelector, start: Int64, end: Int64, limit: Int,
                         direction: LogDirection) throws -> [LogStreamResult] {
        try LogQueryEvaluator(snapshot: snapshot, limits: limits)
            .evaluate(selector, start: start, end: end, limit: limit, direction: direction)
    }

    /// One range aggregation at every step of `grid`. `groupingOverride`
    /// is the grouping of an enclosing `sum by (...)` that Loki pushes into
    /// `count_over_time`, `rate`, `bytes_*` and `sum_over_time` (it changes
    /// which labels the parsers extract, not the sums).
    public func rangeAggregation(_ node: RangeAggregation, grid: LogQLStepGrid,
                                 groupingOverride: LogQLGrouping? = nil) throws -> [LogQLSeries] {
        try RangeAggregationEvaluator(snapshot: snapshot, limits: limits)
            .evaluate(node, grid: grid, groupingOverride: groupingOverride)
    }

    /// A range query (`/loki/api/v1/query_range`).
    public func evaluateRange(_ expr: LogQLExpr, grid: LogQLStepGrid, limit: Int = 100,
                              direction: LogDirection = .backward) throws -> LogQLResult {
        if case .log(let selector) = expr {
            let end = grid.endNanos
            return .streams(try logQuery(selector, start: grid.startNanos, end: end, limit: limit, direction: direction))
        }
        if grid.count > LogQLStepGrid.maximumPoints {
            throw LogQLError(.limit, "exceeded maximum resolution of \(LogQLStepGrid.maximumPoints) points per timeseries. "
                             + "Try decreasing the query resolution (?step=XX)")
        }
        return .matrix(try metric(expr, grid: grid))
    }

    /// An instant query (`/loki/api/v1/query`) at `time` nanoseconds.
    public func evaluateInstant(_ expr: LogQLExpr, at time: Int64) throws -> LogQLResult {
        switch expr {
        case .log:
            throw LogQLError(.invalidQuery,
                             "log queries are not supported as an instant query type, please change your query to a range query type")
        case .literal(let number):
            return .scalar(timestampMillis: time / 1_000_000, value: number.value)
        default:
            return .vector(try metric(expr, grid: .instant(time)))
        }
    }

    func metric(_ expr: LogQLExpr, grid: LogQLStepGrid) throws -> [LogQLSeries] {
        switch expr {
        case .rangeAggregation(let node):
            return try rangeAggregation(node, grid: grid)
        case .vector(let number), .literal(let number):
            var series = LogQLSeries(labels: .empty)
            for step in 0..<grid.count {
                series.stepIndices.append(Int32(step))
                series.values.append(number.value)
                series.timestampsMillis.append(grid.time(at: step) / 1_000_000)
            }
            return [series]
        case .labelReplace(let node):
            return try LabelReplace(node).apply(try metric(node.expr, grid: grid))
        case .vectorAggregation(let node):
            throw LogQLError(.unsupported, "vector aggregation \(node.operation.rawValue) over LogQL is evaluated by "
                             + "the PromQL engine's aggregation operators, which are not wired into LogQL yet")
        case .binary(let node):
            throw LogQLError(.unsupported, "binary operator \(node.op.rawValue) over LogQL is evaluated by the "
                             + "PromQL engine's binary operators, which are not wired into LogQL yet")
        case .log:
            throw LogQLError(.invalidQuery, "a log query cannot be used as a metric expression")
        }
    }
}

/// `label_replace` on evaluated series (Prometheus's semantics: the regex
/// is anchored; when it matches the source value, `$1`-style references in
/// the replacement are expanded into the destination label).
struct LabelReplace {
    let node: LogQLLabelReplace
    let regex: RE2Regex

    init(_ node: LogQLLabelReplace) throws {
        self.node = node
        do {
            regex = try RE2Regex(node.regex, options: [.dotMatchesNewline])
        } catch {
            throw LogQLError(.invalidQuery, "invalid regex in label_replace: \(error.description)")
        }
    }

    func apply(_ series: [LogQLSeries]) throws -> [LogQLSeries] {
        try series.map { input in
            var output = input
            var source = input.labels.get(node.source)
            let replaced: String? = source.withUTF8 { buffer in
                let bytes = UnsafeRawBufferPointer(buffer)
                guard let spans = regex.captureSpans(in: bytes, anchor: .both) else { return nil }
                var out: [UInt8] = []
                regex.expand(template: node.replacement, source: bytes, spans: spans, into: &out)
                return String(decoding: out, as: UTF8.self)
            }
            if let replaced {
                guard GoString.isLegacyLabelName(node.destination) else {
                    throw LogQLError(.invalidQuery, "invalid destination label name in label_replace(): \(node.destination)")
                }
                output.labels = input.labels.setting(node.destination, to: replaced)
            }
            return output
        }
    }
}
