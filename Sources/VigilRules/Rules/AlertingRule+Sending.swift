import VigilAlerting
import VigilCore

extension AlertingRule {
    /// Prometheus's `sendAlerts`: the alerts due for (re)sending at `time`
    /// (never pending ones; resolved ones at once; others once the resend
    /// delay has passed), each stamped `lastSentAt = time` and valid until
    /// `time + 4 × max(interval, resendDelay)`.
    mutating func alertsToSend(at time: Int64, resendDelay: Int64, interval: Int64, generatorURL: String) -> [Alert] {
        var due: [Alert] = []
        for labels in active.keys.sorted() {
            guard var alert = active[labels],
                  ResendPolicy.needsSending(state: alert.state, lastSentAt: alert.lastSentAt,
                                            resolvedAt: alert.resolvedAt, at: time, resendDelay: resendDelay)
            else { continue }
            alert.lastSentAt = time
            alert.validUntil = ResendPolicy.validUntil(evaluatedAt: time, groupInterval: interval, resendDelay: resendDelay)
            active[labels] = alert
            due.append(alert.notification(generatorURL: generatorURL))
        }
        return due
    }

    /// The firing alerts, as notifications (the autolog table reads these
    /// at every evaluation, sent or not).
    func firingAlerts(generatorURL: String) -> [Alert] {
        active.keys.sorted().compactMap { labels in
            guard let alert = active[labels], alert.state == .firing else { return nil }
            return alert.notification(generatorURL: generatorURL)
        }
    }
}
