import VigilAlerting
import VigilCore

/// A rule's definition and the outcome of its last evaluation, as
/// Prometheus's `/api/v1/rules` reports it.
public struct RuleStatus: Sendable {
    public enum Kind: String, Sendable { case recording, alerting }

    public var kind: Kind
    public var name: String
    /// The canonical expression text.
    public var query: String
    /// The labels the rule applies (group labels included); an empty value
    /// removes a label.
    public var labels: [Label]
    public var health: RuleHealth
    public var lastError: String?
    /// When the rule was last evaluated (the clock's time when its
    /// evaluation started, Unix ms); nil before the first evaluation.
    public var lastEvaluation: Int64?
    public var evaluationDuration: Duration
    /// Set for alerting rules.
    public var alerting: AlertingRuleStatus?
}

/// What `/api/v1/rules` adds for an alerting rule.
public struct AlertingRuleStatus: Sendable {
    /// `for`, milliseconds.
    public var holdDuration: Int64
    public var keepFiringFor: Int64
    /// The annotation templates, sorted by name.
    public var annotations: [Label]
    /// nil before the first evaluation (Prometheus's `unknown`), else the
    /// highest state among the alerts (`inactive` when there are none).
    public var state: AlertState?
    /// Pending, firing and (within retention) resolved alerts, by labels.
    public var alerts: [RuleAlert]
    /// Whether the rule writes `ALERTS` yet: it does once the group has
    /// restored the `for` state.
    public var restored: Bool
}

/// A group's rules and the timing of its last evaluation.
public struct RuleGroupStatus: Sendable {
    public var name: String
    public var file: String
    public var language: RuleLanguage
    /// Milliseconds.
    public var interval: Int64
    public var queryOffset: Int64
    public var limit: Int
    public var rules: [RuleStatus]
    /// The evaluation time of the last evaluation (its slot, Unix ms).
    public var lastEvaluationTimestamp: Int64?
    /// The clock's time when the last evaluation started.
    public var lastEvaluation: Int64?
    public var evaluationDuration: Duration
    public var counters: RuleGroupCounters
}

/// Totals since the group was created.
public struct RuleGroupCounters: Sendable, Equatable {
    public var evaluations = 0
    /// Rule evaluations that failed (query error, collision, limit).
    public var ruleFailures = 0
    /// Samples stored, stale markers included.
    public var samplesWritten = 0
    public var staleMarkersWritten = 0
    /// Samples the store refused (Prometheus counts these and goes on).
    public var discardedOutOfOrder = 0
    public var discardedDuplicates = 0
    public var discardedOther = 0
    /// Evaluations the scheduler skipped because the previous one overran.
    public var missedIterations = 0
    public var alertsSent = 0

    public init() {}
}
