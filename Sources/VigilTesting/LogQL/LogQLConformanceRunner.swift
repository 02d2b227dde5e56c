import VigilCore
import VigilEngine
import VigilStorage
import VigilSyntax

/// Runs the queries of a LogQL conformance file against Vigil's engine and
/// compares each result with Loki's, as the conformance README says:
/// errors must be errors (message not compared); streams compare as sets
/// keyed by labels (without `__error_details__`, merging streams that then
/// coincide) with entries in order; vectors and matrices as sets of series
/// with values within a relative 1e-9 (NaN equals NaN). A top-level
/// `topk`/`bottomk` that differs only in which of equal values it chose
/// passes up to ties (`LogQLSelectionTies`: Loki breaks them at random).
public struct LogQLConformanceRunner: Sendable {
    public struct Outcome: Sendable {
        public var index: Int
        public var area: String
        public var query: String
        public var passed: Bool
        /// Passed as a `topk`/`bottomk` whose choice among equal values
        /// differs from the one Loki happened to make.
        public var passedUpToTies = false
        /// For a failure: what differs, and both results.
        public var mismatch: String?
        public var expected: String
        public var got: String
    }

    public struct FileReport: Sendable {
        public var path: String
        public var outcomes: [Outcome]
        public var loadErrors: [String]

        public var passed: Int { outcomes.filter(\.passed).count }
        public var failed: Int { outcomes.count - passed }
    }

    public var limits: LogQLLimits

    public init(limits: LogQLLimits = LogQLLimits()) {
        self.limits = limits
    }

    public func run(_ file: LogQLCaseFile) -> FileReport {
        let engine = LogQLEngine(limits: limits)
        let snapshot = file.store.snapshot()
        let outcomes = file.queries.map { run($0, engine: engine, on: snapshot) }
        return FileReport(path: file.path, outcomes: outcomes, loadErrors: file.loadErrors)
    }

    func run(_ query: LogQLCaseFile.Query, engine: LogQLEngine, on snapshot: LogSnapshot) -> Outcome {
        let actual: LogQLExpectedResult
        var parsed: LogQLExpr?
        do {
            let expr = try LogQLParser().parse(query.query)
            parsed = expr
            actual = Self.normalize(try evaluate(expr, query, engine: engine, on: snapshot))
        } catch {
            actual = .error("\(error)")
        }
        let expected = Self.normalizeExpected(query.expected, direction: query.direction)
        var mismatch = Self.compare(expected: expected, actual: Self.normalizeExpected(actual, direction: query.direction))
        var upToTies = false
        if mismatch != nil, let parsed, let node = LogQLSelectionTies.selection(in: parsed),
           let argument = try? evaluate(node.expr, query, engine: engine, on: snapshot) {
            let ties = LogQLSelectionTies(node: node, argument: Self.normalize(argument))
            if ties.problem(in: expected) == nil, ties.problem(in: actual) == nil {
                mismatch = nil
                upToTies = true
            }
        }
        return Outcome(index: query.index, area: query.area, query: query.query, passed: mismatch == nil,
                       passedUpToTies: upToTies, mismatch: mismatch,
                       expected: LogQLResultText.render(expected), got: LogQLResultText.render(actual))
    }

    private func evaluate(_ expr: LogQLExpr, _ query: LogQLCaseFile.Query, engine: LogQLEngine,
                          on snapshot: LogSnapshot) throws -> LogQLResult {
        if query.isInstant { return try engine.instantQuery(expr, at: query.start, on: snapshot) }
        let grid = LogQLStepGrid(startNanos: query.start, endNanos: query.end, stepNanos: query.stepNanos)
        return try engine.rangeQuery(expr, grid: grid, limit: query.limit, direction: query.direction, on: snapshot)
    }

    // MARK: Normalising

    static func normalize(_ result: LogQLResult) -> LogQLExpectedResult {
        switch result {
        case .streams(let streams):
            return .streams(streams.map { stream in
                LogQLExpectedResult.StreamEntries(labels: stream.labels, entries: stream.entries.map {
                    LogQLExpectedResult.Entry(timestamp: $0.timestamp, line: $0.line)
                })
            })
        case .vector(let series):
            return .vector(series.compactMap { series in
                guard let value = series.values.first, let timestamp = series.timestampsMillis.first else { return nil }
                return LogQLExpectedResult.Sample(labels: series.labels, point: .init(timestamp: timestamp, value: value))
            })
        case .matrix(let series):
            return .matrix(series.map { series in
                LogQLExpectedResult.SeriesPoints(labels: series.labels, points: zip(series.timestampsMillis, series.values).map {
                    LogQLExpectedResult.Point(timestamp: $0.0, value: $0.1)
                })
            })
        case .scalar(let timestamp, let value):
            return .scalar(.init(timestamp: timestamp, value: value))
        }
    }

