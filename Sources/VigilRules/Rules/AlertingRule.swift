import VigilAlerting
import VigilCore

/// An alerting rule (`alert:`) and its alerts: Prometheus 3.x's
/// `AlertingRule.Eval` state machine, field for field.
///
/// Each evaluation turns every sample of the result into an alert (labels
/// and annotations expanded); a new label set starts `pending` with
/// `activeAt` = the evaluation time and fires once `for` has passed (at
/// once when `for` is 0). A pending alert whose series is gone is dropped; a
/// firing one resolves (`inactive`, `resolvedAt`), unless `keep_firing_for`
/// keeps it firing for that long after the series went away. Resolved
/// alerts stay for ``resolvedRetention`` so they keep being sent as resolved.
struct AlertingRule: Sendable {
    /// Prometheus keeps resolved alerts this long (`resolvedRetention`).
    static let resolvedRetention: Int64 = ResendPolicy.resolvedRetention

    static let alertsMetric = "ALERTS"
    static let forStateMetric = "ALERTS_FOR_STATE"
    static let alertNameLabel = "alertname"
    static let alertStateLabel = "alertstate"

    let name: String
    let expression: String
    let holdDuration: Int64
    let keepFiringFor: Int64
    /// The rule's labels (group labels overlaid by the rule's) as written,
    /// empty values dropped: the base of the `ALERTS` series, and the
    /// matchers of the `ALERTS_FOR_STATE` restore query.
    let rawLabels: Labels
    /// The same labels as templates, sorted by name, empty values kept (an
    /// empty value removes the label from the alert).
    let labelTemplates: [AlertTemplate]
    let annotationTemplates: [AlertTemplate]
    let externalLabels: Labels
    let externalURL: String

    /// Alerts by label set: pending, firing, and resolved ones within retention.
    var active: [Labels: RuleAlert] = [:]
    /// Until the group has restored the `for` state, the rule writes no
    /// `ALERTS`/`ALERTS_FOR_STATE` samples.
    var restored: Bool

    init(name: String, expression: String, holdDuration: Int64, keepFiringFor: Int64, labels: [Label],
         annotations: [Label], externalLabels: Labels, externalURL: String, restored: Bool) {
        self.name = name
        self.expression = expression
        self.holdDuration = holdDuration
        self.keepFiringFor = keepFiringFor
        rawLabels = Labels(labels)
        let sortedLabels = labels.sorted { GoString.less($0.name, $1.name) }
        labelTemplates = sortedLabels.map {
            AlertTemplate(name: $0.name, text: $0.value, ruleName: name, externalURL: externalURL)
        }
        // Prometheus keeps annotations as a label set: sorted by name, the
        // last of a repeated name wins.
        var byName: [String: String] = [:]
        for annotation in annotations { byName[annotation.name] = annotation.value }
        annotationTemplates = byName.keys.sorted(by: GoString.less).map {
            AlertTemplate(name: $0, text: byName[$0] ?? "", ruleName: name, externalURL: externalURL)
        }
        self.externalLabels = externalLabels
        self.externalURL = externalURL
        self.restored = restored
    }

