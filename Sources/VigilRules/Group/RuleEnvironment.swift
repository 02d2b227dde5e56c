import VigilAlerting
import VigilCore
import VigilStorage

/// Hands alerts due for sending to a notifier (Prometheus's `NotifyFunc`
/// with `sendAlerts`' conversion already applied). Called only with alerts.
public typealias NotifyFunc = @Sendable (_ alerts: [Alert]) -> Void

/// What every group shares: where its output goes and the settings
/// Prometheus passes its rule manager (`ManagerOptions` and the
/// `--rules.alert.*` flags). Times and durations in milliseconds.
public struct RuleEnvironment: Sendable {
    /// Recorded series, `ALERTS` and `ALERTS_FOR_STATE` are written here,
    /// and `ALERTS_FOR_STATE` is read back from here on restore.
    public var store: SeriesStore
    /// Global `external_labels`: `$externalLabels` in templates, and added
    /// to alerts by the notifier (and here to what the autolog table sees).
    public var externalLabels: Labels
    /// `$externalURL` in templates and the base of generator URLs.
    public var externalURL: String
    /// Used by groups without `interval` (global `evaluation_interval`).
    public var evaluationInterval: Int64
    /// Used by groups without `query_offset` (global `rule_query_offset`).
    public var defaultQueryOffset: Int64
    /// `--rules.alert.resend-delay`.
    public var resendDelay: Int64
    /// `--rules.alert.for-outage-tolerance`: how far back a restore looks.
    public var outageTolerance: Int64
    /// `--rules.alert.for-grace-period`: the least time a restored alert
    /// waits before firing; rules with a shorter `for` are not restored.
    public var forGracePeriod: Int64
    /// Receives alerts to send after each rule's evaluation.
    public var notify: NotifyFunc?
    /// Fed the firing alerts after each group evaluation; it opens or
    /// refreshes sessions for those labelled `autolog="true"`.
    public var autolog: AutologSessions?
    /// Receives every alert state change.
    public var onStateChange: (@Sendable (AlertStateChange) -> Void)?

    public static let defaultEvaluationInterval: Int64 = 60_000
    public static let defaultOutageTolerance: Int64 = 3_600_000
    public static let defaultForGracePeriod: Int64 = 600_000

    public init(
        store: SeriesStore, externalLabels: Labels = .empty, externalURL: String = "",
        evaluationInterval: Int64 = RuleEnvironment.defaultEvaluationInterval, defaultQueryOffset: Int64 = 0,
        resendDelay: Int64 = ResendPolicy.defaultResendDelay, outageTolerance: Int64 = RuleEnvironment.defaultOutageTolerance,
        forGracePeriod: Int64 = RuleEnvironment.defaultForGracePeriod, notify: NotifyFunc? = nil,
        autolog: AutologSessions? = nil, onStateChange: (@Sendable (AlertStateChange) -> Void)? = nil
    ) {
        self.store = store
        self.externalLabels = externalLabels
        self.externalURL = externalURL
        self.evaluationInterval = evaluationInterval
        self.defaultQueryOffset = defaultQueryOffset
        self.resendDelay = resendDelay
        self.outageTolerance = outageTolerance
        self.forGracePeriod = forGracePeriod
        self.notify = notify
        self.autolog = autolog
        self.onStateChange = onStateChange
    }
}
