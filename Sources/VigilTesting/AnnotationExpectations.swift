import VigilEngine

/// `promqltest`'s `checkAnnotations`: legacy `eval_warn`/`eval_info` need
/// at least one; every `expect warn|info` line must match some annotation
/// and, when such lines exist, every annotation of that kind must match a
/// line; `no_warn` / `no_info` forbid them.
enum AnnotationExpectations {
    static func check(_ command: EvalCommand, _ annotations: Annotations) -> String? {
        let warnings = annotations.warnings, infos = annotations.infos
        if command.legacyWarn && warnings.isEmpty { return "expected warnings but got none" }
        if command.legacyInfo && infos.isEmpty { return "expected info annotations but got none" }
        if let problem = validate(command.warnings, warnings, kind: "warn") { return problem }
        if let problem = validate(command.infos, infos, kind: "info") { return problem }
        if command.noWarn && !warnings.isEmpty { return "unexpected warning annotations: \(warnings)" }
        if command.noInfo && !infos.isEmpty { return "unexpected info annotations: \(infos)" }
        return nil
    }

    private static func validate(_ expected: [EvalCommand.Expectation], _ actual: [String], kind: String) -> String? {
        guard !expected.isEmpty else { return nil }
        if actual.isEmpty { return "expected \(kind) annotations but none were found" }
        for expectation in expected where !actual.contains(where: expectation.matches) {
            return "expected \(kind) annotation matching \(expectation.summary) but no matching annotation was found, found: \(actual)"
        }
        for text in actual where !expected.contains(where: { $0.matches(text) }) {
            return "unexpected \(kind) annotation \"\(text)\" found"
        }
        return nil
    }
}
