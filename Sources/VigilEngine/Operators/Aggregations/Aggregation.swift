import VigilCore
import VigilSyntax

/// `sum`, `avg`, `count`, `group`, `min`, `max`, `stddev`, `stdvar` and
/// `quantile` with `by` / `without`.
///
/// The groups are known from the metadata, so the output series are listed
/// before any sample is read, ordered by the position of each group's last
/// input. Inputs are folded into their group's accumulator as they arrive;
/// a group is emitted (and its state freed) as soon as its last input is
/// in, so only open groups are held. `sum`, `avg` and the variances use
/// Prometheus's or Loki's arithmetic (`OperatorSemantics`).
final class Aggregation: InstantVectorOperator {
    private let op: Kind
    private let child: InstantVectorOperator
    private let grouping: Grouping
    private let parameter: ScalarOperator?
    private let context: QueryContext
    private let steps: Int
    private let parameterRange: SourceRange?

    private var groupOf: [Int] = []
    private var lastMember: [Int] = []
    private var emitOrder: [Int] = []
    private var open: [Int: Accumulator] = [:]
    private var quantiles: [Double] = []
    private var nextInput = 0
    private var inputCount = 0
    private var position = 0

    enum Kind {
        case sum, avg, count, group, min, max, stddev, stdvar, quantile
    }

    init(op: Kind, child: InstantVectorOperator, grouping: Grouping, parameter: ScalarOperator?,
         parameterRange: SourceRange?, context: QueryContext, steps: Int) {
        self.op = op
        self.child = child
        self.grouping = grouping
        self.parameter = parameter
        self.parameterRange = parameterRange
        self.context = context
        self.steps = steps
    }

    func seriesMetadata() throws -> [SeriesMetadata] {
        if op == .quantile, let parameter {
            quantiles = try parameter.values()
            if quantiles.contains(where: \.isNaN) {
                context.warn("quantile value should be between 0 and 1, got NaN", at: parameterRange)
            }
            if let high = quantiles.filter({ !$0.isNaN }).max(), high > 1 {
                context.warn("quantile value should be between 0 and 1, got \(GoFloat.formatV(high))", at: parameterRange)
            }
            if let low = quantiles.filter({ !$0.isNaN }).min(), low < 0 {
                context.warn("quantile value should be between 0 and 1, got \(GoFloat.formatV(low))", at: parameterRange)
            }
        }
        let inputs = try child.seriesMetadata()
        inputCount = inputs.count
        let assignment = grouping.assign(inputs)
        groupOf = assignment.groupOf
        lastMember = assignment.groups.map { $0.members.last ?? 0 }
        emitOrder = assignment.groups.indices.sorted { lastMember[$0] < lastMember[$1] }
        return emitOrder.map { group in
            let members = assignment.groups[group].members
            let dropName = grouping.keepsName && members.contains { inputs[$0].dropName }
            return SeriesMetadata(labels: assignment.groups[group].labels, dropName: dropName)
        }
    }

    func next() throws -> StepSeries {
        let group = emitOrder[position]
        position += 1
        while nextInput <= lastMember[group] {
            try context.checkCancellation()
            let series = try child.next()
            let target = groupOf[nextInput]
            nextInput += 1
            let accumulator = open[target] ?? makeAccumulator()
            open[target] = accumulator
            accumulator.add(series)
            context.drop(series)
        }
        let accumulator = open.removeValue(forKey: group) ?? makeAccumulator()
        let result = accumulator.finish()
        try context.hold(result)
        return result
    }

    private func makeAccumulator() -> Accumulator {
        let compensated = context.options.semantics.compensatedAggregation
        switch op {
        case .sum: return SumAccumulator(steps: steps, compensated: compensated)
        case .avg: return compensated ? AverageAccumulator(steps: steps) : IncrementalMeanAccumulator(steps: steps)
        case .count: return CountAccumulator(steps: steps, group: false)
        case .group: return CountAccumulator(steps: steps, group: true)
        case .min: return ExtremumAccumulator(steps: steps, maximum: false)
        case .max: return ExtremumAccumulator(steps: steps, maximum: true)
        case .stddev: return VarianceAccumulator(steps: steps, standardDeviation: true, nanForNonFiniteFirst: compensated)
        case .stdvar: return VarianceAccumulator(steps: steps, standardDeviation: false, nanForNonFiniteFirst: compensated)
        case .quantile: return QuantileAccumulator(steps: steps, quantiles: quantiles)
        }
    }
}
