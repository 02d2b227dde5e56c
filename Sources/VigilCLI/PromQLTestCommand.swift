import ArgumentParser
import Foundation
import VigilEngine
import VigilTesting

/// `vigil promqltest FILE...`: runs files in Prometheus's PromQL test-script
/// format and reports each failing (and skipped) command.
struct PromQLTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promqltest",
        abstract: "Run PromQL test scripts (Prometheus's promqltest format).",
        discussion: """
            Prints each failing command with file:line, what was expected and what came; a line \
            `FILE: N passed, M failed[, K skipped]` per file; and a final `N passed, M failed, K skipped`. \
            Commands that need native histograms are skipped with the reason. Exits 1 if anything failed.
            """
    )

    @Flag(name: .customLong("enable-experimental"),
          help: "Accept Prometheus's experimental syntax (on by default in test scripts, as in Prometheus's test engine).")
    var enableExperimental = false

    @Flag(help: "Do not list skipped commands (they are still counted).")
    var quiet = false

    @Argument(help: "Test script files.")
    var files: [String]

    func run() throws {
        // Prometheus's test engine enables every experimental feature, so
        // the flag is accepted for promtool compatibility and changes nothing.
        let run = ConformanceRun()
        var reports: [FileReport] = []
        for file in files {
            let report = run.run(path: file)
            for line in ConformanceRun.lines(for: report, showSkipped: !quiet) { print(line) }
            reports.append(report)
        }
        print(ConformanceRun.total(reports))
        if reports.contains(where: { $0.failed > 0 }) { throw ExitCode.failure }
    }
}
