import Foundation
import VigilAlerting
import VigilCore
import VigilStorage

extension VigilConfig {
    /// The settings every group shares, with the caller's store and sinks.
    public func environment(
        store: SeriesStore, notify: NotifyFunc? = nil, autolog: AutologSessions? = nil,
        onStateChange: (@Sendable (AlertStateChange) -> Void)? = nil
    ) -> RuleEnvironment {
        RuleEnvironment(
            store: store, externalLabels: global.externalLabels, externalURL: global.externalURL,
            evaluationInterval: global.evaluationInterval, defaultQueryOffset: global.ruleQueryOffset,
            resendDelay: alerting.resendDelay, outageTolerance: alerting.forOutageTolerance,
            forGracePeriod: alerting.forGracePeriod, notify: notify, autolog: autolog, onStateChange: onStateChange)
    }

    /// A notifier for the configured Alertmanagers, adding the external
    /// labels. Settings only the notifier checks (such as reserved header
    /// names) fail here, naming the Alertmanager.
    public func makeNotifier(options: NotifierOptions = NotifierOptions()) throws(AlertingConfigError) -> Notifier {
        var options = options
        options.externalLabels = global.externalLabels
        return try Notifier(alertmanagers: alerting.alertmanagers.map(\.endpoint), options: options)
    }

    /// The autolog session table with the configured TTL.
    public func makeAutologSessions(now: @escaping @Sendable () -> Int64 = AutologSessions.wallClock) -> AutologSessions {
        AutologSessions(defaultTTL: autolog.defaultTTL, now: now)
    }

    /// The Prometheus rule files (`rule_files`), patterns expanded relative
    /// to the configuration file's directory, in pattern order.
    public var promqlRuleFilePaths: [String] { expand(ruleFiles) }

    /// The Loki ruler files (`loki_rule_files`), expanded the same way.
    public var lokiRuleFilePaths: [String] { expand(lokiRuleFiles) }

    private func expand(_ patterns: [String]) -> [String] {
        var seen = Set<String>()
        var paths: [String] = []
        for pattern in patterns {
            for path in FileGlob.expand(resolved(pattern)) where seen.insert(path).inserted { paths.append(path) }
        }
        return paths
    }

    /// A rule file pattern relative to the configuration file's directory.
    func resolved(_ pattern: String) -> String {
        let directory = (file as NSString).deletingLastPathComponent
        return pattern.hasPrefix("/") || directory.isEmpty ? pattern : directory + "/" + pattern
    }
}
