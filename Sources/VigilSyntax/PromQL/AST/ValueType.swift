/// The four types a PromQL expression can evaluate to.
public enum ValueType: String, Hashable, Sendable, CaseIterable {
    case scalar
    case instantVector = "vector"
    case rangeVector = "matrix"
    case string

    /// The name Prometheus's messages and documentation use:
    /// `scalar`, `instant vector`, `range vector`, `string`.
    public var documentedName: String {
        switch self {
        case .scalar: return "scalar"
        case .instantVector: return "instant vector"
        case .rangeVector: return "range vector"
        case .string: return "string"
        }
    }

    /// Prometheus's internal name (`vector`, `matrix`), used by a few of its messages.
    public var internalName: String { rawValue }
}
