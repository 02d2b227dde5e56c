import Foundation
import VigilAlerting
import VigilCore
import VigilRules

/// The replay for tools: one JSON object per line. The first line
/// (`"event":"replay"`) describes the run, then one line per event
/// (`alert`, `autolog`, `rule_failure`, autolog refreshes included), and
/// a last `summary` line. Keys are sorted; times are RFC 3339 UTC with
/// milliseconds, with `offset` from the start as in the text output;
/// values are JSON numbers, or the strings `NaN`, `+Inf`, `-Inf`.
public struct JSONReplayFormatter: Sendable {
    public let plan: ReplayPlan

    public init(plan: ReplayPlan) { self.plan = plan }

    public func header() -> [String] {
        var pace = "max"
        if case .speed(let speed) = plan.pace { pace = GoFloat.formatV(speed) }
        return [Self.encode(Header(
            from: RFC3339Millis.format(plan.window.from), to: RFC3339Millis.format(plan.window.to),
            origin: RFC3339Millis.format(plan.window.origin), speed: pace,
            recorded: Recorded(series: plan.recordedSeries, samples: plan.recordedSamples,
                               logStreams: plan.recordedStreams, logLines: plan.recordedLogLines),
            groups: plan.groups.map {
                Group(name: $0.name, file: $0.file, language: $0.language.rawValue,
                      interval: ReplayTimeFormat.duration($0.interval), rules: $0.ruleCount)
            },
            notices: plan.notices.map(\.description), alertmanagers: plan.alertmanagers))]
    }

    public func lines(for events: [ReplayEvent]) -> [String] {
        events.map { event in
            let time = RFC3339Millis.format(event.time)
            let offset = ReplayTimeFormat.offset(event.time, from: plan.window.origin)
            switch event {
            case .alert(let change):
                return Self.encode(AlertLine(
                    time: time, offset: offset, group: change.group, file: change.file, rule: change.rule,
                    labels: change.labels.dictionary,
                    annotations: Dictionary(change.annotations.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 }),
                    from: change.from.rawValue, to: change.to == .inactive && change.from == .firing ? "resolved" : change.to.rawValue,
                    value: change.value, activeAt: RFC3339Millis.format(change.activeAt)))
            case .autolog(let autolog):
                let session = autolog.session
                return Self.encode(AutologLine(
                    time: time, offset: offset, action: autolog.kind.rawValue, app: session.scope.app,
                    environment: session.scope.environment, endpoint: session.scope.endpoint,
                    startedAt: RFC3339Millis.format(session.startedAt), expiresAt: RFC3339Millis.format(session.expiresAt),
                    alertname: session.alertname, reason: session.reason))
            case .ruleFailure(let failure):
                return Self.encode(FailureLine(
                    time: time, offset: offset, group: failure.group, file: failure.file, rule: failure.rule,
                    message: failure.message))
            }
        }
    }

    public func summary(_ summary: ReplaySummary) -> [String] {
        [Self.encode(SummaryLine(
            evaluations: summary.evaluations, ruleFailures: summary.ruleFailures, samplesFed: summary.samplesFed,
            samplesRefused: summary.samplesRefused, logLinesFed: summary.logLinesFed,
            alertRules: summary.alertRules.map {
                RuleLine(group: $0.group, file: $0.file, rule: $0.rule, pending: $0.pending, firing: $0.firing,
                         resolved: $0.resolved, cleared: $0.cleared, pendingAtEnd: $0.pendingAtEnd,
                         firingAtEnd: $0.firingAtEnd, failures: $0.failures, lastError: $0.lastError)
            },
            autologSessions: summary.autologSessions.map {
                SessionLine(app: $0.scope.app, environment: $0.scope.environment, endpoint: $0.scope.endpoint,
                            openedAt: RFC3339Millis.format($0.openedAt), expiresAt: RFC3339Millis.format($0.expiresAt),
                            expired: $0.expired, alertname: $0.alertname, refreshes: $0.refreshes)
            }))]
    }

    /// What reached each Alertmanager, after the notifier shut down.
    public func delivery(_ stats: [AlertmanagerStats]) -> [String] {
        [Self.encode(DeliveryLine(alertmanagers: stats.map {
            DeliveryStats(url: $0.url, delivered: $0.sent, requests: $0.requestsSent, failed: $0.failed,
                          dropped: $0.dropped, superseded: $0.superseded, lastError: $0.lastError)
        }))]
    }

    // MARK: Shapes

    private struct DeliveryLine: Encodable {
        let event = "delivery"
        var alertmanagers: [DeliveryStats]
    }

    private struct DeliveryStats: Encodable {
        var url: String
        var delivered, requests, failed, dropped, superseded: Int
        var lastError: String?
        enum CodingKeys: String, CodingKey {
            case url, delivered, requests, failed, dropped, superseded, lastError = "last_error"
        }
    }

    private struct Header: Encodable {
        let event = "replay"
        var from, to, origin, speed: String
        var recorded: Recorded
        var groups: [Group]
        var notices: [String]
        var alertmanagers: [String]
    }

    private struct Recorded: Encodable {
        var series, samples, logStreams, logLines: Int
        enum CodingKeys: String, CodingKey {
            case series, samples, logStreams = "log_streams", logLines = "log_lines"
        }
    }

    private struct Group: Encodable {
        var name, file, language, interval: String
        var rules: Int
    }

    private struct AlertLine: Encodable {
        let event = "alert"
        var time, offset, group, file, rule: String
        var labels, annotations: [String: String]
        var from, to: String
        var value: Double
        var activeAt: String
        enum CodingKeys: String, CodingKey {
            case event, time, offset, group, file, rule, labels, annotations, from, to, value, activeAt = "active_at"
        }
    }

    private struct AutologLine: Encodable {
        let event = "autolog"
        var time, offset, action, app: String
        var environment, endpoint: String?
        var startedAt, expiresAt: String
        var alertname: String?
        var reason: String
        enum CodingKeys: String, CodingKey {
            case event, time, offset, action, app, environment, endpoint, startedAt = "started_at",
                 expiresAt = "expires_at", alertname, reason
        }
    }

    private struct FailureLine: Encodable {
        let event = "rule_failure"
        var time, offset, group, file, rule, message: String
    }

    private struct SummaryLine: Encodable {
        let event = "summary"
        var evaluations, ruleFailures, samplesFed, samplesRefused, logLinesFed: Int
        var alertRules: [RuleLine]
        var autologSessions: [SessionLine]
        enum CodingKeys: String, CodingKey {
            case event, evaluations, ruleFailures = "rule_failures", samplesFed = "samples_fed",
                 samplesRefused = "samples_refused", logLinesFed = "log_lines_fed", alertRules = "alert_rules",
                 autologSessions = "autolog_sessions"
        }
    }

    private struct RuleLine: Encodable {
        var group, file, rule: String
        var pending, firing, resolved, cleared, pendingAtEnd, firingAtEnd, failures: Int
        var lastError: String?
        enum CodingKeys: String, CodingKey {
            case group, file, rule, pending, firing, resolved, cleared, pendingAtEnd = "pending_at_end",
                 firingAtEnd = "firing_at_end", failures, lastError = "last_error"
        }
    }

    private struct SessionLine: Encodable {
        var app: String
        var environment, endpoint: String?
        var openedAt, expiresAt: String
        var expired: Bool
        var alertname: String?
        var refreshes: Int
        enum CodingKeys: String, CodingKey {
            case app, environment, endpoint, openedAt = "opened_at", expiresAt = "expires_at", expired, alertname, refreshes
        }
    }

    private static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
