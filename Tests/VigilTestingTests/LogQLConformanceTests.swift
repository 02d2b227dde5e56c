import Foundation
import Testing
import VigilTesting

/// The shared LogQL conformance file (`$VIGIL_CONFORMANCE_DIR/logql` or
/// `<package root>/../shared/conformance/logql`), run as `vigil logqltest`
/// runs it: every case must agree with Loki.
@Suite struct LogQLConformanceTests {
    static var casesFile: String? {
        var candidates: [String] = []
        if let override = ProcessInfo.processInfo.environment["VIGIL_CONFORMANCE_DIR"], !override.isEmpty {
            candidates.append(URL(fileURLWithPath: override).appendingPathComponent("logql/cases.json").path)
        }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(packageRoot.deletingLastPathComponent().appendingPathComponent("shared/conformance/logql/cases.json").path)
        return candidates.first { FileManager.default.fileExists(atPath: $0) }
    }

    @Test func everyCaseAgreesWithLoki() throws {
        guard let path = Self.casesFile else {
            print("LogQL conformance cases not found: set VIGIL_CONFORMANCE_DIR or place them in "
                  + "../shared/conformance/logql; skipping.")
            return
        }
        let file = try LogQLCaseFile.load(path: path)
        #expect(file.loadErrors.isEmpty, "\(file.loadErrors)")
        let report = LogQLConformanceRunner().run(file)
        let lines = LogQLConformanceReport.lines([report])
        // The summary: per-file count, cases passed up to ties, per-area counts, total.
        print(lines.filter { !$0.hasPrefix("  ") && !$0.contains(": case ") }.joined(separator: "\n"))
        let unexpected = report.outcomes.filter { !$0.passed }
        for outcome in unexpected {
            let detail = "case \(outcome.index) [\(outcome.area)]: \(outcome.query)\n  \(outcome.mismatch ?? "")\n"
                + "  expected: \(outcome.expected)\n  got: \(outcome.got)"
            Issue.record(Comment(rawValue: detail))
        }
        #expect(report.outcomes.count == file.queries.count)
        #expect(report.passed + report.failed == report.outcomes.count)
        #expect(report.failed == 0)
        // Only selections may pass up to ties, and only where values tie.
        #expect(report.outcomes.filter(\.passedUpToTies).allSatisfy { $0.query.hasPrefix("topk") || $0.query.hasPrefix("bottomk") })
    }
}
