import VigilAlerting
import VigilCore
import VigilRules

/// The replay as people read it: a header, one line per alert state
/// change (time, offset from the start, rule, transition, value, labels),
/// autolog sessions opening and expiring, and a closing summary.
///
/// Labels every alert of a rule carries (`alertname`, the rule's own fixed
/// labels such as `severity`) are left out of the change lines; they are
/// in the rule file. When several alerts of one rule change the same way
/// at the same instant, the labels they share are printed once on a first
/// line and each alert gets a line with its value and the labels that
/// tell it apart.
public struct TextReplayFormatter: Sendable {
    public let plan: ReplayPlan
    /// Print every evaluation that extends an autolog session (each one of
    /// an alert that keeps firing); otherwise only openings and expiries.
    public let showRefreshes: Bool

    private let nameWidth: Int
    private let hiddenLabels: [String: Set<String>]
    private var refreshes: [SessionKey: Int] = [:]

    private struct SessionKey: Hashable {
        var scope: AutologScope
        var startedAt: Int64
    }

    static let transitionWidth = 18
    static let valueWidth = 9

    public init(plan: ReplayPlan, showRefreshes: Bool = false) {
        self.plan = plan
        self.showRefreshes = showRefreshes
        nameWidth = max(plan.alertRules.map(\.name.count).max() ?? 0, "autolog".count)
        // Rules of a group may share a name (one per severity): only labels
        // all of them fix to the same value say nothing about an alert.
        var fixed: [String: Set<Label>] = [:]
        for rule in plan.alertRules {
            let key = Replay.key(rule.file, rule.group, rule.name)
            fixed[key] = fixed[key].map { $0.intersection(rule.fixedLabels.pairs) } ?? Set(rule.fixedLabels.pairs)
        }
        hiddenLabels = fixed.mapValues { Set($0.map(\.name) + ["alertname"]) }
    }

    // MARK: Header

    public func header() -> [String] {
        let window = plan.window
        var pace = "as fast as possible"
        if case .speed(let speed) = plan.pace { pace = "at \(GoFloat.formatV(speed))× speed" }
        var lines = [
            "Replaying \(ReplayTimeFormat.rfc3339(window.from)) to \(ReplayTimeFormat.rfc3339(window.to)) "
                + "(\(Self.span(window.to &- window.from))) \(pace); offsets count from "
                + ReplayTimeFormat.timeOfDay(window.origin),
            "  data:   \(Self.count(plan.recordedSeries)) series, \(Self.count(plan.recordedSamples, "sample")); "
                + "\(Self.count(plan.recordedStreams, "log stream")), \(Self.count(plan.recordedLogLines, "line"))",
            "  rules:  \(Self.count(plan.ruleCount, "rule")) (\(plan.alertRules.count) alerting) in \(Self.count(plan.groups.count, "group"))",
        ]
        for notice in plan.notices { lines.append("  note:   \(notice)") }
        if !plan.alertmanagers.isEmpty {
            lines.append("  alerts: sent to \(plan.alertmanagers.joined(separator: ", ")), re-dated to the wall clock")
        }
        lines.append("")
        return lines
    }

    // MARK: Events

    /// The lines for one instant's events.
    public mutating func lines(for events: [ReplayEvent]) -> [String] {
        var lines: [String] = []
        var index = 0
        while index < events.count {
            switch events[index] {
            case .alert(let first):
                var run = [first]
                while index + run.count < events.count, case .alert(let next) = events[index + run.count],
                      next.file == first.file, next.group == first.group, next.rule == first.rule,
                      next.from == first.from, next.to == first.to {
                    run.append(next)
                }
                lines += alertLines(run)
                index += run.count
                continue
            case .autolog(let event):
                if let line = autologLine(event) { lines.append(line) }
            case .ruleFailure(let failure):
                lines.append(prefix(failure.time) + pad(failure.rule, nameWidth) + "  "
                             + pad("evaluation failed", Self.transitionWidth) + "  " + failure.message)
            }
            index += 1
        }
        return lines
    }

    private func alertLines(_ changes: [AlertStateChange]) -> [String] {
        let first = changes[0]
        let hidden = hiddenLabels[Replay.key(first.file, first.group, first.rule)] ?? ["alertname"]
        let shown = changes.map { $0.labels.removing(hidden) }
        let head = prefix(first.time) + pad(first.rule, nameWidth) + "  " + pad(Self.transition(first), Self.transitionWidth) + "  "
        guard changes.count > 1 else {
            return [trimmed(head + pad(Self.value(first.value), Self.valueWidth) + "  " + Self.labels(shown[0]))]
        }
        let common = shown.dropFirst().reduce(Set(shown[0].pairs)) { $0.intersection($1.pairs) }
        let commonLabels = Labels(shown[0].pairs.filter { common.contains($0) })
        var lines = [trimmed(head + pad("\(changes.count) alerts", Self.valueWidth) + "  " + Self.labels(commonLabels))]
        let indent = String(repeating: " ", count: head.count)
        for (change, labels) in zip(changes, shown) {
            let own = Labels(labels.pairs.filter { !common.contains($0) })
            lines.append(indent + pad(Self.value(change.value), Self.valueWidth) + "  " + Self.labels(own))
        }
        return lines
    }

