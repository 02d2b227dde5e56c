/// A rule's health after its last evaluation, as `/api/v1/rules` reports it.
public enum RuleHealth: String, Sendable, Hashable {
    /// Not evaluated yet.
    case unknown
    /// The last evaluation and the writes of its samples succeeded.
    case ok
    /// The last evaluation failed, or some of its samples were not stored.
    case err
}

/// Why a rule evaluation produced nothing, worded as Prometheus words it.
public struct RuleError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }

    static let duplicateRuleLabelSet = RuleError("vector contains metrics with the same labelset after applying rule labels")
    static let duplicateAlertLabelSet = RuleError("vector contains metrics with the same labelset after applying alert labels")

    static func seriesLimit(_ limit: Int, _ count: Int) -> RuleError {
        RuleError("exceeded limit of \(limit) with \(count) series")
    }

    static func alertLimit(_ limit: Int, _ count: Int) -> RuleError {
        RuleError("exceeded limit of \(limit) with \(count) alerts")
    }

    /// A query error keeps the engine's own text.
    static func query(_ error: any Error) -> RuleError {
        if let error = error as? RuleError { return error }
        return RuleError(String(describing: error))
    }
}
