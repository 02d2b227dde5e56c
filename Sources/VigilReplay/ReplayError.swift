import VigilRules

/// Why a replay cannot run.
public enum ReplayError: Error, Sendable, CustomStringConvertible {
    /// The rule files have errors (every one is listed).
    case ruleFiles(RuleFileErrors)
    /// The window is empty or cannot be worked out.
    case emptyWindow(String)
    /// The Alertmanager settings are refused by the notifier.
    case alerting(String)

    public var description: String {
        switch self {
        case .ruleFiles(let errors): return errors.errors.map(\.description).joined(separator: "\n")
        case .emptyWindow(let reason): return "cannot replay: \(reason)"
        case .alerting(let reason): return "cannot deliver alerts: \(reason)"
        }
    }
}
