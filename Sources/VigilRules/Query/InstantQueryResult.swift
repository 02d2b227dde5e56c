/// The value of an instant query as an engine reports it, before the rule
/// engine turns it into a vector.
public enum InstantQueryResult: Sendable, Equatable {
    case vector([RuleSample])
    case scalar(Double)
    case string(String)
    /// A range vector or log streams, named by their type (`matrix`, `streams`).
    case other(typeName: String)
}

/// A query whose result a rule cannot use.
public struct RuleQueryError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }

    /// Prometheus's `EngineQueryFunc` wording.
    public static let notVectorOrScalar = RuleQueryError("rule result is not a vector or scalar")
}

extension RuleQuerier {
    /// Adapts an engine's instant query the way Prometheus's
    /// `EngineQueryFunc` does: a vector passes through, a scalar becomes a
    /// one-sample vector without labels, anything else is an error.
    public static func vector(
        from instantQuery: @escaping @Sendable (_ query: String, _ at: Int64) throws -> InstantQueryResult
    ) -> QueryFunc {
        return { query, time in
            switch try instantQuery(query, time) {
            case .vector(let samples): return samples
            case .scalar(let value): return [RuleSample(labels: .empty, value: value)]
            case .string, .other: throw RuleQueryError.notVectorOrScalar
            }
        }
    }
}
