import Foundation
import Testing
import VigilCore
import VigilRules
@testable import VigilTesting

/// The bundled rule tests (Corpus/tests) against the bundled rules (Corpus/rules).
@Suite struct CorpusRuleTestsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func files(_ folder: String) -> [String] {
        let directory = root.appendingPathComponent("Corpus/tests/\(folder)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".yml") }.sorted().map { directory.appendingPathComponent($0).path }
    }

    @Test(arguments: [("prometheus", 3), ("loki", 2)])
    func ruleTestsPass(folder: String, count: Int) throws {
        let files = Self.files(folder)
        #expect(files.count == count)
        for report in RuleTestRunner().run(paths: files) {
            #expect(report.passed, "\(report.path): \(report.failures.map(\.fullText).joined(separator: "\n"))")
            #expect(report.groups.count > 0)
        }
    }

    @Test func lokiRuleTestsParseAndNameTheirRuleFiles() throws {
        let files = Self.files("loki")
        #expect(files.count == 2)
        for path in files {
            let file = try RuleTestFileParser.load(path: path)
            #expect(file.unmatchedPatterns.isEmpty)
            #expect(file.ruleFiles.map(\.language) == [.logql])
            for group in file.tests {
                for stream in group.inputStreams {
                    #expect(stream.labels.value != nil, "\(path): \(stream.labelsText)")
                    _ = try StreamExpansion.expand([stream], start: 0, interval: group.interval, file: path)
                }
            }
        }
    }

    /// Every seed rule, PromQL and LogQL, is exercised by some test.
    @Test func everySeedRuleIsTested() throws {
        let options = RuleTestOptions()
        var coverage = RuleCoverage()
        for path in Self.files("prometheus") + Self.files("loki") {
            coverage.record(try RuleTestFileParser.load(path: path), options: options)
        }
        let untested = coverage.rules.filter { !coverage.covered.contains($0) }.map(\.name)
        #expect(untested == [])
        // 33 alerting and 5 recording rules in Corpus/rules.
        #expect(coverage.rules.count == 38)
    }
}
