import ArgumentParser
import Foundation
import VigilCore
import VigilEngine
import VigilStorage
import VigilSyntax

/// `vigil query --data FILE --time T EXPR` (instant) or
/// `vigil query --data FILE --start S --end E --step D EXPR` (range):
/// evaluates PromQL over a data file and prints the Prometheus HTTP API
/// JSON. With `--logs FILE...` the query is LogQL over log recordings and
/// the output Loki's HTTP API JSON.
struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Evaluate a PromQL query over a data file, or a LogQL query over log files, and print the API JSON.",
        discussion: """
            PromQL: the --data file holds `load <interval>` blocks as in Prometheus's test language, or an \
            OpenMetrics / Prometheus text dump (zstd-compressed or not); the output is Prometheus's \
            /api/v1/query or /api/v1/query_range JSON.

            LogQL: --logs reads one or more files, each a Loki JSON document (a query_range response, a push \
            body or a conformance cases.json), `logcli --output=jsonl` lines, or an application's JSON lines \
            (whose stream labels come from --label-field and --static-label), zstd-compressed or not; the \
            format is detected per file unless --logs-format says it. The output is Loki's /loki/api/v1/query \
            (--time) or /loki/api/v1/query_range (--start/--end, --step defaulting to Loki's \
            max(1s, (end - start) / 250)) JSON, without `stats`. Log queries take --limit and --direction; a \
            range selects entries with start <= t < end. When both --data and --logs are given the query \
            follows the input and is LogQL over the logs (the data file is not read). --logs takes every \
            following word up to the next option, so put the query before it, after another option, or last.

            Times are RFC 3339, Unix seconds (with fractions; to the nanosecond for LogQL), or a duration from \
            zero as in the test language (`5m`).
            """
    )

    @Option(help: "Data file: `load` blocks, or an OpenMetrics / text dump (may be zstd-compressed).")
    var data: String?

    @Option(parsing: .upToNextOption, help: "Log files: Loki JSON, logcli JSON lines or JSON lines (may be zstd-compressed).")
    var logs: [String] = []

    @Option(name: .customLong("logs-format"), help: "Format of the log files: auto, loki, logcli or jsonl.")
    var logsFormat: LogFileLoader.Format = .auto

    @Option(name: .customLong("label-field"), help: "JSON lines: a top-level field that becomes a stream label (repeatable).")
    var labelFields: [String] = []

    @Option(name: .customLong("static-label"), help: "JSON lines: a label NAME=VALUE every stream gets (repeatable).")
    var staticLabels: [String] = []

    @Option(name: .customLong("timestamp-field"),
            help: "JSON lines: a field holding the timestamp, in order of preference (repeatable; default ts, timestamp, time).")
    var timestampFields: [String] = []

    @Option(name: .customLong("timestamp-unit"), help: "JSON lines: unit of numeric timestamps: auto, s, ms, us or ns.")
    var timestampUnit: TimestampUnit = .auto

    @Option(help: "Evaluation time of an instant query.")
    var time: String?

    @Option(help: "Start of a range query.")
    var start: String?

    @Option(help: "End of a range query.")
    var end: String?

    @Option(help: "Step of a range query (a duration such as 30s, or seconds).")
    var step: String?

    @Option(help: "LogQL log queries: the most entries returned (default 100).")
    var limit: Int = 100

    @Option(help: "LogQL log queries: backward (newest first) or forward.")
    var direction: DirectionArgument = .backward

    @Option(name: .customLong("lookback-delta"), help: "Lookback of instant selectors (default 5m).")
    var lookbackDelta: String?

    @Flag(help: "Accept Prometheus's experimental syntax.")
    var experimental = false

    @Argument(parsing: .allUnrecognized, help: "The PromQL or LogQL expression.")
    var expression: [String] = []

    enum TimestampUnit: String, ExpressibleByArgument, CaseIterable {
        case auto, s, ms, us, ns
        var unit: UnixTimeUnit {
            switch self {
            case .auto: return .auto
            case .s: return .seconds
            case .ms: return .milliseconds
            case .us: return .microseconds
            case .ns: return .nanoseconds
            }
        }
    }

    enum DirectionArgument: String, ExpressibleByArgument, CaseIterable {
        case backward, forward
    }

    mutating func validate() throws {
        // `--logs a.jsonl 'count_over_time(...)'`: the query is the last word.
        if expression.isEmpty, logs.count > 1 { expression = [logs.removeLast()] }
        guard expression.count == 1 else {
            throw ValidationError("Expected exactly one expression (quote it), got \(expression.count) arguments.")
        }
        guard data != nil || !logs.isEmpty else { throw ValidationError("Give --data (PromQL) or --logs (LogQL).") }
        let isRange = start != nil || end != nil || step != nil
        let stepRequired = logs.isEmpty
        if isRange && (start == nil || end == nil || (stepRequired && step == nil)) {
            throw ValidationError(stepRequired ? "A range query needs --start, --end and --step."
                                               : "A range query needs --start and --end.")
        }
        if isRange == (time != nil) {
            throw ValidationError("Give either --time (instant query) or --start/--end/--step (range query).")
        }
        if limit < 0 { throw ValidationError("--limit must not be negative.") }
    }

    func run() throws {
        if !logs.isEmpty {
            if data != nil {
                FileHandle.standardError.write(Data("vigil query: --logs given, so the query is LogQL; --data is not read\n".utf8))
            }
            try runLogQL()
            return
        }
        guard let data else { throw ValidationError("Give --data (PromQL) or --logs (LogQL).") }
        let store = SeriesStore()
        try DataFileLoader.load(path: data, into: store)
        var options = EngineOptions()
        if let lookbackDelta { options.lookbackDelta = try TimeArgument.duration(lookbackDelta) }
        let engine = Engine(options: options, parserOptions: experimental ? .all : .init())
        let snapshot = store.snapshot()
        let output: String
        do {
            let result: QueryResult
            if let time {
                result = try engine.instantQuery(expression[0], at: try TimeArgument.instant(time), on: snapshot)
            } else if let start, let end, let step {
                result = try engine.rangeQuery(expression[0], start: try TimeArgument.instant(start),
                                               end: try TimeArgument.instant(end),
                                               step: try TimeArgument.duration(step), on: snapshot)
            } else {
                throw ValidationError("no query time given")
            }
            output = PrometheusJSON.encode(result)
        } catch let failure as QueryFailure {
            print(PrometheusJSON.encode(failure))
            throw ExitCode.failure
        }
        print(output)
    }

    /// LogQL over the log files, printed as Loki's API JSON.
    private func runLogQL() throws {
        var options = JSONLinesLogReader.Options(labelFields: labelFields, unixUnit: timestampUnit.unit)
        if !timestampFields.isEmpty { options.timestampFields = timestampFields }
        var pairs: [Label] = []
        for text in staticLabels {
            guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
                throw ValidationError("--static-label wants NAME=VALUE, got \(GoString.quote(text))")
            }
            pairs.append(Label(String(text[..<equals]), String(text[text.index(after: equals)...])))
        }
        options.staticLabels = Labels(pairs)
        let store = LogStore()
        _ = try LogFileLoader.load(logs, format: logsFormat, jsonLines: options, into: store)

        let engine = LogQLEngine()
        let result: LogQLResult
        do {
            let expr = try LogQLParser().parse(expression[0])
            if let time {
                result = try engine.instantQuery(expr, at: try TimeArgument.instantNanos(time), on: store.snapshot())
            } else if let start, let end {
                let startNanos = try TimeArgument.instantNanos(start), endNanos = try TimeArgument.instantNanos(end)
                guard endNanos >= startNanos else {
                    throw LogQLError(.invalidQuery, "end timestamp must not be before or equal to start time")
                }
                let stepNanos = try step.map(TimeArgument.durationNanos) ?? Self.defaultStep(startNanos, endNanos)
                let grid = LogQLStepGrid(startNanos: startNanos, endNanos: endNanos, stepNanos: stepNanos)
                result = try engine.rangeQuery(expr, grid: grid, limit: limit,
                                               direction: direction == .forward ? .forward : .backward,
                                               on: store.snapshot())
            } else {
                throw ValidationError("no query time given")
            }
        } catch let error as ParseError {
            print(LokiJSON.encode(error: error.description))
            throw ExitCode.failure
        } catch let error as LogQLError {
            print(LokiJSON.encode(error: error.message))
            throw ExitCode.failure
        }
        print(LokiJSON.encode(result))
    }

    /// Loki's `defaultQueryRangeStep`: (end - start) / 250, in whole
    /// seconds, at least one second.
    static func defaultStep(_ start: Int64, _ end: Int64) -> Int64 {
        let seconds = max((end &- start) / 250 / 1_000_000_000, 1)
        return seconds &* 1_000_000_000
    }
}
