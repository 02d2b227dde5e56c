import Testing
import VigilCore
@testable import VigilStorage

/// Damaged inputs must produce errors, never a trap: every reader gets
/// valid samples with random bytes flipped, inserted, or cut off.
@Suite struct RobustnessTests {
    static let seeds: [String] = [
        #"metric{a="b", "c.d"='e'} 1+2x3 _x2 stale -Inf {{schema:1 sum:3 buckets:[1 2]}}x2 0.5e3"#,
        "# TYPE up gauge\nup{job=\"a\"} 1 1700000000.5 # {t=\"x\"} 1\n{__name__=\"up\", job=\"b\"} NaN 17\n# EOF\n",
        #"{"status":"success","data":{"resultType":"streams","result":[{"stream":{"a":"b"},"values":[["10","x\"\u00e9\ud83d\ude00"],["9","y"]]}]}}"#,
        #"{"labels":{"a":"b"},"line":"x\ty","timestamp":"2024-05-01T10:00:00.5+02:00"}"# + "\n" + #"{"ts":1.5e9,"level":"x","n":[1,{"z":null}]}"#,
    ]

    static let alphabet = Array(#"{}[]"'`\,:=~!+-_x.eE0123456789 \#n\#tabcINFnaFstle#{{}}\u"#.utf8) + [0x00, 0xFF, 0xC3]

    func mutate(_ input: [UInt8], _ generator: inout some RandomNumberGenerator) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            guard !bytes.isEmpty else { break }
            let at = Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<4, using: &generator) {
            case 0: bytes[at] = Self.alphabet.randomElement(using: &generator)!
            case 1: bytes.insert(Self.alphabet.randomElement(using: &generator)!, at: at)
            case 2: bytes.remove(at: at)
            default: bytes.removeSubrange(at...)
            }
        }
        return bytes
    }

    @Test func damagedInputsNeverTrap() {
        var generator = SystemRandomNumberGenerator()
        let series = SeriesStore(), logs = LogStore(blockBytes: 64)
        for round in 0..<3_000 {
            let seed = Array(Self.seeds[round % Self.seeds.count].utf8)
            let bytes = mutate(seed, &generator)
            bytes.withUnsafeBytes { _ = try? SeriesDescription.parse(bytes: $0) }
            _ = SeriesNotationReader.read(bytes, name: "f", into: series, interval: 1_000)
            _ = MetricsTextReader.read(bytes, name: "f", into: series)
            _ = LokiJSONReader.read(bytes, name: "f", into: logs)
            _ = LogcliJSONLReader.read(bytes, name: "f", defaultLabels: ["job": "x"], into: logs)
            _ = JSONLinesLogReader.read(bytes, name: "f", options: .init(labelFields: ["level"], staticLabels: ["job": "x"]), into: logs)
        }
        // The stores stay consistent after all of it.
        let snapshot = logs.snapshot()
        var total = 0
        for id in snapshot.select([try! LabelMatcher(.regexMatch, "job", ".*"), try! LabelMatcher(.regexMatch, "a", ".*")]) {
            total += snapshot.entryCount(of: id)
        }
        #expect(total == snapshot.entryCount)
    }

    @Test func deepNestingIsAnError() {
        let deep = Array(repeating: UInt8(ascii: "["), count: 100_000)
        let report = LokiJSONReader.read(Array(#"{"stats":"#.utf8) + deep, name: "deep.json", into: LogStore())
        #expect(report.errors.map(\.reason) == ["invalid JSON: nesting deeper than 512 levels"])
    }

    @Test func missingFileIsAnError() {
        #expect(throws: RecordInput.Failure.self) { try RecordInput.contents(of: "/nonexistent/vigil/recording") }
        do {
            _ = try RecordInput.contents(of: "/nonexistent/vigil/recording")
        } catch {
            #expect(error.description == "/nonexistent/vigil/recording: cannot open: No such file or directory")
        }
    }
}
