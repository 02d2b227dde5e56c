/// When the rule engine hands an alert to the notifier, and for how long
/// Alertmanager should believe it, following Prometheus's rule manager
/// (`rules/alerting.go`: `needsSending`, `sendAlerts`).
///
/// After every evaluation of a group, the rule engine walks the rule's alerts
/// (firing ones and those resolved within ``resolvedRetention``) and sends
/// those for which ``needsSending(state:lastSentAt:resolvedAt:at:resendDelay:)``
/// holds, then records `lastSentAt = evaluation time` and
/// `validUntil = validUntil(evaluatedAt:groupInterval:resendDelay:)`:
/// - a pending alert is never sent;
/// - an alert resolved since it was last sent is sent at once (as resolved);
/// - otherwise an alert is sent again once `resendDelay` (default 1 minute,
///   `--rules.alert.resend-delay`) has passed since the last send, so a
///   firing alert is re-sent at most once per resend delay (and at most once
///   per evaluation), and a resolved one is repeated likewise until the rule
///   forgets it after ``resolvedRetention``.
///
/// All times are Unix milliseconds, durations milliseconds.
public enum ResendPolicy {
    /// Prometheus's default `--rules.alert.resend-delay`.
    public static let defaultResendDelay: Int64 = 60_000

    /// How long Prometheus keeps a resolved alert, re-sending it as resolved.
    public static let resolvedRetention: Int64 = 15 * 60_000

    /// Prometheus's `Alert.needsSending`. A nil time is Go's zero time.
    public static func needsSending(
        state: AlertState, lastSentAt: Int64?, resolvedAt: Int64?, at time: Int64,
        resendDelay: Int64 = defaultResendDelay
    ) -> Bool {
        if state == .pending { return false }
        // `ResolvedAt.After(LastSentAt)`: a zero resolve time is after nothing,
        // any real one is after a zero last-sent time.
        if let resolvedAt, lastSentAt.map({ resolvedAt > $0 }) ?? true { return true }
        guard let lastSentAt else { return true }
        let (due, overflow) = lastSentAt.addingReportingOverflow(resendDelay)
        return !overflow && due < time
    }

    /// Prometheus's valid-until rule: `evaluatedAt + 4 × max(groupInterval,
    /// resendDelay)`, which lets two evaluations or sends fail before
    /// Alertmanager resolves the alert by itself. Saturates instead of
    /// overflowing.
    public static func validUntil(
        evaluatedAt: Int64, groupInterval: Int64, resendDelay: Int64 = defaultResendDelay
    ) -> Int64 {
        let delta = max(groupInterval, resendDelay)
        let (span, overflow1) = delta.multipliedReportingOverflow(by: 4)
        if overflow1 { return delta < 0 ? Int64.min : Int64.max }
        let (end, overflow2) = evaluatedAt.addingReportingOverflow(span)
        if overflow2 { return span < 0 ? Int64.min : Int64.max }
        return end
    }
}
