import VigilCore

/// Sends alerts to Alertmanagers over API v2, the way Prometheus's
/// `notifier.Manager` does, with retries added.
///
/// ``send(_:)`` applies the external labels (to alerts lacking those labels,
/// as Prometheus does in its notifier) and puts the alerts on every
/// Alertmanager's queue; it never waits for the network. Each Alertmanager
/// then gets its alerts in POSTs of at most `maxBatchSize`, independently of
/// the others. Where Prometheus drops a batch that failed, Vigil keeps it and
/// tries again after an exponential, jittered backoff until it is delivered
/// or superseded by a newer copy of the same alerts; see ``AlertmanagerStats``
/// for what is counted.
public final class Notifier: Sendable {
    private let senders: [AlertmanagerSender]
    private let externalLabels: Labels

    public init(alertmanagers: [AlertmanagerEndpoint], options: NotifierOptions = NotifierOptions()) throws(AlertingConfigError) {
        try options.validate()
        externalLabels = options.externalLabels
        var senders: [AlertmanagerSender] = []
        for endpoint in alertmanagers {
            senders.append(try AlertmanagerSender(endpoint: endpoint, options: options))
        }
        self.senders = senders
    }

    deinit {
        for sender in senders { sender.abandon() }
    }

    /// Queues alerts for every Alertmanager. Pending alerts are skipped:
    /// Prometheus never sends them. Returns at once.
    public func send(_ alerts: [Alert]) {
        var labelled: [Alert] = []
        labelled.reserveCapacity(alerts.count)
        for var alert in alerts where alert.state != .pending {
            for label in externalLabels where !alert.labels.has(label.name) {
                alert.labels = alert.labels.setting(label.name, to: label.value)
            }
            labelled.append(alert)
        }
        guard !labelled.isEmpty else { return }
        for sender in senders { sender.enqueue(labelled) }
    }

    /// The counters of every Alertmanager, in configuration order.
    public func stats() -> [AlertmanagerStats] {
        senders.map { $0.stats() }
    }

    /// Stops accepting alerts and delivers what is queued, giving up on
    /// whatever is left after `flushTimeout` (counted as dropped). Returns
    /// the final counters.
    @discardableResult
    public func shutdown(flushTimeout: Duration = .seconds(10)) async -> [AlertmanagerStats] {
        let deadline = ContinuousClock.now.advanced(by: flushTimeout)
        await withTaskGroup(of: Void.self) { group in
            for sender in senders {
                group.addTask { await sender.shutdown(deadline: deadline) }
            }
        }
        return stats()
    }
}
