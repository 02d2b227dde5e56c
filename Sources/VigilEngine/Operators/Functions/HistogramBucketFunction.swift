import VigilCore
import VigilSyntax

/// `histogram_quantile(φ, v)` and `histogram_fraction(lower, upper, v)`
/// over classic histograms: the series of `v` with the same labels apart
/// from `le` form one histogram. Groups come from the metadata and are
/// emitted when their last bucket series has arrived.
final class HistogramBucketFunction: InstantVectorOperator {
    enum Kind {
        case quantile(ScalarOperator)
        /// `histogram_quantiles(v, "label", φ...)`: one series per φ, labelled with it.
        case quantiles(label: String, [ScalarOperator])
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
    /// The φ columns of `histogram_quantile(s)`.
    private var quantiles: [[Double]] = []
    private var outputsPerGroup = 1
    private var ready: [StepSeries] = []
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
            quantiles = [try q.values()]
        case .quantiles(_, let qs):
            quantiles = try qs.map { try $0.values() }
            outputsPerGroup = qs.count
        case .fraction(let lower, let upper):
            first = try lower.values()
            second = try upper.values()
        }
        for column in quantiles {
            for value in column where value.isNaN || value < 0 || value > 1 {
                context.warn("quantile value should be between 0 and 1, got \(GoFloat.formatV(value))", at: parameterRange)
            }
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
        if emitOrder.isEmpty { try consumeInputs(through: inputs.count - 1) }
        guard case .quantiles(let label, _) = kind else { return emitOrder.map { groupLabels[$0] } }
        return emitOrder.flatMap { group in
            quantiles.map { column in
                var metadata = groupLabels[group]
                metadata.labels = metadata.labels.setting(label, to: Self.openMetricsFloat(column.first ?? .nan))
                return metadata
            }
        }
    }

    /// `labels.FormatOpenMetricsFloat`: Go's shortest form, with `.0` on integers.
    static func openMetricsFloat(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        let text = GoFloat.format(value, .g)
        return text.contains(where: { $0 == "e" || $0 == "." }) ? text : text + ".0"
    }

    func next() throws -> StepSeries {
        if !ready.isEmpty { return ready.removeFirst() }
        let group = emitOrder[position]
        position += 1
        try consumeInputs(through: lastMember[group])
        ready = try evaluate(group: group)
        if position == emitOrder.count { try consumeInputs(through: inputs.count - 1) }
        return ready.removeFirst()
    }

    /// Reads inputs up to `last`: bucket series join their group, others raise the `le` warning.
    private func consumeInputs(through last: Int) throws {
        while nextInput <= last {
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
    }

    private func evaluate(group: Int) throws -> [StepSeries] {
        let members = open.removeValue(forKey: group) ?? []
        var results = Array(repeating: StepSeries(count: steps), count: outputsPerGroup)
        var forced = false
        for step in 0..<steps {
            var buckets: [ClassicBucket] = []
            for member in members where member.series.present[step] {
                buckets.append(ClassicBucket(upperBound: member.bound, count: member.series.values[step]))
            }
            guard !buckets.isEmpty else { continue }
            switch kind {
            case .quantile, .quantiles:
                for (index, column) in quantiles.enumerated() {
                    let (value, monotonicityForced) = ClassicBuckets.quantile(column[step], buckets)
                    forced = forced || monotonicityForced
                    results[index].set(step, value)
                }
            case .fraction:
                results[0].set(step, ClassicBuckets.fraction(lower: first[step], upper: second[step], buckets))
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
        for result in results { try context.hold(result) }
        return results
    }
}
