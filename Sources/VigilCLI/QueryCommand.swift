import ArgumentParser
import Foundation
import VigilCore
import VigilEngine
import VigilStorage
import VigilSyntax

/// `vigil query --data FILE --time T EXPR` (instant) or
/// `vigil query --data FILE --start S --end E --step D EXPR` (range):
/// evaluates over a data file and prints the Prometheus HTTP API JSON.
struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Evaluate a PromQL query over a data file and print Prometheus API JSON.",
        discussion: """
            The data file holds `load <interval>` blocks as in Prometheus's test language, or an \
            OpenMetrics / Prometheus text dump (zstd-compressed or not). Times are RFC 3339, Unix \
            seconds, or a duration from zero as in the test language (`5m`).
            """
    )

    @Option(help: "Data file: `load` blocks, or an OpenMetrics / text dump (may be zstd-compressed).")
    var data: String

    @Option(help: "Evaluation time of an instant query.")
    var time: String?

    @Option(help: "Start of a range query.")
    var start: String?

    @Option(help: "End of a range query.")
    var end: String?

    @Option(help: "Step of a range query (a duration such as 30s, or seconds).")
    var step: String?

    @Option(name: .customLong("lookback-delta"), help: "Lookback of instant selectors (default 5m).")
    var lookbackDelta: String?

    @Flag(help: "Accept Prometheus's experimental syntax.")
    var experimental = false

    @Argument(parsing: .allUnrecognized, help: "The PromQL expression.")
    var expression: [String]

    func validate() throws {
        guard expression.count == 1 else {
            throw ValidationError("Expected exactly one expression (quote it), got \(expression.count) arguments.")
        }
        let isRange = start != nil || end != nil || step != nil
        if isRange && (start == nil || end == nil || step == nil) {
            throw ValidationError("A range query needs --start, --end and --step.")
        }
        if isRange == (time != nil) {
            throw ValidationError("Give either --time (instant query) or --start/--end/--step (range query).")
        }
    }

    func run() throws {
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
}
