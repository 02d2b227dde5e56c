import VigilCore

/// Combines series that end up with the same label set (after a name is
/// dropped, or a label rewritten) into one, as Prometheus's
/// `mergeSeriesWithSameLabelset` does: fine when they have values at
/// different steps, the error "vector cannot contain metrics with the same
/// labelset" when two have a value at the same step.
struct SeriesMerger {
    /// For each output series, the input positions that form it, in order.
    let groups: [[Int]]
    let metadata: [SeriesMetadata]
    /// How often each input is used (once, or zero if it belongs to no output).
    let uses: [Int]

    /// Groups `inputs` by their labels (final labels when `useFinalLabels`),
    /// ordered by their last member so each output is complete as early as
    /// possible.
    init(_ inputs: [SeriesMetadata], useFinalLabels: Bool) {
        var indexByLabels: [Labels: Int] = [:]
        var groups: [[Int]] = []
        var metadata: [SeriesMetadata] = []
        for (position, input) in inputs.enumerated() {
            let labels = useFinalLabels ? input.finalLabels : input.labels
            if let existing = indexByLabels[labels] {
                groups[existing].append(position)
                // The name is dropped only if every contributor drops it;
                // Prometheus's merge keeps the first series' flag.
            } else {
                indexByLabels[labels] = groups.count
                groups.append([position])
                metadata.append(useFinalLabels ? SeriesMetadata(labels: labels) : input)
            }
        }
        let order = groups.indices.sorted { (groups[$0].last ?? 0) < (groups[$1].last ?? 0) }
        self.groups = order.map { groups[$0] }
        self.metadata = order.map { metadata[$0] }
        self.uses = Array(repeating: 1, count: inputs.count)
    }

    var hasDuplicates: Bool { groups.contains { $0.count > 1 } }

    /// Merges the members of output `index`, read through `buffer`.
    func merge(_ index: Int, from buffer: SeriesBuffer, context: QueryContext) throws -> StepSeries {
        let members = groups[index]
        var result = try buffer.take(members[0])
        try context.hold(result)
        for member in members.dropFirst() {
            let other = try buffer.take(member)
            if result.present.intersects(other.present) {
                throw QueryError.execution("vector cannot contain metrics with the same labelset")
            }
            for step in other.present.presentIndices { result.set(step, other.values[step]) }
        }
        return result
    }
}

/// Passes a child through, merging series whose labels coincide.
final class MergeDuplicates: InstantVectorOperator {
    private let child: InstantVectorOperator
    private let context: QueryContext
    private let useFinalLabels: Bool
    private var merger: SeriesMerger?
    private var buffer: SeriesBuffer?
    private var position = 0

    init(child: InstantVectorOperator, context: QueryContext, useFinalLabels: Bool = false) {
        self.child = child
        self.context = context
        self.useFinalLabels = useFinalLabels
    }

    func seriesMetadata() throws -> [SeriesMetadata] {
        let inputs = try child.seriesMetadata()
        let merger = SeriesMerger(inputs, useFinalLabels: useFinalLabels)
        self.merger = merger
        buffer = SeriesBuffer(child: child, context: context, uses: merger.uses)
        return merger.metadata
    }

    func next() throws -> StepSeries {
        guard let merger, let buffer else { preconditionFailure("next() before seriesMetadata()") }
        defer { position += 1 }
        return try merger.merge(position, from: buffer, context: context)
    }
}
