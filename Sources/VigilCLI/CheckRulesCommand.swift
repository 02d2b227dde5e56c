import ArgumentParser
import Foundation
import VigilCore
import VigilRules
import VigilSyntax

/// `vigil check rules FILE...`: validates rule files the way
/// `promtool check rules` does — YAML and rule errors with
/// `file:line:column`, a summary per file, exit status 1 on any error.
/// `--language logql` checks Loki ruler files (LogQL expressions, which
/// must be metric queries).
struct CheckRulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Check Prometheus or Loki rule files.",
        discussion: """
            Prints `SUCCESS: N rules found` for each valid file, and each problem as \
            `file:line:column: message` for the others. Exits 1 when any file has an error. With \
            --language logql the expressions are LogQL (Loki ruler files): each must parse and be a \
            metric query, as Loki evaluates every rule as an instant query.
            """
    )

    enum Language: String, ExpressibleByArgument, CaseIterable {
        case promql, logql
        var ruleLanguage: RuleLanguage { self == .promql ? .promql : .logql }
    }

    @Option(help: "Query language of the files: promql (Prometheus rule files) or logql (Loki ruler files).")
    var language: Language = .promql

    enum Lint: String, ExpressibleByArgument, CaseIterable {
        case none
        case duplicateRules = "duplicate-rules"
    }

    @Option(help: "Linting checks: none or duplicate-rules.")
    var lint: Lint = .duplicateRules

    @Flag(name: .customLong("lint-fatal"), help: "Make lint warnings exit with status 1.")
    var lintFatal = false

    @Flag(help: "Accept Prometheus's experimental PromQL syntax.")
    var experimental = false

    @Flag(name: .customLong("print"), help: "Print every rule with its expression in canonical, prettified form.")
    var printRules = false

    @Argument(help: "Rule files to check.")
    var files: [String]

    func run() throws {
        let checker = RuleFileChecker(
            loader: RuleFileLoader(validator: .standard(promql: experimental ? .all : .init())),
            lintDuplicates: lint == .duplicateRules, lintFatal: lintFatal, printRules: printRules)
        if !checker.check(files, language: language.ruleLanguage) { throw ExitCode.failure }
    }
}

/// Checks rule files and prints the outcome as `promtool check rules`
/// does; shared by `vigil check rules` and `vigil check config`.
struct RuleFileChecker {
    var loader: RuleFileLoader
    var lintDuplicates = true
    var lintFatal = false
    var printRules = false

    /// Prints a report per file; false when any file failed (or, with
    /// `lintFatal`, had lint warnings).
    func check(_ paths: [String], language: RuleLanguage) -> Bool {
        var failed = false
        for path in paths {
            print("Checking \(path)")
            do {
                let file = try loader.load(path: path, language: language)
                print("  SUCCESS: \(file.ruleCount) rules found")
                if lintDuplicates {
                    let duplicates = DuplicateRules.find(in: file)
                    if !duplicates.isEmpty {
                        print("  WARNING: \(duplicates.count) duplicate rule(s) found.")
                        for duplicate in duplicates { print("    \(duplicate)") }
                        if lintFatal { failed = true }
                    }
                }
                if printRules { RulePrinter.print(file) }
            } catch let errors as RuleFileErrors {
                failed = true
                print("  FAILED:")
                for error in errors.errors { printError(error.description) }
            } catch {
                failed = true
                print("  FAILED:")
                printError("\(path): \(error)")
            }
            print("")
        }
        return !failed
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Rules that record the same metric with the same labels, which
/// `promtool check rules --lint=duplicate-rules` warns about.
enum DuplicateRules {
    static func find(in file: RuleFile) -> [String] {
        var seen: [String: Int] = [:]
        var order: [String] = []
        for group in file.groups {
            for rule in group.rules {
                guard case .recording(let name) = rule.kind else { continue }
                let key = Labels(rule.labels.pairs + [Label(Labels.metricName, name)]).description
                if seen[key] == nil { order.append(key) }
                seen[key, default: 0] += 1
            }
        }
        return order.filter { seen[$0]! > 1 }.map { "\($0) is recorded \(seen[$0]!) times" }
    }
}

/// Prints rules with their expressions formatted as `promtool promql format`
/// would (PromQL), or in Loki's canonical form (LogQL).
enum RulePrinter {
    static func print(_ file: RuleFile) {
        for group in file.groups {
            Swift.print("  group \(group.name)")
            for rule in group.rules {
                let header = rule.isAlerting ? "alert \(rule.name)" : "record \(rule.name)"
                Swift.print("    \(header)")
                let formatted: String
                switch file.language {
                case .promql: formatted = (try? PromQLParser(options: .all).parse(rule.expr).pretty()) ?? rule.expr
                case .logql: formatted = (try? LogQLParser().parse(rule.expr).description) ?? rule.expr
                }
                for line in formatted.split(separator: "\n", omittingEmptySubsequences: false) {
                    Swift.print("      \(line)")
                }
            }
        }
    }
}
