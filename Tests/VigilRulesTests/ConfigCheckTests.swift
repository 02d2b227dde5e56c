import Foundation
import Testing
import VigilRules

/// `vigil check config`'s rule file check, as `promtool check config` does it.
@Suite struct ConfigCheckTests {
    @Test func namedRuleFilesMustExistPatternsMayMatchNothing() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "groups: []\n".write(to: directory.appendingPathComponent("here.yml"), atomically: true, encoding: .utf8)
        let config = try VigilConfig.parse(yaml: """
            rule_files: [here.yml, missing.yml, "none/*.yml", "gone?.yml"]
            loki_rule_files: [logs.yml]
            """, file: directory.appendingPathComponent("vigil.yml").path)
        // promtool tells a single file from a pattern by `*` alone.
        #expect(config.missingRuleFiles() == [
            #""missing.yml" does not point to an existing file"#,
            #""gone?.yml" does not point to an existing file"#,
            #""logs.yml" does not point to an existing file"#,
        ])
        #expect(config.promqlRuleFilePaths == [directory.appendingPathComponent("here.yml").path])
    }
}
