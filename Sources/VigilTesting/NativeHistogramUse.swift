import VigilCore
import VigilSyntax

/// Decides whether an `eval` needs native histograms, which the engine
/// does not support yet, so the runner can skip it with a reason instead of
/// reporting a failure.
struct NativeHistogramUse {
    /// Metric names of series that had native histogram samples (or were
    /// converted to them by `load_with_nhcb`) since the last `clear`.
    var names: Set<String> = []

    mutating func clear() { names.removeAll() }

    var isEmpty: Bool { names.isEmpty }

    /// The reason to skip `command`, or nil when it can run.
    func skipReason(for command: EvalCommand) -> String? {
        if command.expectsNativeHistograms { return "expected output contains native histograms" }
        guard !names.isEmpty else { return nil }
        guard let expr = try? PromQLParser(options: .all).parse(command.expression) else { return nil }
        var touched: Set<String> = []
        var unnamed = false
        Self.visit(expr) { selector in
            if let name = selector.matchers.first(where: { $0.name == Labels.metricName && $0.kind == .equal })?.value {
                if names.contains(name) { touched.insert(name) }
            } else {
                unnamed = true
            }
        }
        if !touched.isEmpty {
            return "reads native histogram series " + touched.sorted().map { GoString.quote($0) }.joined(separator: ", ")
        }
        if unnamed { return "selects series by pattern while native histograms are loaded" }
        return nil
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
    static func convertedName(_ name: String) -> String? {
        for suffix in ["_bucket", "_count", "_sum"] where name.hasSuffix(suffix) {
            return String(name.dropLast(suffix.count))
        }
        return nil
    }
}
