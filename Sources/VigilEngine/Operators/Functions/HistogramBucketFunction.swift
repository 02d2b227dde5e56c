import VigilCore
import VigilSyntax

/// `histogram_quantile(φ, v)` and `histogram_fraction(lower, upper, v)`
/// over classic histograms: the series of `v` with the same labels apart
/// from `le` form one histogram. Groups come from the metadata and are
/// emitted when their last bucket series has arrived.
final class HistogramBucketFunction: InstantVectorOperator {
    enum Kind {
        case quantile(ScalarOperator)
        case fraction(lower: ScalarOperator, upper: ScalarOperator)
    }

    private let kind: Kind
    private let child: InstantVectorOperator
    private let context: QueryContext
    private let steps: Int
    private let parameterRange: SourceRange?
    private let vectorRange: SourceRange?

    private var inputs: [SeriesMetadata] = []
    private var bounds: [Double?] = []
    private var groupOf: [Int] = []
    private var lastMember: [Int] = []
    private var groupLabels: [SeriesMetadata] = []
    private var emitOrder: [Int] = []
    private var open: [Int: [(bound: Double, series: StepSeries)]] = [:]
    private var first: [Double] = []
    private var second: [Double] = []
    private var nextInput = 0
    private var position = 0

    init(kind: Kind, child: InstantVectorOperator, context: QueryContext, steps: Int, parameterRange: SourceRange?,
         vectorRange: SourceRange?) {
        self.kind = kind
        self.child = child
        self.context = context
        self.steps = steps
        self.parameterRange = parameterRange
        self.vectorRange = vectorRange
    }

    func seriesMetadata() throws -> [SeriesMetadata] {
        switch kind {
        case .quantile(let q):
            first = try q.values()
            for value in first where value.isNaN || value < 0 || value > 1 {
                context.warn("quantile value should be between 0 and 1, got \(GoFloat.formatV(value))", at: parameterRange)
            }
        case .fraction(let lower, let upper):
            first = try lower.values()
            second = try upper.values()
        }
        inputs = try child.seriesMetadata()
        var indexByLabels: [Labels: Int] = [:]
        for input in inputs {
            let bound = try? GoStrconv.parseFloat(input.labels.get("le"))
            let usable = bound.map { !$0.isNaN } ?? false
            bounds.append(usable ? bound : nil)
            guard usable else { groupOf.append(-1); continue }
            let key = input.labels.removing("le")
            if let existing = indexByLabels[key] {
                groupOf.append(existing)
                lastMember[existing] = groupOf.count - 1
            } else {
                indexByLabels[key] = groupLabels.count
                groupOf.append(groupLabels.count)
                lastMember.append(groupOf.count - 1)
                groupLabels.append(context.droppingName(SeriesMetadata(labels: key, dropName: input.dropName)))
            }
        }
        emitOrder = groupLabels.indices.sorted { lastMember[$0] < lastMember[$1] }
        return emitOrder.map { groupLabels[$0] }
    }

    func next() throws -> StepSeries {
        let group = emitOrder[position]
        position += 1
        while nextInput <= lastMember[group] {
            try context.checkCancellation()
            let series = try child.next()
            let index = nextInput
            nextInput += 1
            if let bound = bounds[index] {
                open[groupOf[index], default: []].append((bound, series))
            } else {
                if !series.isEmpty {
                    let input = inputs[index].labels
                    let name = context.options.delayedNameRemoval ? input.metricName ?? "" : ""
                    var message = "bucket label \"le\" is missing or has a malformed value of \(GoString.quote(input.get("le")))"
                    if !name.isEmpty { message += " for metric name \(GoString.quote(name))" }
                    context.warn(message, at: vectorRange)
                }
                context.drop(series)
            }
        }
        let members = open.removeValue(forKey: group) ?? []
        var result = StepSeries(count: steps)
        var forced = false
        for step in 0..<steps {
            var buckets: [ClassicBucket] = []
            for member in members where member.series.present[step] {
                buckets.append(ClassicBucket(upperBound: member.bound, count: member.series.values[step]))
            }
            guard !buckets.isEmpty else { continue }
            switch kind {
            case .quantile:
                let (value, monotonicityForced) = ClassicBuckets.quantile(first[step], buckets)
                forced = forced || monotonicityForced
                result.set(step, value)
            case .fraction:
                result.set(step, ClassicBuckets.fraction(lower: first[step], upper: second[step], buckets))
            }
        }
        for member in members { context.drop(member.series) }
        if forced {
            var message = "input to histogram_quantile needed to be fixed for monotonicity (see "
                + "https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile)"
            if context.options.delayedNameRemoval, let name = groupLabels[group].labels.metricName {
                message += " for metric name \(GoString.quote(name))"
            }
            context.info(message, at: vectorRange)
        }
        try context.hold(result)
        return result
    }
}
