import Foundation

/// Runs conformance files and formats the report `vigil promqltest` prints
/// and the test suite checks.
public struct ConformanceRun {
    public var runner: ScriptRunner

    public init(runner: ScriptRunner = ScriptRunner()) { self.runner = runner }

    /// Reads, parses and runs one file. A file that does not parse is one failure.
    public func run(path: String) -> FileReport {
        let name = (path as NSString).lastPathComponent
        guard let data = FileManager.default.contents(atPath: path) else {
            var report = FileReport(file: name)
            report.results.append((0, "", .failed("cannot read \(path)")))
            return report
        }
        let text = String(decoding: data, as: UTF8.self)
        do {
            let script = try TestScriptParser.parse(text, file: name)
            return runner.run(script, file: name)
        } catch {
            var report = FileReport(file: name)
            report.results.append((error.line, "", .failed(error.description)))
            return report
        }
    }

    /// The lines to print for a file: each failing or skipped command, then the summary.
    public static func lines(for report: FileReport, showSkipped: Bool = true) -> [String] {
        var lines: [String] = []
        for result in report.results {
            switch result.outcome {
            case .passed: break
            case .failed(let message):
                lines.append("\(report.file):\(result.line): FAIL \(result.expression)\n    \(message)")
            case .skipped(let reason):
                if showSkipped { lines.append("\(report.file):\(result.line): SKIP \(result.expression)\n    \(reason)") }
            }
        }
        lines.append(report.summary)
        return lines
    }

    /// `N passed, M failed, K skipped` over all files.
    public static func total(_ reports: [FileReport]) -> String {
        let passed = reports.reduce(0) { $0 + $1.passed }
        let failed = reports.reduce(0) { $0 + $1.failed }
        let skipped = reports.reduce(0) { $0 + $1.skipped }
        return "\(passed) passed, \(failed) failed, \(skipped) skipped"
    }
}
