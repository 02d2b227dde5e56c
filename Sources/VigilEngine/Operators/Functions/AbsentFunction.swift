import VigilCore
import VigilSyntax

/// `absent(v)`: one series, with the labels the selector pins down with
/// `=`, holding 1 at each step where `v` has no value at all.
final class AbsentFunction: InstantVectorOperator {
    private let child: InstantVectorOperator
    private let labels: Labels
    private let context: QueryContext
    private let steps: Int

    init(child: InstantVectorOperator, labels: Labels, context: QueryContext, steps: Int) {
        self.child = child
        self.labels = labels
        self.context = context
        self.steps = steps
    }

    func seriesMetadata() throws -> [SeriesMetadata] { [SeriesMetadata(labels: labels)] }

    func next() throws -> StepSeries {
        var any = StepMask(count: steps)
        for _ in try child.seriesMetadata().indices {
            let series = try child.next()
            any.formUnion(series.present)
            context.drop(series)
        }
        var result = StepSeries(count: steps)
        for step in 0..<steps where !any[step] { result.set(step, 1) }
        try context.hold(result)
        return result
    }

    /// Prometheus's `createLabelsForAbsentFunction`: labels matched with
    /// `=` exactly once (a name matched twice, or by another operator, is left out).
    static func labels(for expr: Expr) -> Labels {
        var inner = expr
        while case .paren(let node) = inner { inner = node.expr }
        let matchers: [LabelMatcher]
        switch inner {
        case .vectorSelector(let selector): matchers = selector.matchers
        case .matrixSelector(let selector): matchers = selector.selector.matchers
        default: return .empty
        }
        var values: [String: String] = [:]
        var seen: Set<String> = []
        for matcher in matchers where matcher.name != Labels.metricName {
            if matcher.kind == .equal, !seen.contains(matcher.name) {
                values[matcher.name] = matcher.value
                seen.insert(matcher.name)
            } else {
                values[matcher.name] = nil
            }
        }
        return Labels(values)
    }
}
