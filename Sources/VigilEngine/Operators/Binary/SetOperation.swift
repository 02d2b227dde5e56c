import VigilCore
import VigilSyntax

/// `and`, `or`, `unless` between two instant vectors. Series are matched
/// by signature from the metadata; at each step a left series survives
/// `and` when some right series of its group has a value (`unless`: when
/// none has), and `or` adds right series at steps where no left series of
/// their group has a value.
final class SetOperation: InstantVectorOperator {
    private let op: BinaryOperator
    private let lhs: InstantVectorOperator
    private let rhs: InstantVectorOperator
    private let signature: MatchSignature
    private let context: QueryContext
    private let steps: Int

    private var leftGroup: [Int] = []
    private var rightGroup: [Int] = []
    private var rightMembers: [[Int]] = []
    private var groupPresence: [Int: StepMask] = [:]
    private var leftCount = 0
    private var position = 0
    private var rightBuffer: SeriesBuffer?

    init(op: BinaryOperator, lhs: InstantVectorOperator, rhs: InstantVectorOperator, matching: VectorMatching,
         context: QueryContext, steps: Int) {
        self.op = op
        self.lhs = lhs
        self.rhs = rhs
        self.signature = MatchSignature(matching, ignoresName: context.options.semantics.dropsMetricName)
        self.context = context
        self.steps = steps
    }

    func seriesMetadata() throws -> [SeriesMetadata] {
        let left = try lhs.seriesMetadata(), right = try rhs.seriesMetadata()
        var groupByKey: [Labels: Int] = [:]
        func group(_ labels: Labels) -> Int {
            let key = signature.key(labels)
            if let existing = groupByKey[key] { return existing }
            groupByKey[key] = groupByKey.count
            rightMembers.append([])
            return groupByKey.count - 1
        }
        leftGroup = left.map { group($0.labels) }
        rightGroup = right.map { group($0.labels) }
        for (index, group) in rightGroup.enumerated() { rightMembers[group].append(index) }
        leftCount = left.count
        switch op {
        case .and:
            let groupsWithLeft = Set(leftGroup)
            let uses = rightGroup.map { groupsWithLeft.contains($0) ? 1 : 0 }
            rightBuffer = SeriesBuffer(child: rhs, context: context, uses: uses)
            // Left series whose group has no right series never appear.
            return left
        case .unless:
            let groupsWithLeft = Set(leftGroup)
            rightBuffer = SeriesBuffer(child: rhs, context: context, uses: rightGroup.map { groupsWithLeft.contains($0) ? 1 : 0 })
            return left
        default:
            rightBuffer = SeriesBuffer(child: rhs, context: context, uses: Array(repeating: 1, count: right.count))
            return left + right
        }
    }

    func next() throws -> StepSeries {
        defer { position += 1 }
        if position < leftCount {
            var series = try lhs.next()
            let group = leftGroup[position]
            switch op {
            case .and, .unless:
                let right = try rightPresence(group)
                for step in series.present.presentIndices where right[step] == (op == .unless) {
                    series.present[step] = false
                }
            default:
                groupPresence[group, default: StepMask(count: steps)].formUnion(series.present)
            }
            if position == leftCount - 1, op != .or { try rightBuffer?.drain() }
            return series
        }
        guard let rightBuffer else { preconditionFailure("next() before seriesMetadata()") }
        let index = position - leftCount
        var series = try rightBuffer.take(index)
        try context.hold(series)
        if let left = groupPresence[rightGroup[index]] {
            for step in series.present.presentIndices where left[step] { series.present[step] = false }
        }
        return series
    }

    /// Steps at which any right series of `group` has a value.
    private func rightPresence(_ group: Int) throws -> StepMask {
        if let known = groupPresence[group] { return known }
        guard let rightBuffer else { preconditionFailure("next() before seriesMetadata()") }
        var mask = StepMask(count: steps)
        for member in rightMembers[group] { mask.formUnion(try rightBuffer.take(member).present) }
        groupPresence[group] = mask
        return mask
    }
}
