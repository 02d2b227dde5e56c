import ArgumentParser
import Foundation
import VigilCore
import VigilSyntax
import VigilTesting

/// `vigil test rules FILE...`: rule unit tests in `promtool test rules`'
/// format, plus LogQL rules over recorded log lines (docs/rule-tests.md).
struct TestRulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Unit-test Prometheus and Loki rules.",
        discussion: """
            Prints `Unit Testing:  FILE` and `  SUCCESS` for each passing file on stdout; for a failing \
            file `  FAILED:` and every failure on stderr, in promtool's words, followed by a diff of \
            expected and got, hints and the alert's timeline. Test groups run in parallel. Exits 1 \
            when any test fails (or coverage is below --coverage-threshold).
            """
    )

    @Option(name: .customLong("run"), help: "Only run test groups whose name matches this regular expression (repeatable).")
    var runPatterns: [String] = []

    @Option(name: .customLong("junit"), help: "Write a JUnit XML report to this file.")
    var junit: String?

    @Flag(help: "Print each test group's start and duration and all series at its last evaluation.")
    var debug = false

    @Flag(help: "Report which rules no test exercises.")
    var coverage = false

    @Option(name: .customLong("coverage-threshold"),
            help: "Fail when rule coverage (percent, 0–100) is below this; implies --coverage.")
    var coverageThreshold: Double = 0

    @Option(name: .customLong("enable-feature"),
            help: "PromQL features, comma separated: promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal.")
    var features: [String] = []

    @Flag(name: .customLong("promtool-format"), help: "Print failures exactly as promtool does, without diffs, hints and timelines.")
    var promtoolFormat = false

    @Option(help: "Test groups run at once (default: the number of cores).")
    var jobs: Int?

    @Argument(help: "Test files.")
    var files: [String]

    func validate() throws {
        guard (0...100).contains(coverageThreshold) else {
            throw ValidationError("invalid --coverage-threshold \(GoFloat.format(coverageThreshold, .f, precision: 1)): must be between 0 and 100")
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        var options = RuleTestOptions(debug: debug, parallelism: jobs ?? RuleTestOptions.defaultParallelism)
        for feature in features.flatMap({ $0.split(separator: ",") }) {
            switch feature {
            case "promql-experimental-functions": options.parserOptions.experimentalFunctions = true
            case "promql-duration-expr": options.parserOptions.durationExpressions = true
            case "promql-extended-range-selectors": options.parserOptions.extendedRangeSelectors = true
            case "promql-binop-fill-modifiers": options.parserOptions.binopFillModifiers = true
            case "promql-delayed-name-removal": options.delayedNameRemoval = true
            default: write("  WARNING: Unknown feature passed to --enable-feature: \(feature)\n", to: .standardError)
            }
        }
        if !runPatterns.isEmpty {
            do {
                options.run = try RE2Regex(runPatterns.joined(separator: "|"))
            } catch {
                throw ValidationError("--run: \(error)")
            }
        }
        let reports = RuleTestRunner(options: options).run(paths: files)
        for (stream, text) in RuleTestOutput.writes(for: reports, details: !promtoolFormat) { write(text, to: stream) }
        if let junit {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
            let xml = JUnitReport.xml(for: reports, timestamp: formatter.string(from: Date()))
            do {
                try Data(xml.utf8).write(to: URL(fileURLWithPath: junit))
            } catch {
                write("failed to write JUnit XML: \(error.localizedDescription)\n", to: .standardError)
            }
        }
        var failed = reports.contains { !$0.passed }
        if coverage || coverageThreshold > 0 {
            let coverage = RuleCoverage(reports: reports, options: options)
            for line in coverage.report { write(line + "\n", to: .standardError) }
            if coverage.isBelow(threshold: coverageThreshold) {
                write("Rule test coverage \(GoFloat.format(coverage.percentage, .f, precision: 1))% is below the threshold of "
                    + "\(GoFloat.format(coverageThreshold, .f, precision: 1))%.\n", to: .standardError)
                failed = true
            }
        }
        if failed { throw ExitCode.failure }
    }

    private func write(_ text: String, to stream: RuleTestOutput.Stream) {
        let handle = stream == .standardOutput ? FileHandle.standardOutput : FileHandle.standardError
        handle.write(Data(text.utf8))
    }
}
