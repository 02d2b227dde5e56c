import VigilCore
import VigilEngine
import VigilStorage
import VigilSyntax

/// `topk` and `bottomk` results compared up to ties.
///
/// Loki keeps the first of equal candidates it meets, and it meets them in
/// Go map iteration order (`VectorAggEvaluator` ranges over a map of
/// groups, the range vector iterator over a map of series), which Go
/// randomises on every loop. Among series with equal values, the one a case
/// file shows is therefore one random draw, and different steps of one
/// query draw differently. A selection is accepted when, at every step and
/// in every group, it holds as many series as Loki's rule gives
/// (`min(k, candidates)`), each with its value in the selection's argument,
/// and its values are exactly the k best of the argument's values (NaN
/// ranking last, as in Loki's heaps). Both Loki's result and Vigil's must
/// pass that check against the argument as Vigil evaluates it; where no
/// value ties, this is plain equality.
struct LogQLSelectionTies {
    let node: VectorAggregation
    /// The selection's argument, evaluated on the same grid: per step time
    /// (ms), its samples.
    let candidates: [Int64: [(labels: Labels, value: Double)]]

    /// The query's top-level `topk`/`bottomk`, if it is one.
    static func selection(in expr: LogQLExpr) -> VectorAggregation? {
        guard case .vectorAggregation(let node) = expr, node.operation == .topk || node.operation == .bottomk,
              node.parameter != nil else { return nil }
        return node
    }

    init(node: VectorAggregation, argument: LogQLExpectedResult) {
        self.node = node
        var candidates: [Int64: [(labels: Labels, value: Double)]] = [:]
        for (labels, point) in Self.points(argument) { candidates[point.timestamp, default: []].append((labels, point.value)) }
        self.candidates = candidates
    }

    /// Whether `result` is a valid selection from the argument; nil if it
    /// is, else the first reason it is not.
    func problem(in result: LogQLExpectedResult) -> String? {
        var chosen: [Int64: [(labels: Labels, value: Double)]] = [:]
        for (labels, point) in Self.points(result) { chosen[point.timestamp, default: []].append((labels, point.value)) }
        for time in Set(chosen.keys).union(candidates.keys).sorted() {
            let available = Dictionary(grouping: candidates[time] ?? [], by: { groupKey($0.labels) })
            let picked = Dictionary(grouping: chosen[time] ?? [], by: { groupKey($0.labels) })
            for (group, members) in available.merging(picked.mapValues { _ in [] }, uniquingKeysWith: { a, _ in a }) {
                let selection = picked[group] ?? []
                let k = min(node.parameter ?? 0, members.count)
                guard selection.count == k else {
                    return "at \(time) group \(group): \(selection.count) series chosen, \(k) expected"
                }
                for sample in selection {
                    guard let candidate = members.first(where: { $0.labels == sample.labels }),
                          LogQLExpectedResult.closeEnough(candidate.value, sample.value) else {
                        return "at \(time): \(sample.labels) is not a candidate with value \(GoFloat.apiString(sample.value))"
                    }
                }
                let best = members.map(\.value).sorted(by: better).prefix(k)
                let values = selection.map(\.value).sorted(by: better)
                guard zip(best, values).allSatisfy({ LogQLExpectedResult.closeEnough($0, $1) }) else {
                    return "at \(time) group \(group): chose \(values.map(GoFloat.apiString)), "
                        + "the best are \(best.map(GoFloat.apiString))"
                }
            }
        }
        return nil
    }

    /// Loki's ranking: larger first for `topk`, smaller first for
    /// `bottomk`, NaN last either way.
    private func better(_ a: Double, _ b: Double) -> Bool {
        if a.isNaN { return false }
        if b.isNaN { return true }
        return node.operation == .topk ? a > b : a < b
    }

    /// The group a series belongs to (`by`/`without`, as Loki hashes it).
    private func groupKey(_ labels: Labels) -> Labels {
        let names = Set(node.grouping.labels)
        if node.grouping.without {
            return Labels(sortedUnchecked: labels.pairs.filter { !names.contains($0.name) && $0.name != Labels.metricName })
        }
        return labels.keeping(names)
    }

    private static func points(_ result: LogQLExpectedResult) -> [(Labels, LogQLExpectedResult.Point)] {
        switch result {
        case .vector(let samples): return samples.map { ($0.labels, $0.point) }
        case .matrix(let series): return series.flatMap { item in item.points.map { (item.labels, $0) } }
        default: return []
        }
    }
}
