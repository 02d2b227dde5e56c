import VigilAlerting
import VigilCore

/// One alert of an alerting rule: an element of the rule's result, after
/// its labels and annotations were expanded (Prometheus's `rules.Alert`).
///
/// Times are Unix milliseconds; nil stands for Go's zero time (never).
public struct RuleAlert: Sendable, Hashable {
    /// The sample's labels without `__name__`, the rule's (expanded) labels
    /// and `alertname`: what identifies the alert.
    public var labels: Labels
    /// Expanded annotations, sorted by name; empty values are kept.
    public var annotations: [Label]
    /// `pending`, `firing`, or `inactive` for a resolved alert kept for
    /// ``AlertingRule/resolvedRetention``.
    public var state: AlertState
    /// The expression's value at the last evaluation that returned the series.
    public var value: Double
    /// When the condition started to hold (the `for` clock), possibly moved
    /// by a restore.
    public var activeAt: Int64
    public var firedAt: Int64?
    public var resolvedAt: Int64?
    public var lastSentAt: Int64?
    public var validUntil: Int64?
    /// When the series disappeared while `keep_firing_for` keeps it firing.
    public var keepFiringSince: Int64?

    public init(labels: Labels, annotations: [Label], state: AlertState, value: Double, activeAt: Int64,
                firedAt: Int64? = nil, resolvedAt: Int64? = nil, lastSentAt: Int64? = nil,
                validUntil: Int64? = nil, keepFiringSince: Int64? = nil) {
        self.labels = labels
        self.annotations = annotations
        self.state = state
        self.value = value
        self.activeAt = activeAt
        self.firedAt = firedAt
        self.resolvedAt = resolvedAt
        self.lastSentAt = lastSentAt
        self.validUntil = validUntil
        self.keepFiringSince = keepFiringSince
    }

    public static func == (lhs: RuleAlert, rhs: RuleAlert) -> Bool {
        lhs.labels == rhs.labels && lhs.annotations == rhs.annotations && lhs.state == rhs.state
            && lhs.value.bitPattern == rhs.value.bitPattern && lhs.activeAt == rhs.activeAt
            && lhs.firedAt == rhs.firedAt && lhs.resolvedAt == rhs.resolvedAt && lhs.lastSentAt == rhs.lastSentAt
            && lhs.validUntil == rhs.validUntil && lhs.keepFiringSince == rhs.keepFiringSince
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(labels)
        hasher.combine(state)
        hasher.combine(activeAt)
    }

    /// The notification Prometheus's `sendAlerts` builds from this alert.
    func notification(generatorURL: String) -> Alert {
        Alert(ruleAlertLabels: labels, annotations: annotations, state: state,
              firedAt: firedAt, resolvedAt: resolvedAt, validUntil: validUntil, generatorURL: generatorURL)
    }
}
