import Foundation
import VigilTesting

/// A scratch directory for test and rule files, removed when dropped.
final class ScratchDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-ruletests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = path + "/" + name
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }
}

/// Runs one test file written next to its rule files.
func runRuleTest(_ test: String, rules: [String: String] = [:], options: RuleTestOptions = RuleTestOptions())
    throws -> RuleTestFileReport {
    let directory = try ScratchDirectory()
    for (name, text) in rules { try directory.write(name, text) }
    let path = try directory.write("test.yml", test)
    return RuleTestRunner(options: options).run(paths: [path])[0]
}

extension RuleTestFileReport {
    /// promtool's text of every failure.
    var messages: [String] { failures.map(\.message) }
}
