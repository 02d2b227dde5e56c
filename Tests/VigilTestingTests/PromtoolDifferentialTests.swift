import Foundation
import Testing
@testable import VigilTesting

/// The same verdicts as Debian's `promtool test rules` (Prometheus 2.42,
/// installed by scripts/ensure-system-packages.sh): every PromQL test file
/// in Corpus/tests passes under both, and every deliberately failing file in
/// PromtoolDifferential/ fails under both, in the same named test groups.
///
/// A Corpus file whose first line is `# promtool-differential: exclude — REASON`
/// is left out (Prometheus 3 behaviour that 2.42 lacks). Differences between
/// 2.42 and 3.x the files avoid: closed vs left-open range windows and
/// lookback (see the Corpus files' headers), and a test group's default
/// `interval` (3.x: the evaluation interval; 2.42: none, so every file sets it).
@Suite struct PromtoolDifferentialTests {
    static let promtool = "/usr/bin/promtool"
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("PromtoolDifferential").path

    struct Verdict: Equatable, CustomStringConvertible {
        var passed: Bool
        /// Test groups promtool names in its failures (`    name: NAME,`).
        var failingGroups: Set<String>
        var description: String { passed ? "pass" : "fail \(failingGroups.sorted())" }
    }

    static func promtoolVerdict(_ path: String) throws -> Verdict {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: promtool)
        process.arguments = ["test", "rules", (path as NSString).lastPathComponent]
        process.currentDirectoryURL = URL(fileURLWithPath: (path as NSString).deletingLastPathComponent)
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Verdict(passed: process.terminationStatus == 0, failingGroups: namedGroups(text))
    }

    static func vigilVerdict(_ path: String) -> Verdict {
        let report = RuleTestRunner().run(paths: [path])[0]
        return Verdict(passed: report.passed, failingGroups: namedGroups(report.messages.joined(separator: "\n")))
    }

    static func namedGroups(_ text: String) -> Set<String> {
        var names = Set<String>()
        for line in text.split(separator: "\n") where line.hasPrefix("    name: ") && line.hasSuffix(",") {
            names.insert(String(line.dropFirst("    name: ".count).dropLast()))
        }
        return names
    }

    static var available: Bool {
        if FileManager.default.isExecutableFile(atPath: promtool) { return true }
        print("promtool not found at \(promtool) (Debian's `prometheus` package; scripts/ensure-system-packages.sh installs it): skipping the differential.")
        return false
    }

    static func exclusion(_ path: String) -> String? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              let first = text.split(separator: "\n").first, first.hasPrefix("# promtool-differential: exclude") else { return nil }
        return String(first)
    }

    @Test func corpusFilesPassUnderBoth() throws {
        guard Self.available else { return }
        var compared = 0
        for path in CorpusRuleTestsTests.files("prometheus") {
            if let reason = Self.exclusion(path) {
                #expect(reason.count > "# promtool-differential: exclude — ".count, "\(path) must say why it is excluded")
                continue
            }
            let promtool = try Self.promtoolVerdict(path), vigil = Self.vigilVerdict(path)
            #expect(promtool == vigil, "\(path): promtool \(promtool), vigil \(vigil)")
            #expect(vigil.passed, "\(path)")
            compared += 1
        }
        #expect(compared == 2)
    }

    @Test func failingFilesFailUnderBoth() throws {
        guard Self.available else { return }
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures).filter { $0.hasSuffix("_test.yml") }.sorted()
        #expect(names.count == 14)
        for name in names {
            let path = Self.fixtures + "/" + name
            let promtool = try Self.promtoolVerdict(path), vigil = Self.vigilVerdict(path)
            #expect(promtool == vigil, "\(name): promtool \(promtool), vigil \(vigil)")
            #expect(!vigil.passed, "\(name) is meant to fail")
        }
        // The per-group verdicts where promtool names groups.
        #expect(Self.vigilVerdict(Self.fixtures + "/several_groups_test.yml").failingGroups == ["second-bad", "third-bad"])
    }
}
