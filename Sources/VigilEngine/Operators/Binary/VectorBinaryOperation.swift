import VigilCore
import VigilSyntax

/// Arithmetic and comparison between two instant vectors, with one-to-one,
/// `group_left` or `group_right` matching.
///
/// Matching is planned from the metadata: series are grouped by their
/// match signature, and every (many, one) pair of a group is assigned the
/// output series its result labels name. Groups are then evaluated in the
/// order their inputs arrive; each group reads its series once (through
/// `SeriesBuffer`) and releases them, so only the open groups are held.
/// The checks Prometheus makes per step (duplicates on the "one" side,
/// several matches) are made within the group at each step. With Loki's
/// semantics the "one" side must be free of duplicates at every step, also
/// in groups without a partner (`OperatorSemantics.oneSideDuplicates`).
final class VectorBinaryOperation: InstantVectorOperator {
    private struct Group {
        var many: [Int] = []
        var one: [Int] = []
        var key: Labels
    }

    private let op: BinaryOperator
    private let lhs: InstantVectorOperator
    private let rhs: InstantVectorOperator
    private let matching: VectorMatching
    private let returnBool: Bool
    private let context: QueryContext
    private let steps: Int

    private var swapped: Bool { matching.cardinality == .oneToMany }
    private var semantics: OperatorSemantics { context.options.semantics }
    private var checksWholeSide: Bool { semantics.oneSideDuplicates == .wholeSide }
    private var groups: [Group] = []
    /// For each group, for each (many index in group, one index in group), the output series.
    private var pairOutputs: [[[Int]]] = []
    private var manyMetadata: [SeriesMetadata] = []
    private var oneMetadata: [SeriesMetadata] = []
    private var outputOrder: [Int] = []
    private var outputLastGroup: [Int] = []
    private var pending: [Int: StepSeries] = [:]
    private var processedGroups = 0
    private var position = 0
    private var manyBuffer: SeriesBuffer?
    private var oneBuffer: SeriesBuffer?

    init(op: BinaryOperator, lhs: InstantVectorOperator, rhs: InstantVectorOperator, matching: VectorMatching,
         returnBool: Bool, context: QueryContext, steps: Int) {
        self.op = op
        self.lhs = lhs
        self.rhs = rhs
        self.matching = matching
        self.returnBool = returnBool
        self.context = context
        self.steps = steps
    }

    func seriesMetadata() throws -> [SeriesMetadata] {
        let left = try lhs.seriesMetadata(), right = try rhs.seriesMetadata()
        manyMetadata = swapped ? right : left
        oneMetadata = swapped ? left : right
        let signature = MatchSignature(matching, ignoresName: semantics.dropsMetricName)

        var groupByKey: [Labels: Int] = [:]
        var all: [Group] = []
        for (index, series) in manyMetadata.enumerated() {
            let key = signature.key(series.labels)
            let group = groupByKey[key] ?? { groupByKey[key] = all.count; all.append(Group(key: key)); return all.count - 1 }()
            all[group].many.append(index)
        }
        for (index, series) in oneMetadata.enumerated() {
            let key = signature.key(series.labels)
            if let group = groupByKey[key] {
                all[group].one.append(index)
            } else if checksWholeSide {
                // No partner, but its duplicates still fail the query.
                groupByKey[key] = all.count
                all.append(Group(one: [index], key: key))
            }
        }
        // Groups with a "one" side (and, with Loki's check, "one"-only groups
        // that could hold duplicates), in the order their last input arrives.
        groups = all.filter { $0.one.count > (checksWholeSide && $0.many.isEmpty ? 1 : 0) }.sorted {
            ($0.many.last ?? -1, $0.one.last ?? 0) < ($1.many.last ?? -1, $1.one.last ?? 0)
        }

        var outputByLabels: [Labels: Int] = [:]
        var outputs: [SeriesMetadata] = []
        outputLastGroup = []
        pairOutputs = []
        for (groupIndex, group) in groups.enumerated() {
            var table: [[Int]] = []
            for many in group.many {
                var row: [Int] = []
                for one in group.one {
                    let metadata = resultMetadata(many: manyMetadata[many], one: oneMetadata[one])
                    let labelKey = metadata.labels
                    let output: Int
                    if let existing = outputByLabels[labelKey] {
                        output = existing
                        outputLastGroup[output] = groupIndex
                    } else {
                        output = outputs.count
                        outputByLabels[labelKey] = output
                        outputs.append(metadata)
                        outputLastGroup.append(groupIndex)
                    }
                    row.append(output)
                }
                table.append(row)
            }
            pairOutputs.append(table)
        }
        outputOrder = outputs.indices.sorted { (outputLastGroup[$0], $0) < (outputLastGroup[$1], $1) }

        var manyUses = Array(repeating: 0, count: manyMetadata.count)
        var oneUses = Array(repeating: 0, count: oneMetadata.count)
        for group in groups {
            for many in group.many { manyUses[many] += 1 }
            for one in group.one { oneUses[one] += 1 }
        }
        manyBuffer = SeriesBuffer(child: swapped ? rhs : lhs, context: context, uses: manyUses)
        oneBuffer = SeriesBuffer(child: swapped ? lhs : rhs, context: context, uses: oneUses)
        // Groups that produce nothing are only checked; do it now, as no
        // `next()` may ever come for them.
        for (index, group) in groups.enumerated() where group.many.isEmpty { try evaluate(group: index) }
        return outputOrder.map { outputs[$0] }
    }

