import VigilCore
import VigilSyntax

/// Decides whether an `eval` needs native histograms, which the engine
/// does not support yet, so the runner can skip it with a reason instead of
/// reporting a failure.
struct NativeHistogramUse {
    /// Label sets of series that had native histogram samples (or were
    /// converted to them by `load_with_nhcb`) since the last `clear`.
    var series: Set<Labels> = []

    mutating func clear() { series.removeAll() }

    var isEmpty: Bool { series.isEmpty }

    /// The reason to skip `command`, or nil when it can run.
    func skipReason(for command: EvalCommand) -> String? {
        if command.expectsNativeHistograms { return "expected output contains native histograms" }
        guard !series.isEmpty else { return nil }
        guard let expr = try? PromQLParser(options: .all).parse(command.expression) else { return nil }
        var touched: [Labels] = []
        Self.visit(expr) { selector in
            for labels in series where selector.matchers.allSatisfy({ $0.matches(labels.get($0.name)) }) {
                touched.append(labels)
            }
        }
        guard let first = touched.min() else { return nil }
        return "selects native histogram series \(first)" + (touched.count > 1 ? " and others" : "")
    }

    private static func visit(_ expr: Expr, _ body: (VectorSelector) -> Void) {
        switch expr {
        case .vectorSelector(let selector): body(selector)
        case .matrixSelector(let selector): body(selector.selector)
        default: for child in expr.children { visit(child, body) }
        }
    }

    /// `load_with_nhcb` names the converted histogram after the classic
    /// series without its `_bucket` / `_count` / `_sum` suffix.
    static func converted(_ labels: Labels) -> Labels? {
        guard let name = labels.metricName else { return nil }
        for suffix in ["_bucket", "_count", "_sum"] where name.hasSuffix(suffix) {
            return labels.removing("le").setting(Labels.metricName, to: String(name.dropLast(suffix.count)))
        }
        return nil
    }
}
