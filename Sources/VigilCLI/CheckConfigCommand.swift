import ArgumentParser
import Foundation
import VigilRules
import VigilTemplate

/// `vigil check config FILE...`: validates Vigil configuration files and
/// every rule file they list, the way `promtool check config` does —
/// errors with `file:line:column`, exit status 1 on any error.
struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check Vigil configuration files and the rule files they list.",
        discussion: """
            Prints `SUCCESS: N rule files found` and `SUCCESS: FILE is valid vigil config file syntax` \
            for each valid configuration, then checks every rule file as `vigil check rules` does. A \
            rule file entry without `*` must name an existing file. Loki rule files are checked for \
            their structure and templates; their LogQL expressions are not parsed yet. Exits 1 when \
            anything has an error.
            """
    )

    @Option(help: "Linting checks for rule files: none or duplicate-rules.")
    var lint: CheckRulesCommand.Lint = .duplicateRules

    @Flag(name: .customLong("lint-fatal"), help: "Make lint warnings exit with status 1.")
    var lintFatal = false

    @Flag(help: "Accept Prometheus's experimental PromQL syntax.")
    var experimental = false

    @Argument(help: "Configuration files to check.")
    var files: [String]

    func run() throws {
        var failed = false
        let checker = RuleFileChecker(
            loader: RuleFileLoader(validator: .standard(promql: experimental ? .all : .init())),
            lintDuplicates: lint == .duplicateRules, lintFatal: lintFatal)
        for path in files {
            print("Checking \(path)")
            let config: VigilConfig
            do {
                config = try VigilConfig.load(path: path)
            } catch {
                printError("  FAILED:")
                for problem in error.errors { printError("    \(problem)") }
                failed = true
                print("")
                continue
            }
            let missing = config.missingRuleFiles()
            if !missing.isEmpty {
                for problem in missing { printError("  FAILED: \(problem)") }
                failed = true
                print("")
                continue
            }
            let promqlFiles = config.promqlRuleFilePaths, lokiFiles = config.lokiRuleFilePaths
            let count = promqlFiles.count + lokiFiles.count
            if count > 0 { print("  SUCCESS: \(count) rule files found") }
            print(" SUCCESS: \(path) is valid vigil config file syntax")
            print("")
            if !checker.check(promqlFiles, language: .promql) { failed = true }
            if !checker.check(lokiFiles, language: .logql) { failed = true }
        }
        if failed { throw ExitCode.failure }
    }
}
