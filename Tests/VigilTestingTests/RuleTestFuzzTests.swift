import Foundation
import Testing
@testable import VigilTesting

/// A deterministic mutation fuzzer over the bundled and fixture test files:
/// byte flips, deletions, duplications and inserted YAML and notation
/// fragments. Parsing, series and stream expansion, and running small
/// files must report problems, never crash.
@Suite struct RuleTestFuzzTests {
    /// SplitMix64: the same inputs on every run.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let fragments = [
        ":", "- ", "\n", "  ", "{", "}", "[", "]", "'", "\"", ",", "&a", "*a", "!!int ", "~", "null", ".nan", "-.inf",
        "0x", "1e400", "99999999999999999999", "-5m", "1y", "_x", "+1x", "stale", "{{", "}}", "{{ .i", "times: 1000",
        "every: 0s", "at: -1s", "timestamp: 9223372036854775807", "eval_time: 300y", "\u{FFFD}", "é", "\t", "#",
        "exp_logs: []", "exp_samples: [{labels: '{}'}]", "input_streams: [{labels: '{a=\"b\"}', lines: [x]}]",
    ]

    static func seeds() -> [[UInt8]] {
        let corpus = CorpusRuleTestsTests.files("prometheus") + CorpusRuleTestsTests.files("loki")
        let fixtures = (try? FileManager.default.contentsOfDirectory(atPath: PromtoolDifferentialTests.fixtures)) ?? []
        let paths = corpus + fixtures.filter { $0.hasSuffix("_test.yml") }.sorted().map { PromtoolDifferentialTests.fixtures + "/" + $0 }
        return paths.compactMap { FileManager.default.contents(atPath: $0).map { Array($0) } }
    }

    static func mutate(_ input: [UInt8], generator: inout Generator) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int(generator.next() % 4 + 1) {
            guard !bytes.isEmpty else { break }
            let index = Int(generator.next() % UInt64(bytes.count))
            switch generator.next() % 4 {
            case 0: bytes[index] = UInt8(truncatingIfNeeded: generator.next())
            case 1: bytes.removeSubrange(index..<min(bytes.count, index + Int(generator.next() % 16) + 1))
            case 2: bytes.insert(contentsOf: bytes[index..<min(bytes.count, index + Int(generator.next() % 32) + 1)], at: index)
            default: bytes.insert(contentsOf: Array(fragments[Int(generator.next() % UInt64(fragments.count))].utf8), at: index)
            }
        }
        return bytes
    }

    @Test func mutatedFilesNeverCrashTheParser() {
        let seeds = Self.seeds()
        #expect(seeds.count > 10)
        var generator = Generator(state: 0x5EED_2026)
        var parsed = 0
        for iteration in 0..<3000 {
            let input = Self.mutate(seeds[iteration % seeds.count], generator: &generator)
            guard let file = try? RuleTestFileParser.parse(yaml: String(decoding: input, as: UTF8.self), path: "fuzz.yml") else {
                continue
            }
            parsed += 1
            for group in file.tests {
                for series in group.inputSeries { _ = series.parse(file: "fuzz.yml") }
                _ = try? StreamExpansion.expand(group.inputStreams, start: group.startTimestamp, interval: group.interval,
                                                file: "fuzz.yml")
            }
        }
        #expect(parsed > 100)
    }

    @Test func mutatedSmallFilesRun() throws {
        let directory = try ScratchDirectory()
        for name in ["rules.yml", "rules_error.yml", "rules_bad.yml"] {
            try directory.write(name, try String(contentsOfFile: PromtoolDifferentialTests.fixtures + "/" + name, encoding: .utf8))
        }
        let fixtures = (try FileManager.default.contentsOfDirectory(atPath: PromtoolDifferentialTests.fixtures))
            .filter { $0.hasSuffix("_test.yml") }.sorted()
        let seeds = try fixtures.map { Array(try Data(contentsOf: URL(fileURLWithPath: PromtoolDifferentialTests.fixtures + "/" + $0))) }
        var generator = Generator(state: 0xF0CA_CC1A)
        var ran = 0
        for iteration in 0..<200 {
            let input = Self.mutate(seeds[iteration % seeds.count], generator: &generator)
            let path = try directory.write("fuzz_test.yml", String(decoding: input, as: UTF8.self))
            // Bound the work: a mutated eval_time of years would evaluate for a long time, as under promtool.
            if let file = try? RuleTestFileParser.load(path: path),
               file.tests.contains(where: { $0.maxEvalTime > 3_600_000 || $0.interval < 1000 }) { continue }
            _ = RuleTestRunner().run(paths: [path])
            ran += 1
        }
        #expect(ran > 50)
    }
}
