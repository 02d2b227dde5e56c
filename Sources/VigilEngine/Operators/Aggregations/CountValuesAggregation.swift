import VigilCore
import VigilSyntax

/// `count_values("label", v)`: counts, per group and step, the series with
/// each value; the value (Go's `FormatFloat(v, 'f', -1)`) becomes a label.
/// The output series depend on the values, so the input is read in full
/// before the metadata is known; only the counts are kept.
final class CountValuesAggregation: InstantVectorOperator {
    private let child: InstantVectorOperator
    private let label: String
    private let grouping: Grouping
    private let context: QueryContext
    private let steps: Int
    private var outputs: [StepSeries] = []
    private var position = 0

    init(child: InstantVectorOperator, label: String, grouping: [String], without: Bool, context: QueryContext,
         steps: Int) {
        self.child = child
        self.label = label
        self.grouping = Grouping(without ? grouping : grouping + [label], without: without)
        self.context = context
        self.steps = steps
    }

    func seriesMetadata() throws -> [SeriesMetadata] {
        let inputs = try child.seriesMetadata()
        var indexByLabels: [Labels: Int] = [:]
        var labels: [Labels] = []
        var counts: [StepSeries] = []
        for input in inputs {
            try context.checkCancellation()
            let series = try child.next()
            for step in series.present.presentIndices {
                let withValue = input.labels.setting(label, to: GoFloat.apiString(series.values[step]))
                let key = grouping.outputLabels(withValue)
                let index = indexByLabels[key] ?? {
                    indexByLabels[key] = labels.count
                    labels.append(key)
                    counts.append(StepSeries(count: steps))
                    return labels.count - 1
                }()
                counts[index].set(step, (counts[index][step] ?? 0) + 1)
            }
            context.drop(series)
        }
        outputs = counts
        for output in outputs { try context.hold(output) }
        return labels.map { SeriesMetadata(labels: $0) }
    }

    func next() throws -> StepSeries {
        defer { position += 1 }
        return outputs[position]
    }
}