    /// One evaluation at `time`: updates the alerts and returns the `ALERTS`
    /// and `ALERTS_FOR_STATE` samples to write at `time - queryOffset`
    /// (none before the rule is restored). On a query error or a label-set
    /// collision the alerts stay as they were; when the rule has more
    /// pending and firing alerts than `limit`, all alerts are dropped.
    mutating func evaluate(at time: Int64, queryOffset: Int64, limit: Int, query: @escaping QueryFunc)
        throws(RuleError) -> [RuleSample] {
        let vector: [RuleSample]
        do {
            vector = try query(expression, time &- queryOffset)
        } catch {
            throw RuleError.query(error)
        }

        let scope = AlertTemplateScope(time: time, query: query, externalLabels: externalLabels, externalURL: externalURL)
        var current: [Labels: RuleAlert] = Dictionary(minimumCapacity: vector.count)
        for sample in vector {
            let data = scope.data(for: sample)
            var labels = sample.labels.removing(Labels.metricName)
            for template in labelTemplates {
                labels = labels.setting(template.name, to: template.expand(data, context: scope.context))
            }
            labels = labels.setting(Self.alertNameLabel, to: name)
            let annotations = annotationTemplates.map { Label($0.name, $0.expand(data, context: scope.context)) }
            guard current[labels] == nil else { throw RuleError.duplicateAlertLabelSet }
            current[labels] = RuleAlert(labels: labels, annotations: annotations, state: .pending,
                                        value: sample.value, activeAt: time)
        }

        for (labels, alert) in current {
            if var existing = active[labels], existing.state != .inactive {
                existing.value = alert.value
                existing.annotations = alert.annotations
                active[labels] = existing
            } else {
                active[labels] = alert
            }
        }

        var output: [RuleSample] = []
        var activeOrPending = 0
        let sampleTime = time &- queryOffset
        for labels in active.keys.sorted() {
            guard var alert = active[labels] else { continue }
            if current[labels] == nil {
                var keepFiring = false
                if alert.state == .firing && keepFiringFor > 0 {
                    let since = alert.keepFiringSince ?? time
                    alert.keepFiringSince = since
                    keepFiring = time &- since < keepFiringFor
                }
                if alert.state == .pending
                    || alert.resolvedAt.map({ time &- $0 > Self.resolvedRetention }) == true {
                    active[labels] = nil
                    continue
                }
                if alert.state != .inactive && !keepFiring {
                    alert.state = .inactive
                    alert.resolvedAt = time
                }
                active[labels] = alert
                if !keepFiring { continue }
            } else {
                alert.keepFiringSince = nil
            }
            activeOrPending += 1
            if alert.state == .pending && time &- alert.activeAt >= holdDuration {
                alert.state = .firing
                alert.firedAt = time
            }
            active[labels] = alert
            if restored {
                output.append(alertsSample(alert, at: sampleTime))
                output.append(forStateSample(alert, at: sampleTime))
            }
        }

        if limit > 0 && activeOrPending > limit {
            active = [:]
            throw RuleError.alertLimit(limit, activeOrPending)
        }
        return output
    }

    /// `ALERTS{alertstate=...}` = 1: the rule's labels as written under the
    /// alert's labels. A label whose template expanded to "" is missing from
    /// the alert, so its unexpanded text shows through here, as in Prometheus.
    private func alertsSample(_ alert: RuleAlert, at time: Int64) -> RuleSample {
        var builder = LabelsBuilder(rawLabels)
        for label in alert.labels { builder.set(label.name, label.value) }
        builder.set(Labels.metricName, Self.alertsMetric)
        builder.set(Self.alertNameLabel, name)
        builder.set(Self.alertStateLabel, alert.state.rawValue)
        return RuleSample(labels: builder.labels, value: 1)
    }

    /// `ALERTS_FOR_STATE` = `activeAt` in whole seconds, what a restart
    /// restores the `for` clock from.
    private func forStateSample(_ alert: RuleAlert, at time: Int64) -> RuleSample {
        var builder = LabelsBuilder(rawLabels)
        for label in alert.labels { builder.set(label.name, label.value) }
        builder.set(Labels.metricName, Self.forStateMetric)
        builder.set(Self.alertNameLabel, name)
        return RuleSample(labels: builder.labels, value: Double(Self.unixSeconds(alert.activeAt)))
    }

    /// Go's `time.Time.Unix()`: seconds, rounded towards negative infinity.
    static func unixSeconds(_ millis: Int64) -> Int64 {
        let (quotient, remainder) = millis.quotientAndRemainder(dividingBy: 1000)
        return remainder < 0 ? quotient - 1 : quotient
    }

    /// The state of the rule as `/api/v1/rules` reports it: the highest
    /// state of its alerts.
    var state: AlertState {
        var result = AlertState.inactive
        for alert in active.values {
            if alert.state == .firing { return .firing }
            if alert.state == .pending { result = .pending }
        }
        return result
    }
}
