import ArgumentParser
import Foundation
import VigilAlerting
import VigilCore
import VigilReplay
import VigilRules

/// `vigil alerts`: the alerts (or, with `--autolog`, the autolog sessions)
/// that are active at a moment of a recording, found by replaying the
/// recording through the rules up to that moment.
struct AlertsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "List the alerts or autolog sessions active at a time of a recording.",
        discussion: """
            Replays the recording through the rules from its first sample (or --from) up to --at, then \
            prints the pending and firing alerts as of the last evaluation, like Prometheus's \
            /api/v1/alerts, or with --autolog the verbose-logging sessions live at that time, shaped \
            like the auto-log service's /api/autolog/list. See `vigil replay --help` for the inputs.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @OptionGroup var input: ReplayInputOptions

    @Option(help: "The time to report on (RFC 3339, Unix seconds, or a duration from zero).")
    var at: String

    @Option(help: "Where the replay starts; default: the first sample.")
    var from: String?

    @Flag(help: "List the autolog sessions instead of the alerts.")
    var autolog = false

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    func run() throws {
        let settings = try input.loadConfig()
        let recording = try input.loadRecording()
        let end = try TimeArgument.instant(at)
        let start = try from.map(TimeArgument.instant)
        let replay: Replay
        do {
            replay = try Replay(rules: input.replayRules(settings), recording: recording, from: start, to: end)
        } catch {
            printError(error.description)
            throw ExitCode.failure
        }
        replay.run()
        if autolog {
            let sessions = replay.autologSessions()
            print(format == .json ? AlertsListing.json(sessions) : AlertsListing.text(sessions, at: end))
        } else {
            let alerts = replay.activeAlerts()
            print(format == .json ? AlertsListing.json(alerts) : AlertsListing.text(alerts, at: end))
        }
    }
}

/// The text and JSON forms of `vigil alerts`.
enum AlertsListing {
    /// Prometheus's `/api/v1/alerts` body: labels, annotations, state,
    /// activeAt and the value as Go's `FormatFloat(v, 'e', -1, 64)`.
    static func json(_ alerts: [ActiveAlert]) -> String {
        let items: [[String: Any]] = alerts.map { active in
            [
                "labels": active.alert.labels.dictionary,
                "annotations": Dictionary(active.alert.annotations.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 }),
                "state": "\(active.alert.state)",
                "activeAt": ReplayTimeFormat.rfc3339(active.alert.activeAt),
                "value": GoFloat.format(active.alert.value, .e),
            ]
        }
        return encode(["status": "success", "data": ["alerts": items]])
    }

    static func json(_ sessions: [AutologSession]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = (try? encoder.encode(sessions)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        return #"{"sessions":"# + body + "}"
    }

    static func text(_ alerts: [ActiveAlert], at time: Int64) -> String {
        var lines = ["Alerts active at \(ReplayTimeFormat.rfc3339(time)): \(alerts.count)"]
        let ordered = alerts.sorted { ($0.alert.state == .firing ? 0 : 1, $0.alert.activeAt, $0.rule)
            < ($1.alert.state == .firing ? 0 : 1, $1.alert.activeAt, $1.rule) }
        for active in ordered {
            let state = "\(active.alert.state)".padding(toLength: 8, withPad: " ", startingAt: 0)
            let since = ReplayTimeFormat.rfc3339(active.alert.activeAt)
            let value = GoFloat.format(active.alert.value, .g, precision: 4)
            lines.append("  \(state) since \(since)  \(value.padding(toLength: 10, withPad: " ", startingAt: 0)) "
                         + active.alert.labels.description)
        }
        return lines.joined(separator: "\n")
    }

    static func text(_ sessions: [AutologSession], at time: Int64) -> String {
        var lines = ["Autolog sessions live at \(ReplayTimeFormat.rfc3339(time)): \(sessions.count)"]
        for session in sessions.sorted(by: { $0.startedAt < $1.startedAt }) {
            let scope = [session.scope.app, session.scope.environment ?? "*", session.scope.endpoint ?? "*"]
                .joined(separator: " ")
            let cause = session.alertname.map { "by \($0)" } ?? session.trigger.rawValue
            lines.append("  \(scope)  since \(ReplayTimeFormat.rfc3339(session.startedAt))  "
                         + "until \(ReplayTimeFormat.rfc3339(session.expiresAt))  \(cause)")
        }
        return lines.joined(separator: "\n")
    }

    private static func encode(_ object: Any) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
