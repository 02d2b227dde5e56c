import VigilCore

/// The state of an alert instance, as Prometheus's rule engine tracks it.
public enum AlertState: String, Sendable, Hashable, Codable {
    /// The expression returned the series for less than the rule's `for`:
    /// never sent to Alertmanager.
    case pending
    /// Sent to Alertmanager with `endsAt` = the alert's valid-until time.
    case firing
    /// Was firing and no longer is (Prometheus keeps such an alert for 15
    /// minutes and keeps sending it as resolved).
    case inactive
}

/// One alert as it goes to Alertmanager: Prometheus's `notifier.Alert` plus
/// the rule state, which the autolog table reads and the wire format omits.
///
/// A rule alert maps onto it field by field (Prometheus's `sendAlerts`):
/// `startsAt` = the time the alert started firing, `endsAt` = the resolve
/// time for a resolved alert or ``ResendPolicy/validUntil(evaluatedAt:groupInterval:resendDelay:)``
/// for a firing one. Use ``init(ruleAlertLabels:annotations:state:firedAt:resolvedAt:validUntil:generatorURL:)``
/// to apply that rule.
public struct Alert: Sendable, Hashable {
    /// Identifying labels, `alertname` included. Alertmanager, and the
    /// notifier's queues, identify an alert by this set.
    public var labels: Labels
    /// Annotations in the rule's order. Unlike labels, empty values are kept
    /// and sent, as Prometheus does; a repeated name keeps its last value.
    public var annotations: [Label]
    /// Unix milliseconds; nil is Go's zero time (sent as `0001-01-01T00:00:00.000Z`).
    public var startsAt: Int64?
    /// Unix milliseconds; nil is Go's zero time.
    public var endsAt: Int64?
    /// Link back to the rule's expression; omitted from the JSON when empty.
    public var generatorURL: String
    /// The rule state; not part of the Alertmanager payload.
    public var state: AlertState

    public init(
        labels: Labels, annotations: [Label] = [], startsAt: Int64? = nil, endsAt: Int64? = nil,
        generatorURL: String = "", state: AlertState = .firing
    ) {
        self.labels = labels
        self.annotations = annotations
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.generatorURL = generatorURL
        self.state = state
    }

    /// Builds the notification for a rule alert the way Prometheus's
    /// `sendAlerts` does: `startsAt` is the firing time, `endsAt` the resolve
    /// time when there is one and otherwise the valid-until time.
    public init(
        ruleAlertLabels labels: Labels, annotations: [Label], state: AlertState,
        firedAt: Int64?, resolvedAt: Int64?, validUntil: Int64?, generatorURL: String
    ) {
        self.init(
            labels: labels, annotations: annotations, startsAt: firedAt,
            endsAt: resolvedAt ?? validUntil, generatorURL: generatorURL, state: state)
    }

    /// The `alertname` label.
    public var name: String { labels.get("alertname") }

    /// Prometheus's `ResolvedAt(ts)`: the alert has an end and it is not
    /// after `time`.
    public func isResolved(at time: Int64) -> Bool {
        guard let endsAt else { return false }
        return endsAt <= time
    }
}
