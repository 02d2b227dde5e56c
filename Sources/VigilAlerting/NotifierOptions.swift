import VigilCore

/// Settings shared by every Alertmanager a ``Notifier`` serves.
public struct NotifierOptions: Sendable, Equatable {
    /// Added to every alert that lacks the label (Prometheus's
    /// `external_labels`, applied in the notifier, after the rule engine).
    public var externalLabels: Labels
    /// Alerts each Alertmanager's queue holds before dropping the oldest
    /// (Prometheus's `--alertmanager.notification-queue-capacity`).
    public var queueCapacity: Int
    /// Alerts per POST (Prometheus's `maxBatchSize`).
    public var maxBatchSize: Int
    /// Waits between attempts to deliver a batch that failed.
    public var backoff: RetryBackoff
    /// The `User-Agent` header.
    public var userAgent: String

    public init(
        externalLabels: Labels = .empty, queueCapacity: Int = 10_000, maxBatchSize: Int = 256,
        backoff: RetryBackoff = RetryBackoff(), userAgent: String = "Vigil"
    ) {
        self.externalLabels = externalLabels
        self.queueCapacity = queueCapacity
        self.maxBatchSize = maxBatchSize
        self.backoff = backoff
        self.userAgent = userAgent
    }

    func validate() throws(AlertingConfigError) {
        guard queueCapacity > 0 else { throw .invalid("queue capacity must be positive, got \(queueCapacity)") }
        guard maxBatchSize > 0 else { throw .invalid("batch size must be positive, got \(maxBatchSize)") }
        try backoff.validate()
    }
}

/// Counters of one Alertmanager's delivery, in the spirit of Prometheus's
/// `prometheus_notifications_*` metrics. Alert counts, not request counts,
/// except where named.
public struct AlertmanagerStats: Sendable, Equatable {
    /// The URL alerts are posted to.
    public var url: String
    /// Alerts Alertmanager accepted (2xx).
    public var sent = 0
    /// Alerts in requests that failed; a retried alert counts once per failure.
    public var failed = 0
    /// Alerts given up: pushed out of a full queue, refused by Alertmanager
    /// as invalid (4xx), sent after shutdown began, or still queued when the
    /// shutdown deadline passed.
    public var dropped = 0
    /// Queued copies replaced by a newer copy of the same alert.
    public var superseded = 0
    /// Failed requests whose alerts went back to the queue for another attempt.
    public var retries = 0
    /// Successful POST requests.
    public var requestsSent = 0
    /// Alerts waiting, including a batch in flight.
    public var queueLength = 0
    public var queueCapacity = 0
    /// Failures since the last success; drives the backoff.
    public var consecutiveFailures = 0
    /// What went wrong the last time a request failed.
    public var lastError: String?
}