    private mutating func autologLine(_ event: AutologEvent) -> String? {
        let session = event.session
        let key = SessionKey(scope: session.scope, startedAt: session.startedAt)
        let head = prefix(event.time) + pad("autolog", nameWidth) + "  " + pad(event.kind.rawValue, Self.transitionWidth) + "  "
            + Self.scope(session.scope)
        switch event.kind {
        case .opened:
            let trigger = session.alertname.map { " by \($0)" } ?? ""
            return head + " until \(ReplayTimeFormat.timeOfDay(session.expiresAt))\(trigger)"
        case .refreshed:
            refreshes[key, default: 0] += 1
            return showRefreshes ? head + " until \(ReplayTimeFormat.timeOfDay(session.expiresAt))" : nil
        case .expired:
            let count = refreshes.removeValue(forKey: key) ?? 0
            return head + " (opened \(ReplayTimeFormat.offset(session.startedAt, from: plan.window.origin)), "
                + "extended \(Self.count(count, "time")))"
        }
    }

    // MARK: Summary

    public func summary(_ summary: ReplaySummary) -> [String] {
        let origin = summary.window.origin
        var lines = [
            "",
            "Summary: \(Self.count(summary.evaluations)) group evaluations, "
                + "\(Self.count(summary.ruleFailures)) failed rule evaluations, "
                + "\(Self.count(summary.samplesFed)) samples and \(Self.count(summary.logLinesFed)) log lines replayed",
        ]
        if summary.samplesRefused > 0 {
            lines.append("  \(Self.count(summary.samplesRefused)) recorded samples refused (series the rules write too)")
        }
        let columns = ["pending", "firing", "resolved", "cleared"]
        let ruleWidth = max(nameWidth, "alert rule".count)
        lines.append("  " + pad("alert rule", ruleWidth) + columns.map { "  " + $0 }.joined() + "  at the end")
        for tally in summary.alertRules {
            let counts = [tally.pending, tally.firing, tally.resolved, tally.cleared]
            var line = "  " + pad(tally.rule, ruleWidth)
            for (count, column) in zip(counts, columns) { line += "  " + padLeft(String(count), column.count) }
            var end: [String] = []
            if tally.firingAtEnd > 0 { end.append("\(tally.firingAtEnd) firing") }
            if tally.pendingAtEnd > 0 { end.append("\(tally.pendingAtEnd) pending") }
            if let error = tally.lastError { end.append("\(tally.failures) failed evaluations, last: \(error)") }
            line += "  " + end.joined(separator: ", ")
            while line.hasSuffix(" ") { line.removeLast() }
            lines.append(line)
        }
        lines.append("  (cleared: pending alerts whose condition ended before they fired)")
        lines.append("Autolog sessions opened: \(summary.autologSessions.count)")
        let scopeWidth = summary.autologSessions.map { Self.scope($0.scope).count }.max() ?? 0
        for session in summary.autologSessions {
            let opened = ReplayTimeFormat.offset(session.openedAt, from: origin)
            let end = session.expired
                ? "expired \(ReplayTimeFormat.offset(session.expiresAt, from: origin))"
                : "open until \(ReplayTimeFormat.offset(session.expiresAt, from: origin))"
            var line = "  " + pad(Self.scope(session.scope), scopeWidth) + "  opened " + pad(opened, 8) + "  " + end
            if let alertname = session.alertname { line += " by \(alertname)" }
            line += ", extended \(Self.count(session.refreshes, "time"))"
            lines.append(line)
        }
        return lines
    }

    /// What reached each Alertmanager, after the notifier shut down.
    public func delivery(_ stats: [AlertmanagerStats]) -> [String] {
        stats.map { stats in
            var line = "Alertmanager \(stats.url): \(Self.count(stats.sent)) alerts delivered in "
                + "\(Self.count(stats.requestsSent)) requests, \(stats.failed) failed, \(stats.dropped) dropped"
            if let error = stats.lastError, stats.failed > 0 || stats.dropped > 0 { line += " (last error: \(error))" }
            return line
        }
    }

    // MARK: Pieces

    private func prefix(_ time: Int64) -> String {
        ReplayTimeFormat.rfc3339(time) + "  " + pad(ReplayTimeFormat.offset(time, from: plan.window.origin), 8) + "  "
    }

    static func transition(_ change: AlertStateChange) -> String {
        switch (change.from, change.to) {
        case (.firing, .inactive): return "firing → resolved"
        default: return "\(change.from.rawValue) → \(change.to.rawValue)"
        }
    }

    /// Four significant digits, as Go's `%.4g`.
    static func value(_ value: Double) -> String { GoFloat.format(value, .g, precision: 4) }

    /// A duration to the second (`3h44m55s`), or in milliseconds below one.
    static func span(_ millis: Int64) -> String {
        ReplayTimeFormat.duration(millis >= 1000 ? millis - millis % 1000 : millis)
    }

    /// `{a="1", b="2"}`; nothing for no labels.
    static func labels(_ labels: Labels) -> String { labels.isEmpty ? "" : labels.description }

    /// `1 rule`, `2 rules`, `1,024 rules`.
    static func count(_ value: Int, _ noun: String) -> String {
        count(value) + " " + noun + (value == 1 ? "" : "s")
    }

    private func trimmed(_ line: String) -> String {
        var line = line
        while line.hasSuffix(" ") { line.removeLast() }
        return line
    }

    /// `app/environment endpoint`; `*` for any environment, no endpoint for all of them.
    static func scope(_ scope: AutologScope) -> String {
        "\(scope.app)/\(scope.environment ?? "*")" + (scope.endpoint.map { " " + $0 } ?? "")
    }

    /// 346039 → `346,039`.
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return (value < 0 ? "-" : "") + out
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    private func padLeft(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}
