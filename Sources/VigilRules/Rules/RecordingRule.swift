import VigilCore

/// A recording rule (`record:`): runs its expression and renames the result
/// (Prometheus `rules/recording.go`). It keeps no state between evaluations;
/// the group tracks the series it wrote for staleness.
struct RecordingRule: Sendable {
    let name: String
    /// The canonical expression text sent to the query function.
    let expression: String
    /// The group's labels overlaid with the rule's; an empty value removes
    /// the label from the result.
    let labels: [Label]

    /// The output at `time - queryOffset`: every sample named `name` and
    /// carrying the rule's labels.
    func evaluate(at time: Int64, queryOffset: Int64, limit: Int, query: QueryFunc) throws(RuleError) -> [RuleSample] {
        let vector: [RuleSample]
        do {
            vector = try query(expression, time &- queryOffset)
        } catch {
            throw RuleError.query(error)
        }
        var output: [RuleSample] = []
        output.reserveCapacity(vector.count)
        var seen = Set<Labels>(minimumCapacity: vector.count)
        for sample in vector {
            var labels = sample.labels.setting(Labels.metricName, to: name)
            for label in self.labels { labels = labels.setting(label.name, to: label.value) }
            guard seen.insert(labels).inserted else { throw RuleError.duplicateRuleLabelSet }
            output.append(RuleSample(labels: labels, value: sample.value))
        }
        if limit > 0 && output.count > limit { throw RuleError.seriesLimit(limit, output.count) }
        return output
    }
}
