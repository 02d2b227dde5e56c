import Testing
import VigilCore
@testable import VigilEngine
import VigilStorage
import VigilSyntax

/// A store with the given streams (entries in push order) and helpers to
/// run LogQL against it.
struct LogFixture {
    let store = LogStore()

    init(_ streams: [(Labels, [(Int64, String)])]) throws {
        for (labels, entries) in streams {
            var batch = LogEntries()
            for (timestamp, line) in entries { batch.append(timestamp: timestamp, line: line) }
            try store.push(labels, batch)
        }
    }

    let engine = LogQLEngine()

    func logQuery(_ selector: LogSelector, start: Int64, end: Int64, limit: Int,
                  direction: LogDirection) throws -> [LogStreamResult] {
        try engine.logQuery(selector, start: start, end: end, limit: limit, direction: direction, on: store.snapshot())
    }

    func instant(_ expr: LogQLExpr, at time: Int64) throws -> LogQLResult {
        try engine.instantQuery(expr, at: time, on: store.snapshot())
    }

    func range(_ expr: LogQLExpr, grid: LogQLStepGrid, limit: Int = 100,
               direction: LogDirection = .backward) throws -> LogQLResult {
        try engine.rangeQuery(expr, grid: grid, limit: limit, direction: direction, on: store.snapshot())
    }

    /// A log query over all time, newest first; entries as `(labels text, line)`.
    func lines(_ query: String, limit: Int = 1000, direction: LogDirection = .backward) throws -> [(String, String)] {
        guard case .log(let selector) = try LogQLParser().parse(query) else { throw Unexpected.notALogQuery }
        let streams = try logQuery(selector, start: 0, end: .max, limit: limit, direction: direction)
        var out: [(Int64, String, String)] = []
        for stream in streams {
            for entry in stream.entries { out.append((entry.timestamp, stream.labels.description, entry.line)) }
        }
        out.sort { direction == .backward ? $0.0 > $1.0 : $0.0 < $1.0 }
        return out.map { ($0.1, $0.2) }
    }

    /// The labels of the lines of a log query, in time order (oldest first).
    func labels(_ query: String) throws -> [String] {
        try lines(query, direction: .forward).map(\.0)
    }

    /// A range aggregation evaluated on a grid (seconds), as `labels → [(t ms, value)]`.
    func series(_ query: String, start: Int64, end: Int64, step: Int64) throws -> [String: [(Int64, Double)]] {
        guard case .rangeAggregation(let node) = try LogQLParser().parse(query) else { throw Unexpected.notARangeAggregation }
        let grid = LogQLStepGrid(startNanos: start * 1_000_000_000, endNanos: end * 1_000_000_000, stepNanos: step * 1_000_000_000)
        var out: [String: [(Int64, Double)]] = [:]
        for series in try engine.rangeAggregation(node, grid: grid, on: store.snapshot()) {
            out[series.labels.description] = Array(zip(series.timestampsMillis, series.values))
        }
        return out
    }

    /// Values only, for one series.
    func values(_ query: String, start: Int64, end: Int64, step: Int64, series labels: String) throws -> [Double] {
        try series(query, start: start, end: end, step: step)[labels]?.map(\.1) ?? []
    }

    enum Unexpected: Error { case notALogQuery, notARangeAggregation }
}

/// Seconds to nanoseconds.
func s(_ seconds: Int64) -> Int64 { seconds * 1_000_000_000 }
