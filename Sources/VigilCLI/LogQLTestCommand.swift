import ArgumentParser
import Foundation
import VigilTesting

/// `vigil logqltest FILE...`: runs LogQL conformance files (the format of
/// `shared/conformance/logql/README.md`) and reports every mismatch.
struct LogQLTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logqltest",
        abstract: "Run LogQL conformance case files against Vigil's LogQL engine.",
        discussion: """
            Prints each mismatch with its query, Loki's result and Vigil's, `FILE: N passed, M failed` per file, \
            and a last line `N passed, M failed`. Exits 0 only when every case passed.
            """
    )

    @Argument(help: "Case files (cases.json).")
    var files: [String]

    func run() throws {
        var reports: [LogQLConformanceRunner.FileReport] = []
        for path in files {
            do {
                let file = try LogQLCaseFile.load(path: path)
                reports.append(LogQLConformanceRunner().run(file))
            } catch {
                FileHandle.standardError.write(Data("\(path): \(error)\n".utf8))
                throw ExitCode.failure
            }
        }
        for line in LogQLConformanceReport.lines(reports) { print(line) }
        if reports.contains(where: { $0.failed > 0 || !$0.loadErrors.isEmpty }) { throw ExitCode.failure }
    }
}