    /// Prometheus's `resultMetric`: the "many" side's labels, without the
    /// name for arithmetic, reduced to the matching labels for one-to-one,
    /// plus the `group_x` labels taken from the "one" side.
    private func resultMetadata(many: SeriesMetadata, one: SeriesMetadata) -> SeriesMetadata {
        var labels = many.labels
        let dropsName = semantics.dropsMetricName && BinaryArithmetic.dropsMetricName(op)
        if dropsName { labels = labels.withoutMetadataLabels }
        if matching.cardinality == .oneToOne {
            if matching.on {
                labels = labels.keeping(matching.matchingLabels)
            } else {
                labels = labels.removing(matching.matchingLabels)
            }
        }
        for name in matching.include {
            labels = labels.setting(name, to: one.labels.get(name))
        }
        var dropName = many.dropName && !dropsName
        if returnBool && semantics.dropsMetricName {
            if context.options.delayedNameRemoval { dropName = true } else { labels = labels.withoutMetadataLabels }
        }
        return SeriesMetadata(labels: labels, dropName: dropName)
    }

    func next() throws -> StepSeries {
        let output = outputOrder[position]
        position += 1
        while processedGroups <= outputLastGroup[output] {
            if !groups[processedGroups].many.isEmpty { try evaluate(group: processedGroups) }
            processedGroups += 1
        }
        guard let series = pending.removeValue(forKey: output) else {
            preconditionFailure("output \(output) not produced")
        }
        return series
    }

    private func evaluate(group index: Int) throws {
        guard let manyBuffer, let oneBuffer else { preconditionFailure("next() before seriesMetadata()") }
        try context.checkCancellation()
        let group = groups[index]
        let many = try group.many.map { try manyBuffer.take($0) }
        let ones = try group.one.map { try oneBuffer.take($0) }
        let table = pairOutputs[index]
        for row in table {
            for output in row where pending[output] == nil {
                let series = StepSeries(count: steps)
                try context.hold(series)
                pending[output] = series
            }
        }
        var inserted: [Int] = []
        for step in 0..<steps {
            let manyPresent = many.contains(where: { $0.present[step] })
            guard manyPresent || checksWholeSide else { continue }
            var oneIndex: Int? = nil
            for (position, series) in ones.enumerated() where series.present[step] {
                if let first = oneIndex {
                    throw duplicateError(group: group, first: group.one[first], second: group.one[position])
                }
                oneIndex = position
            }
            guard manyPresent, let oneIndex else { continue }
            let oneValue = ones[oneIndex].values[step]
            inserted.removeAll(keepingCapacity: true)
            for (manyPosition, series) in many.enumerated() where series.present[step] {
                let output = table[manyPosition][oneIndex]
                if matching.cardinality == .oneToOne {
                    if !inserted.isEmpty {
                        throw QueryError.execution(
                            "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)")
                    }
                } else if inserted.contains(output) {
                    throw QueryError.execution("multiple matches for labels: grouping labels must ensure unique matches")
                }
                inserted.append(output)
                let manyValue = series.values[step]
                let (left, right) = swapped ? (oneValue, manyValue) : (manyValue, oneValue)
                var (value, keep) = BinaryArithmetic.apply(op, left, right,
                                                           zeroDivisorIsNaN: semantics.divisionByZeroIsNaN)
                if returnBool {
                    value = keep ? 1 : 0
                } else if !keep {
                    continue
                }
                if pending[output]?.present[step] == true {
                    throw QueryError.execution("vector cannot contain metrics with the same labelset")
                }
                pending[output]?.set(step, value)
            }
        }
    }

    private func duplicateError(group: Group, first: Int, second: Int) -> QueryError {
        let side = swapped ? "left" : "right"
        if checksWholeSide {
            return .execution("found duplicate series on the \(side) hand-side;many-to-many matching not allowed: "
                + "matching labels must be unique on one side")
        }
        let matched = MatchSignature(matching).key(oneMetadata[second].labels)
        return .execution("found duplicate series for the match group \(matched.prometheusString) on the \(side) "
            + "hand-side of the operation: [\(oneMetadata[second].labels.prometheusString), "
            + "\(oneMetadata[first].labels.prometheusString)];many-to-many matching not allowed: matching labels "
            + "must be unique on one side")
    }
}
