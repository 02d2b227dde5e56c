import VigilAlerting
import VigilRules

/// Something that happened at one instant of simulated time. A replay
/// hands over the events of each instant together, in this order: autolog
/// sessions that ran out, alert state changes (group, rule and label
/// order), rule failures, then sessions opened or refreshed by that
/// instant's evaluations.
public enum ReplayEvent: Sendable, Equatable {
    case alert(AlertStateChange)
    case autolog(AutologEvent)
    case ruleFailure(RuleFailureEvent)

    /// Simulated Unix milliseconds.
    public var time: Int64 {
        switch self {
        case .alert(let change): return change.time
        case .autolog(let event): return event.time
        case .ruleFailure(let failure): return failure.time
        }
    }
}

/// An autolog session opening, being extended by an alert that still
/// fires, or running out.
public struct AutologEvent: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case opened, refreshed, expired
    }

    public var kind: Kind
    /// When it happened: the evaluation that opened or refreshed the
    /// session, or the session's expiry.
    public var time: Int64
    /// The session after the event.
    public var session: AutologSession

    public init(kind: Kind, time: Int64, session: AutologSession) {
        self.kind = kind
        self.time = time
        self.session = session
    }
}

/// A rule evaluation that failed. Reported when a rule starts failing or
/// fails with a different message, not at every failing evaluation.
public struct RuleFailureEvent: Sendable, Equatable {
    public var time: Int64
    public var group: String
    public var file: String
    public var rule: String
    public var message: String

    public init(time: Int64, group: String, file: String, rule: String, message: String) {
        self.time = time
        self.group = group
        self.file = file
        self.rule = rule
        self.message = message
    }
}
