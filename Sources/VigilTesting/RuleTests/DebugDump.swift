import VigilCore
import VigilEngine
import VigilStorage
import VigilTemplate

/// promtool's `--debug` dump: every series (input and rule output) over
/// the whole test, queried as `{__name__=~".+"}[<last eval_time + 1s>]` at
/// the end, printed as Prometheus prints a matrix.
enum DebugDump {
    static func lines(engine: Engine, store: SeriesStore, start: Int64, maxEvalTime: Int64) -> [String] {
        // A fractional-second eval time cannot be a PromQL range: round up to the next whole second.
        let span = (maxEvalTime + 1000) / 1000 * 1000
        let range = GoDuration.format(span &* 1_000_000)
        let expr = #"{__name__=~".+"}["# + range + "]"
        let result: QueryResult
        do {
            result = try engine.instantQuery(expr, at: start &+ span, on: store.snapshot())
        } catch {
            return ["DEBUG: Failed query exec, expr: \(GoString.quote(expr)), err: \(error)"]
        }
        guard case .matrix(let series) = result.value else {
            return ["DEBUG: Got unexpected type \(result.value.resultType)"]
        }
        var lines = ["DEBUG: Dump of all data (input_series and rules) at \(range):"]
        lines.append(series.map(text).joined(separator: "\n"))
        return lines
    }

    /// Prometheus's `Series.String()`: labels, ` =>`, then `value @[ms]` per point.
    private static func text(_ series: MatrixSeries) -> String {
        let points = zip(series.values, series.times).map { GoFloat.format($0, .f) + " @[\($1)]" }
        return LabelPairs.string(series.labels) + " =>\n" + points.joined(separator: "\n")
    }
}