    /// Drops `__error_details__` and merges streams that then share labels
    /// (their entries re-sorted by time in the query's direction).
    static func normalizeExpected(_ result: LogQLExpectedResult, direction: LogDirection) -> LogQLExpectedResult {
        guard case .streams(let streams) = result else { return result }
        var merged: [Labels: [LogQLExpectedResult.Entry]] = [:]
        var sources: [Labels: Int] = [:]
        for stream in streams {
            let labels = stream.labels.removing("__error_details__")
            merged[labels, default: []].append(contentsOf: stream.entries)
            sources[labels, default: 0] += 1
        }
        return .streams(merged.map { labels, entries in
            guard sources[labels, default: 0] > 1 else { return .init(labels: labels, entries: entries) }
            let order = entries.indices.sorted { a, b in
                let x = entries[a].timestamp, y = entries[b].timestamp
                if x != y { return direction == .backward ? x > y : x < y }
                return a < b
            }
            return .init(labels: labels, entries: order.map { entries[$0] })
        }.sorted { $0.labels < $1.labels })
    }

    // MARK: Comparing

    /// A description of the first difference, or nil when the results agree.
    static func compare(expected: LogQLExpectedResult, actual: LogQLExpectedResult) -> String? {
        switch (expected, actual) {
        case (.error, .error):
            return nil
        case (.error, _):
            return "Loki rejects this query; Vigil returned a \(actual.kind) result"
        case (_, .error(let message)):
            return "Vigil failed: \(message)"
        case (.streams(let want), .streams(let got)):
            return compareKeyed(want.map { ($0.labels, $0.entries) }, got.map { ($0.labels, $0.entries) }, "stream") { a, b in
                guard a.count == b.count else { return "\(b.count) entries, expected \(a.count)" }
                for (index, (x, y)) in zip(a, b).enumerated() where x != y {
                    return "entry \(index): got [\(y.timestamp), \(GoString.quote(y.line))], "
                        + "expected [\(x.timestamp), \(GoString.quote(x.line))]"
                }
                return nil
            }
        case (.vector(let want), .vector(let got)):
            return compareKeyed(want.map { ($0.labels, [$0.point]) }, got.map { ($0.labels, [$0.point]) }, "sample", comparePoints)
        case (.matrix(let want), .matrix(let got)):
            return compareKeyed(want.map { ($0.labels, $0.points) }, got.map { ($0.labels, $0.points) }, "series", comparePoints)
        case (.scalar(let want), .scalar(let got)):
            return want == got ? nil : "scalar \(got.value) at \(got.timestamp), expected \(want.value) at \(want.timestamp)"
        default:
            return "result type \(actual.kind), expected \(expected.kind)"
        }
    }

    static func comparePoints(_ a: [LogQLExpectedResult.Point], _ b: [LogQLExpectedResult.Point]) -> String? {
        guard a.count == b.count else { return "\(b.count) points, expected \(a.count)" }
        for (x, y) in zip(a, b) where x != y {
            return "point [\(y.timestamp), \(GoFloat.apiString(y.value))], expected [\(x.timestamp), \(GoFloat.apiString(x.value))]"
        }
        return nil
    }

    static func compareKeyed<T>(_ want: [(Labels, T)], _ got: [(Labels, T)], _ noun: String,
                                _ compareValues: (T, T) -> String?) -> String? {
        var wanted: [Labels: T] = [:]
        for (labels, value) in want { wanted[labels] = value }
        var gotten: [Labels: T] = [:]
        for (labels, value) in got {
            if gotten[labels] != nil { return "\(noun) \(labels) returned twice" }
            gotten[labels] = value
        }
        for (labels, _) in want.sorted(by: { $0.0 < $1.0 }) where gotten[labels] == nil {
            return "missing \(noun) \(labels) (\(got.count) returned, \(want.count) expected)"
        }
        for (labels, _) in got.sorted(by: { $0.0 < $1.0 }) where wanted[labels] == nil {
            return "unexpected \(noun) \(labels)"
        }
        for (labels, value) in want.sorted(by: { $0.0 < $1.0 }) {
            if let gotValue = gotten[labels], let difference = compareValues(value, gotValue) {
                return "\(noun) \(labels): \(difference)"
            }
        }
        return nil
    }
}

/// A compact text form of a result for mismatch reports.
enum LogQLResultText {
    static func render(_ result: LogQLExpectedResult, limit: Int = 600) -> String {
        let text: String
        switch result {
        case .error(let message):
            text = "error: \(message)"
        case .streams(let streams):
            text = "streams(\(streams.count)): " + streams.map { stream in
                "\(stream.labels) \(stream.entries.count) entries"
                    + (stream.entries.first.map { " first [\($0.timestamp), \(GoString.quote($0.line))]" } ?? "")
            }.joined(separator: "; ")
        case .vector(let samples):
            text = "vector(\(samples.count)): " + samples.sorted { $0.labels < $1.labels }.map {
                "\($0.labels) \(GoFloat.apiString($0.point.value)) @\($0.point.timestamp)"
            }.joined(separator: "; ")
        case .matrix(let series):
            text = "matrix(\(series.count)): " + series.sorted { $0.labels < $1.labels }.map { series in
                "\(series.labels) " + series.points.prefix(4).map { "[\($0.timestamp) \(GoFloat.apiString($0.value))]" }
                    .joined(separator: " ") + (series.points.count > 4 ? " …(\(series.points.count))" : "")
            }.joined(separator: "; ")
        case .scalar(let point):
            text = "scalar \(GoFloat.apiString(point.value)) @\(point.timestamp)"
        }
        return text.count > limit ? String(text.prefix(limit)) + "…" : text
    }
}
