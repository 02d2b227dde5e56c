import VigilCore

/// `by (...)` / `without (...)`: the labels an aggregation's output series
/// keep, which also identify its group.
struct Grouping {
    let labels: Set<String>
    let without: Bool

    init(_ labels: [String], without: Bool) {
        self.labels = Set(labels)
        self.without = without
    }

    /// Prometheus's `generateGroupingLabels`: without drops the listed labels
    /// and the name; by keeps only the listed labels.
    func outputLabels(_ input: Labels) -> Labels {
        if without {
            return Labels(sortedUnchecked: input.pairs.filter { !labels.contains($0.name) && $0.name != Labels.metricName })
        }
        if labels.isEmpty { return .empty }
        return input.keeping(labels)
    }

    /// Whether the metric name survives into the output.
    var keepsName: Bool { !without && labels.contains(Labels.metricName) }

    /// Assigns each input to a group, groups ordered by first appearance.
    func assign(_ inputs: [SeriesMetadata]) -> (groupOf: [Int], groups: [(labels: Labels, members: [Int])]) {
        var indexByLabels: [Labels: Int] = [:]
        var groups: [(labels: Labels, members: [Int])] = []
        var groupOf: [Int] = []
        groupOf.reserveCapacity(inputs.count)
        for (position, input) in inputs.enumerated() {
            let key = outputLabels(input.labels)
            if let existing = indexByLabels[key] {
                groups[existing].members.append(position)
                groupOf.append(existing)
            } else {
                indexByLabels[key] = groups.count
                groupOf.append(groups.count)
                groups.append((key, [position]))
            }
        }
        return (groupOf, groups)
    }
}
