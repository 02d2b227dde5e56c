import VigilCore
import VigilRules

/// What a replay is about to do: its window, its rules, its data.
public struct ReplayPlan: Sendable {
    public var window: ReplayWindow
    public var pace: ReplayPace
    /// Every group evaluated, in evaluation order among groups due together.
    public var groups: [PlannedGroup]
    public var notices: [ReplayNotice]
    public var recordedSeries: Int
    public var recordedSamples: Int
    public var recordedStreams: Int
    public var recordedLogLines: Int
    /// Where alerts are delivered (empty: nowhere).
    public var alertmanagers: [String]

    public var ruleCount: Int { groups.reduce(0) { $0 + $1.ruleCount } }
    public var alertRules: [PlannedAlertRule] { groups.flatMap(\.alertRules) }
}

public struct PlannedGroup: Sendable, Equatable {
    public var name: String
    public var file: String
    public var language: RuleLanguage
    /// Milliseconds.
    public var interval: Int64
    public var ruleCount: Int
    public var alertRules: [PlannedAlertRule]
}

/// An alerting rule as written: what stays the same across its alerts.
public struct PlannedAlertRule: Sendable, Equatable {
    public var group: String
    public var file: String
    public var name: String
    /// `for` and `keep_firing_for`, milliseconds.
    public var holdDuration: Int64
    public var keepFiringFor: Int64
    /// The rule's labels that are not templates: every alert of the rule
    /// carries them unchanged.
    public var fixedLabels: Labels

    init(group: RuleGroupStatus, rule: RuleStatus) {
        self.group = group.name
        file = group.file
        name = rule.name
        holdDuration = rule.alerting?.holdDuration ?? 0
        keepFiringFor = rule.alerting?.keepFiringFor ?? 0
        fixedLabels = Labels(rule.labels.filter { !$0.value.contains("{{") && !$0.value.isEmpty })
    }
}
