import VigilCore
import VigilStorage

extension GroupEngine {
    /// Prometheus's `RestoreForState`: for each alerting rule, finds the
    /// newest `ALERTS_FOR_STATE` sample of each current alert within the
    /// outage tolerance before `time` and moves the alert's `activeAt` so a
    /// restart neither resets nor skips its `for` clock:
    /// - the alert had already waited out `for` when the engine went down:
    ///   `activeAt` returns to the stored value, so it fires at the next
    ///   evaluation;
    /// - less than the grace period was left: it fires one grace period
    ///   after `time`;
    /// - otherwise the down time is added, so the remaining wait is what it
    ///   was when the engine went down.
    /// Rules whose `for` is shorter than the grace period are not restored.
    /// Every alerting rule is marked restored afterwards.
    mutating func restoreForState(at time: Int64) {
        let environment = setup.environment
        let snapshot = environment.store.snapshot()
        let from = time &- environment.outageTolerance
        for slot in alertingRules.indices {
            defer { alertingRules[slot].restored = true }
            let rule = alertingRules[slot]
            guard rule.holdDuration >= environment.forGracePeriod else { continue }
            let lastSamples = Self.forStateSamples(of: rule, in: snapshot, from: from, through: time)
            guard !lastSamples.isEmpty else { continue }
            for labels in rule.active.keys {
                guard let sample = lastSamples[labels], !StaleMarker.isStale(sample.value),
                      let activeAt = Self.restoredActiveAt(
                          sampleTime: sample.timestamp, storedActiveAt: sample.value, hold: rule.holdDuration,
                          gracePeriod: environment.forGracePeriod, now: time)
                else { continue }
                alertingRules[slot].active[labels]?.activeAt = activeAt
            }
        }
    }

    /// The newest sample of each `ALERTS_FOR_STATE` series of `rule` in the
    /// range, keyed by the series' labels without `__name__` (which are the
    /// labels of the alert that wrote it). The series are selected as
    /// Prometheus selects them: by name, `alertname` and the rule's labels
    /// as written (unexpanded).
    static func forStateSamples(of rule: AlertingRule, in snapshot: SeriesSnapshot, from: Int64, through: Int64)
        -> [Labels: (timestamp: Int64, value: Double)] {
        var builder = LabelsBuilder(rule.rawLabels)
        builder.set(Labels.metricName, AlertingRule.forStateMetric)
        builder.set(AlertingRule.alertNameLabel, rule.name)
        var matchers: [LabelMatcher] = []
        for label in builder.labels {
            guard let matcher = try? LabelMatcher(.equal, label.name, label.value) else { return [:] }
            matchers.append(matcher)
        }
        var result: [Labels: (timestamp: Int64, value: Double)] = [:]
        for id in snapshot.select(matchers, from: from, through: through) {
            let columns = snapshot.samples(id, from: from, through: through)
            guard let timestamp = columns.timestamps.last, let value = columns.values.last else { continue }
            result[snapshot.labels(of: id).removing(Labels.metricName)] = (timestamp, value)
        }
        return result
    }

    /// The three branches of `RestoreForState`, in Prometheus's whole
    /// seconds: the down time is the sample's time truncated to seconds, the
    /// stored `activeAt` the value truncated to seconds. nil when the stored
    /// value is not a time (not finite, or out of range).
    static func restoredActiveAt(sampleTime: Int64, storedActiveAt value: Double, hold: Int64, gracePeriod: Int64,
                                 now: Int64) -> Int64? {
        guard value.isFinite, value > -9.2e15, value < 9.2e15 else { return nil }
        let downAt = sampleTime / 1000 * 1000
        let activeAt = Int64(value) * 1000
        let spentPending = downAt &- activeAt
        let remaining = hold &- spentPending
        if remaining <= 0 { return activeAt }
        if remaining < gracePeriod { return now &+ gracePeriod &- hold }
        return activeAt &+ (now &- downAt)
    }
}
