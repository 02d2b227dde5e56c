import VigilAlerting
import VigilCore

/// One alert changing state at one evaluation: what the replay command
/// prints and the HTTP API will stream.
///
/// An alert that is new goes from `inactive`; a pending alert whose series
/// went away, a firing one that resolved, and alerts dropped because the
/// rule exceeded its group's `limit` go to `inactive`. With `for: 0` a new
/// alert goes from `inactive` straight to `firing`. A resolved alert that
/// is forgotten after the retention period does not change state.
public struct AlertStateChange: Sendable, Hashable {
    /// The evaluation time, Unix milliseconds.
    public var time: Int64
    public var group: String
    public var file: String
    public var rule: String
    public var labels: Labels
    public var annotations: [Label]
    public var from: AlertState
    public var to: AlertState
    /// The alert's value at its last evaluation.
    public var value: Double
    /// When the alert's condition started to hold.
    public var activeAt: Int64

    public init(time: Int64, group: String, file: String, rule: String, labels: Labels, annotations: [Label],
                from: AlertState, to: AlertState, value: Double, activeAt: Int64) {
        self.time = time
        self.group = group
        self.file = file
        self.rule = rule
        self.labels = labels
        self.annotations = annotations
        self.from = from
        self.to = to
        self.value = value
        self.activeAt = activeAt
    }

    public static func == (lhs: AlertStateChange, rhs: AlertStateChange) -> Bool {
        lhs.time == rhs.time && lhs.group == rhs.group && lhs.file == rhs.file && lhs.rule == rhs.rule
            && lhs.labels == rhs.labels && lhs.annotations == rhs.annotations && lhs.from == rhs.from
            && lhs.to == rhs.to && lhs.value.bitPattern == rhs.value.bitPattern && lhs.activeAt == rhs.activeAt
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(time)
        hasher.combine(rule)
        hasher.combine(labels)
        hasher.combine(to)
    }
}

extension AlertingRule {
    /// The changes since the alerts were `previous`, ordered by labels. An
    /// alert absent from either side counts as `inactive` there.
    func changes(since previous: [Labels: RuleAlert], at time: Int64, group: String, file: String) -> [AlertStateChange] {
        var keys = Set(previous.keys)
        keys.formUnion(active.keys)
        var changes: [AlertStateChange] = []
        for labels in keys.sorted() {
            let from = previous[labels]?.state ?? .inactive
            let to = active[labels]?.state ?? .inactive
            guard from != to, let alert = active[labels] ?? previous[labels] else { continue }
            changes.append(AlertStateChange(
                time: time, group: group, file: file, rule: name, labels: labels, annotations: alert.annotations,
                from: from, to: to, value: alert.value, activeAt: alert.activeAt))
        }
        return changes
    }
}
