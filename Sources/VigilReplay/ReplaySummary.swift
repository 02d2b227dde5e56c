import VigilAlerting
import VigilCore
import VigilRules

/// What a replay did, for its closing summary.
public struct ReplaySummary: Sendable, Equatable {
    public var window: ReplayWindow
    /// Group evaluations run.
    public var evaluations = 0
    /// Every alerting rule, in group and rule order.
    public var alertRules: [AlertRuleTally] = []
    /// Every autolog session opened, in the order they opened.
    public var autologSessions: [AutologSessionTally] = []
    /// Rule evaluations that failed.
    public var ruleFailures = 0
    /// Recorded samples and log lines made visible to the rules.
    public var samplesFed = 0
    public var logLinesFed = 0
    /// Recorded samples the series store refused (a recorded series that
    /// a rule writes as well).
    public var samplesRefused = 0

    public init(window: ReplayWindow) { self.window = window }
}

/// How often the alerts of one rule changed state.
public struct AlertRuleTally: Sendable, Equatable {
    public var file: String
    public var group: String
    public var rule: String
    /// Alerts that became pending (`inactive → pending`).
    public var pending = 0
    /// Alerts that started firing (from pending, or at once with no `for`).
    public var firing = 0
    /// Firing alerts that resolved.
    public var resolved = 0
    /// Pending alerts whose condition went away before they fired.
    public var cleared = 0
    /// Alerts still pending or firing when the replay ended.
    public var pendingAtEnd = 0
    public var firingAtEnd = 0
    /// Failed evaluations of the rule, and the last error.
    public var failures = 0
    public var lastError: String?

    public init(file: String, group: String, rule: String) {
        self.file = file
        self.group = group
        self.rule = rule
    }

    mutating func count(_ change: AlertStateChange) {
        switch (change.from, change.to) {
        case (.inactive, .pending): pending += 1
        case (_, .firing): firing += 1
        case (.firing, .inactive): resolved += 1
        case (.pending, .inactive): cleared += 1
        default: break
        }
    }
}

/// One autolog session from opening to expiry.
public struct AutologSessionTally: Sendable, Equatable {
    public var scope: AutologScope
    public var openedAt: Int64
    public var alertname: String?
    /// Evaluations that extended it.
    public var refreshes = 0
    /// Its expiry as of the end of the replay.
    public var expiresAt: Int64
    /// Whether it ran out within the replay.
    public var expired = false

    public init(scope: AutologScope, openedAt: Int64, alertname: String?, expiresAt: Int64) {
        self.scope = scope
        self.openedAt = openedAt
        self.alertname = alertname
        self.expiresAt = expiresAt
    }
}

extension ReplaySummary {
    mutating func count(_ event: ReplayEvent, ruleIndex: [String: Int]) {
        switch event {
        case .alert(let change):
            if let index = ruleIndex[Replay.key(change.file, change.group, change.rule)] { alertRules[index].count(change) }
        case .ruleFailure:
            break
        case .autolog(let event):
            let session = event.session
            switch event.kind {
            case .opened:
                autologSessions.append(AutologSessionTally(
                    scope: session.scope, openedAt: session.startedAt, alertname: session.alertname,
                    expiresAt: session.expiresAt))
            case .refreshed, .expired:
                guard let index = autologSessions.lastIndex(where: {
                    $0.scope == session.scope && $0.openedAt == session.startedAt
                }) else { return }
                autologSessions[index].expiresAt = session.expiresAt
                if event.kind == .refreshed { autologSessions[index].refreshes += 1 } else { autologSessions[index].expired = true }
            }
        }
    }
}
