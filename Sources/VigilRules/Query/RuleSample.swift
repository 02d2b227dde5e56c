import VigilCore

/// One element of an instant-query result as the rule engine consumes it:
/// a label set and a float value. The engine stamps every sample with the
/// query time, as Prometheus's instant queries do, so no timestamp travels
/// with it.
public struct RuleSample: Sendable, Hashable {
    public var labels: Labels
    public var value: Double

    public init(labels: Labels, value: Double) {
        self.labels = labels
        self.value = value
    }

    public static func == (lhs: RuleSample, rhs: RuleSample) -> Bool {
        lhs.labels == rhs.labels && lhs.value.bitPattern == rhs.value.bitPattern
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(labels)
        hasher.combine(value.bitPattern)
    }
}

/// How the rule engine runs a query: the expression text and the
/// evaluation time (Unix milliseconds), returning an instant vector.
/// Prometheus's rule manager talks to its engine through exactly this
/// (`rules.QueryFunc`); use ``RuleQuerier/vector(from:)`` to adapt an engine
/// that also returns scalars and strings.
public typealias QueryFunc = @Sendable (_ query: String, _ at: Int64) throws -> [RuleSample]
