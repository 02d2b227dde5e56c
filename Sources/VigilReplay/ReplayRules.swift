import VigilEngine
import VigilRules
import VigilStorage

/// The rules a replay runs and the settings they run with.
public struct ReplayRules: Sendable {
    /// Global rule settings, alerting settings and the autolog TTL.
    public var config: VigilConfig
    /// Prometheus rule files (PromQL).
    public var promqlFiles: [String]
    /// Loki ruler files (LogQL).
    public var lokiFiles: [String]

    /// The configuration's rule files, unless lists are given: a given list
    /// replaces the configuration's list of that language.
    public init(config: VigilConfig = VigilConfig(), promqlFiles: [String]? = nil, lokiFiles: [String]? = nil) {
        self.config = config
        self.promqlFiles = promqlFiles ?? config.promqlRuleFilePaths
        self.lokiFiles = lokiFiles ?? config.lokiRuleFilePaths
    }
}

/// How rule groups query the stores a replay fills, one querier per
/// language. The outputs of both (recorded series, `ALERTS`) go to the
/// series store.
public struct ReplayQueriers: Sendable {
    /// PromQL rules over the series store.
    public var promql: @Sendable (_ series: SeriesStore) -> RuleQuerier
    /// LogQL rules over the log store (their output still goes to the
    /// series store).
    public var logql: @Sendable (_ series: SeriesStore, _ logs: LogStore) -> RuleQuerier

    public init(promql: @escaping @Sendable (_ series: SeriesStore) -> RuleQuerier,
                logql: @escaping @Sendable (_ series: SeriesStore, _ logs: LogStore) -> RuleQuerier) {
        self.promql = promql
        self.logql = logql
    }

    /// Vigil's PromQL and LogQL engines.
    public static var standard: ReplayQueriers {
        ReplayQueriers(promql: { RuleQuerier.promql(engine: Engine(), store: $0) },
                       logql: { _, logs in RuleQuerier.logql(engine: LogQLEngine(), logStore: logs) })
    }
}

/// Something about a replay's set-up the reader should know.
public enum ReplayNotice: Sendable, Equatable, CustomStringConvertible {
    /// The recording holds series the rules write (`ALERTS`, recording
    /// rules' output, from the Prometheus it was taken from): they are left
    /// out, and the replay's own output takes their place. Series counts by
    /// metric name.
    case recordedSeriesReplaced([String: Int])

    public var description: String {
        switch self {
        case .recordedSeriesReplaced(let counts):
            let names = counts.keys.sorted().map { "\($0) (\(counts[$0] ?? 0))" }
            return "recorded series the rules write are replaced by the replay's: \(names.joined(separator: ", "))"
        }
    }
}
