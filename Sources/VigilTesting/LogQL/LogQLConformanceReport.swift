/// The text `vigil logqltest` prints: every mismatch with its query, what
/// Loki returned and what Vigil returned; `FILE: N passed, M failed` per
/// file; the cases that passed only up to ties in `topk`/`bottomk`;
/// per-area counts; and last `N passed, M failed`.
public enum LogQLConformanceReport {
    public static func lines(_ reports: [LogQLConformanceRunner.FileReport]) -> [String] {
        var lines: [String] = []
        for report in reports {
            for error in report.loadErrors { lines.append("\(report.path): load: \(error)") }
            for outcome in report.outcomes where !outcome.passed {
                lines.append("\(report.path): case \(outcome.index) [\(outcome.area)]: \(outcome.query)")
                lines.append("  mismatch: \(outcome.mismatch ?? "")")
                lines.append("  expected: \(outcome.expected)")
                lines.append("  got:      \(outcome.got)")
            }
            lines.append("\(report.path): \(report.passed) passed, \(report.failed) failed")
        }
        let outcomes = reports.flatMap(\.outcomes)
        let tied = outcomes.filter(\.passedUpToTies)
        if !tied.isEmpty {
            lines.append("\(tied.count) passed up to ties (topk/bottomk chose other series of equal value; Loki breaks "
                         + "ties in random map order): cases " + tied.map { String($0.index) }.joined(separator: ", "))
        }
        let areas = Dictionary(grouping: outcomes, by: \.area).sorted { $0.key < $1.key }
        for (area, cases) in areas {
            let passed = cases.filter(\.passed).count
            lines.append("area \(area): \(passed) passed, \(cases.count - passed) failed")
        }
        let passed = outcomes.filter(\.passed).count
        lines.append("\(passed) passed, \(outcomes.count - passed) failed")
        return lines
    }
}
