import VigilCore
import VigilSyntax

/// `topk`, `bottomk`, `limitk` and `limit_ratio`: output series are input
/// series, chosen per step and group.
///
/// Which series appear at all depends on the values, so this operator
/// reads its whole input before it can list its output series: it holds
/// every input series of the query (documented in docs/promql.md). The
/// choice at each step follows Prometheus's heap operations exactly, so
/// ties are broken the same way; an instant query lists the chosen series
/// in Prometheus's order (per group, sorted by value). With Loki's semantics
/// a newcomer pops the root and is pushed (`VectorAggEvaluator`), which
/// breaks ties differently and lets a NaN replace a NaN root.
final class SelectionAggregation: InstantVectorOperator {
    enum Kind { case topk, bottomk, limitk, limitRatio }

    private let kind: Kind
    private let child: InstantVectorOperator
    private let grouping: Grouping
    private let parameter: ScalarOperator
    private let parameterRange: SourceRange?
    private let context: QueryContext
    private let steps: Int
    private var outputs: [StepSeries] = []
    private var position = 0

    init(kind: Kind, child: InstantVectorOperator, grouping: Grouping, parameter: ScalarOperator,
         parameterRange: SourceRange?, context: QueryContext, steps: Int) {
        self.kind = kind
        self.child = child
        self.grouping = grouping
        self.parameter = parameter
        self.parameterRange = parameterRange
        self.context = context
        self.steps = steps
    }

    private struct Candidate {
        var input: Int
        var value: Double
    }

    func seriesMetadata() throws -> [SeriesMetadata] {
        let parameters = try parameter.values()
        let inputs = try child.seriesMetadata()
        let finite = parameters
        if try checkParameters(finite) == false {
            for _ in inputs.indices { context.drop(try child.next()) }
            return []
        }
        var series: [StepSeries] = []
        series.reserveCapacity(inputs.count)
        for _ in inputs.indices {
            try context.checkCancellation()
            series.append(try child.next())
        }
        defer { for item in series { context.drop(item) } }
        let (_, groups) = grouping.assign(inputs)
        let offsets = kind == .limitRatio ? inputs.map { Double($0.labels.prometheusHash) / Double(UInt64.max) } : []

        var chosen: [Int: StepSeries] = [:]
        var order: [Int] = []
        func choose(_ input: Int, _ step: Int) {
            if chosen[input] == nil { chosen[input] = StepSeries(count: steps); order.append(input) }
            chosen[input]?.set(step, series[input].values[step])
        }
        for step in 0..<steps {
            let parameter = parameters[step]
            for group in groups {
                var heap: [Candidate] = []
                switch kind {
                case .topk, .bottomk, .limitk:
                    // Prometheus: k = min(int64(param), number of input series).
                    let k = min(Int64(parameter.rounded(.towardZero)), Int64(inputs.count))
                    guard k >= 1 else { continue }
                    let popsAndPushes = context.options.semantics.selectionPopsAndPushes && kind != .limitk
                    for member in group.members where series[member].present[step] {
                        let candidate = Candidate(input: member, value: series[member].values[step])
                        if popsAndPushes {
                            Self.popAndPush(&heap, candidate, k: Int(k), topk: kind == .topk)
                            continue
                        }
                        switch kind {
                        case .topk:
                            if heap.count < Int(k) {
                                GoHeap.push(&heap, candidate, less: Self.ascending)
                            } else if heap[0].value < candidate.value || (heap[0].value.isNaN && !candidate.value.isNaN) {
                                heap[0] = candidate
                                if k > 1 { GoHeap.fix(&heap, 0, less: Self.ascending) }
                            }
                        case .bottomk:
                            if heap.count < Int(k) {
                                GoHeap.push(&heap, candidate, less: Self.descending)
                            } else if heap[0].value > candidate.value || (heap[0].value.isNaN && !candidate.value.isNaN) {
                                heap[0] = candidate
                                if k > 1 { GoHeap.fix(&heap, 0, less: Self.descending) }
                            }
                        default:
                            if heap.count < Int(k) { GoHeap.push(&heap, candidate, less: Self.ascending) }
                        }
                    }
                    if kind == .topk { GoHeap.sort(&heap) { Self.ascending($1, $0) } }
                    if kind == .bottomk { GoHeap.sort(&heap) { Self.descending($1, $0) } }
                case .limitRatio:
                    guard parameter != 0 else { continue }
                    let ratio = Swift.min(Swift.max(parameter, -1), 1)
                    for member in group.members where series[member].present[step] {
                        let offset = offsets[member]
                        if (ratio >= 0 && offset < ratio) || (ratio < 0 && offset >= 1 + ratio) {
                            GoHeap.push(&heap, Candidate(input: member, value: series[member].values[step]),
                                        less: Self.ascending)
                        }
                    }
                }
                for candidate in heap { choose(candidate.input, step) }
            }
        }
        if !context.queryGrid.isInstant || steps != 1 {
            order.sort()
        }
        outputs = order.compactMap { chosen[$0] }
        for output in outputs { try context.hold(output) }
        return order.map { inputs[$0] }
    }

    /// Loki's heap step: while the heap is short, or when the newcomer beats
    /// the root (or the root is NaN), pop the root if full and push.
    private static func popAndPush(_ heap: inout [Candidate], _ candidate: Candidate, k: Int, topk: Bool) {
        func less(_ a: Candidate, _ b: Candidate) -> Bool { topk ? ascending(a, b) : descending(a, b) }
        if heap.count == k, let root = heap.first, !root.value.isNaN {
            let beatsRoot = topk ? root.value < candidate.value : root.value > candidate.value
            guard beatsRoot else { return }
        }
        if heap.count == k { GoHeap.pop(&heap, less: less) }
        GoHeap.push(&heap, candidate, less: less)
    }

    /// Prometheus's checks on the parameter before evaluating.
    private func checkParameters(_ parameters: [Double]) throws -> Bool {
        let numbers = parameters.filter { !$0.isNaN }
        let high = numbers.max() ?? .nan, low = numbers.min() ?? .nan
        switch kind {
        case .limitRatio:
            if !parameters.contains(where: \.isNaN), high == 0, low == 0 { return false }
            if parameters.contains(where: \.isNaN) { throw QueryError.execution("Ratio value is NaN") }
            if high > 1 {
                context.warn("ratio value should be between -1 and 1, got \(GoFloat.formatV(high)), capping to 1",
                             at: parameterRange)
            }
            if low < -1 {
                context.warn("ratio value should be between -1 and 1, got \(GoFloat.formatV(low)), capping to -1",
                             at: parameterRange)
            }
        default:
            if !parameters.contains(where: \.isNaN), high < 1 { return false }
            if parameters.contains(where: \.isNaN) { throw QueryError.execution("Parameter value is NaN") }
            if low <= -9_223_372_036_854_775_808 {
                throw QueryError.execution("Scalar value \(GoFloat.formatV(low)) underflows int64")
            }
            if high >= 9_223_372_036_854_774_784 {
                throw QueryError.execution("Scalar value \(GoFloat.formatV(high)) overflows int64")
            }
        }
        return true
    }

    /// `vectorByValueHeap.Less`: NaN sorts first.
    private static func ascending(_ a: Candidate, _ b: Candidate) -> Bool { a.value.isNaN || a.value < b.value }
    /// `vectorByReverseValueHeap.Less`.
    private static func descending(_ a: Candidate, _ b: Candidate) -> Bool { a.value.isNaN || a.value > b.value }

    func next() throws -> StepSeries {
        defer { position += 1 }
        return outputs[position]
    }
}
