import Foundation
import Testing
import VigilCore
@testable import VigilStorage

@Suite struct LogReadersTests {
    func lines(_ store: LogStore, _ labels: Labels) throws -> [String] {
        let snapshot = store.snapshot()
        let got = snapshot.entries(in: try #require(snapshot.streamID(for: labels)), from: .min, through: .max, direction: .forward)
        return (0..<got.count).map { "\(got.timestamps[$0]) \(got.line(at: $0))" }
    }

    @Test func lokiQueryRangeResponse() throws {
        let json = #"""
        {"status":"success","data":{"resultType":"streams","result":[
          {"stream":{"app":"api","env":"prod"},"values":[
            ["1700000003000000000","third"],
            ["1700000002000000000","second \"quoted\" \u00e9 \ud83d\ude00"],
            ["1700000002000000000","second \"quoted\" \u00e9 \ud83d\ude00"],
            ["1700000001000000000","first"]]},
          {"stream":{"app":"db"},"values":[
            ["abc","bad timestamp"],
            [1700000005000000000,"numeric timestamp", {"trace_id":"t1"}],
            ["1700000006000000000"],
            ["1700000007000000000",7]]}
        ]},"stats":{"summary":{}}}
        """#
        let store = LogStore()
        let report = LokiJSONReader.read(Array(json.utf8), name: "q.json", into: store)
        #expect(report.errors.map(\.description) == [
            #"q.json:8: data.result[1].values[0]: timestamp "abc" is not an integer of Unix nanoseconds"#,
            #"q.json:10: data.result[1].values[2]: an entry is ["<unix ns>", "<line>"]"#,
            #"q.json:11: data.result[1].values[3]: the line must be a string"#,
        ])
        #expect(report.stored == 4)
        #expect(report.duplicatesDropped == 1)
        // A backward (newest first) stream is stored oldest first.
        #expect(try lines(store, ["app": "api", "env": "prod"]) == [
            "1700000001000000000 first", "1700000002000000000 second \"quoted\" é 😀", "1700000003000000000 third",
        ])
        #expect(try lines(store, ["app": "db"]) == ["1700000005000000000 numeric timestamp"])
    }

    @Test func lokiErrorsAndOtherShapes() {
        let store = LogStore()
        var report = LokiJSONReader.read(Array(#"{"status":"error","errorType":"bad_data","error":"parse error at line 1"}"#.utf8), name: "e.json", into: store)
        #expect(report.errors.map(\.description) == [
            #"e.json:1: response status is "error", not "success""#, "e.json:1: Loki error: parse error at line 1",
        ])
        report = LokiJSONReader.read(Array(#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"a":"b"},"values":[[1,"1"]]}]}}"#.utf8), name: "m.json", into: store)
        #expect(report.errors.count == 3)
        #expect(report.errors[0].reason == #"resultType is "matrix", expected "streams" (a log query)"#)
        report = LokiJSONReader.read(Array("{\"streams\":[{\"stream\":{\"a\":\"1\"},\"values\":[[\"5\",\"x\"]]}]}\n".utf8), name: "push.json", into: store)
        #expect(report.errors == [] && report.stored == 1)
        report = LokiJSONReader.read(Array("{\"streams\":[\n{\"stream\":{\"a\":\"2\"},\"values\":[[\"5\",\"x\"]]},\n{\"stream\":{\"a\":\"3\"},\"values\":[[\"6\" \"y\"]]}]}".utf8), name: "broken.json", into: store)
        #expect(report.errors.map(\.description) == ["broken.json:3: invalid JSON: expected ',' or ']' in array but found '\"'"])
        #expect(report.stored == 1)
        report = LokiJSONReader.read(Array("{\"streams\":[\n{\"values\":[[\"5\",\"x\"]]}]}".utf8), name: "nolabels.json", into: store)
        #expect(report.errors.map(\.description) == ["nolabels.json:2: streams[0]: stream has entries but no labels"])
    }

    @Test func conformanceCasesFileMatchesAnIndependentParse() throws {
        let root = ProcessInfo.processInfo.environment["VIGIL_CONFORMANCE_DIR"] ?? "/work/wt/shared/conformance"
        let path = root + "/logql/cases.json"
        guard FileManager.default.fileExists(atPath: path) else {
            print("skipping: no LogQL conformance cases at \(path) (set VIGIL_CONFORMANCE_DIR)")
            return
        }
        let store = LogStore()
        let report = try LokiJSONReader.read(contentsOf: path, into: store)
        #expect(report.errors == [])
        // Foundation's parser and Loki's rules (drop repeated timestamp+line) as the oracle.
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        let streams = try #require(document?["streams"] as? [[String: Any]])
        var expectedTotal = 0
        let snapshot = store.snapshot()
        for stream in streams {
            let labels = Labels(try #require(stream["labels"] as? [String: String]))
            var seen = Set<String>()
            var expected: [(time: Int64, text: String)] = []
            for entry in try #require(stream["entries"] as? [[String]]) where seen.insert(entry[0] + "\u{0}" + entry[1]).inserted {
                expected.append((try #require(Int64(entry[0])), entry[0] + " " + entry[1]))
            }
            // Time order; equal timestamps keep file order.
            let ordered = expected.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
            expectedTotal += ordered.count
            #expect(try lines(store, labels) == ordered.map(\.element.text))
        }
        #expect(report.stored == expectedTotal)
        #expect(snapshot.streamCount == streams.count)
    }

    @Test func logcliJSONL() throws {
        let text = #"""
        {"labels":{"app":"api","env":"prod"},"line":"GET /a 200","timestamp":"2024-05-01T12:00:00.123456789+02:00"}
        {"labels":{"app":"api","env":"prod"},"line":"GET /b 500","timestamp":"2024-05-01T10:00:01Z"}
        {"line":"no labels","timestamp":"1970-01-01T00:00:00.5Z"}
        not json
        {"labels":{"app":"api"},"line":"x","timestamp":"yesterday"}
        {"labels":{"app":"api"},"timestamp":"2024-05-01T10:00:01Z"}
        {"labels":{"app":1},"line":"x","timestamp":"2024-05-01T10:00:01Z"}
        {"line":"x",
        """#
        let store = LogStore()
        let report = LogcliJSONLReader.read(Array(text.utf8), name: "out.jsonl", defaultLabels: ["job": "logcli"], into: store)
        #expect(report.errors.map(\.description) == [
            "out.jsonl:4: expected a JSON object",
            #"out.jsonl:5: timestamp "yesterday" is not RFC 3339"#,
            #"out.jsonl:6: missing string field "line""#,
            #"out.jsonl:7: label "app" must be a string"#,
            "out.jsonl:8: invalid JSON at column 13: expected a string key at end of input",
        ])
        #expect(report.stored == 3)
        // 2024-05-01T10:00:00Z is 1714557600 s.
        #expect(try lines(store, ["app": "api", "env": "prod", "job": "logcli"]) == [
            "1714557600123456789 GET /a 200", "1714557601000000000 GET /b 500",
        ])
        #expect(try lines(store, ["job": "logcli"]) == ["500000000 no labels"])
    }

    @Test func plainJSONLinesWithLabelFields() throws {
        let text = #"""
        {"ts":"2024-05-01T10:00:00Z","level":"info","service":"api","msg":"a"}
        {"timestamp":1714557601,"level":"error","service":"api","status":500}
        {"time":"1714557602500","level":"info","service":"api"}
        {"ts":1714557603.25,"level":"info","service":"api"}
        {"ts":"1714557604000000000","level":"info","service":"api"}
        {"level":"info","service":"api"}
        {"ts":"soon","level":"info"}
        {"ts":1714557605,"level":{"nested":true}}
        """#
        let store = LogStore()
        let options = JSONLinesLogReader.Options(labelFields: ["level", "service"], staticLabels: ["job": "app"])
        let report = JSONLinesLogReader.read(Array(text.utf8), name: "app.log", options: options, into: store)
        #expect(report.errors.map(\.description) == [
            #"app.log:6: no timestamp field (looked for "ts", "timestamp", "time")"#,
            #"app.log:7: field "ts": "soon" is neither RFC 3339 nor a Unix time"#,
            #"app.log:8: field "level" is not a string, number or boolean and cannot be a label"#,
        ])
        let info: Labels = ["job": "app", "level": "info", "service": "api"]
        #expect(try lines(store, info) == [
            #"1714557600000000000 {"ts":"2024-05-01T10:00:00Z","level":"info","service":"api","msg":"a"}"#,
            #"1714557602500000000 {"time":"1714557602500","level":"info","service":"api"}"#,
            #"1714557603250000000 {"ts":1714557603.25,"level":"info","service":"api"}"#,
            #"1714557604000000000 {"ts":"1714557604000000000","level":"info","service":"api"}"#,
        ])
        #expect(try lines(store, ["job": "app", "level": "error", "service": "api"]).count == 1)
    }

    @Test func zstdCompressedLogs() throws {
        let store = LogStore()
        let raw = Array("{\"labels\":{\"a\":\"b\"},\"line\":\"x\",\"timestamp\":\"2024-05-01T10:00:00Z\"}\n".utf8)
        let report = LogcliJSONLReader.read(try Zstd.compress(raw), name: "x.jsonl.zst", into: store)
        #expect(report.stored == 1 && report.errors.isEmpty)
    }

    @Test func timestampConversions() {
        #expect(LogTimestamp.rfc3339("1969-12-31T23:59:59Z") == -1_000_000_000)
        #expect(LogTimestamp.rfc3339("2000-02-29T00:00:00.1Z") == 951_782_400_100_000_000)
        #expect(LogTimestamp.rfc3339("2001-02-29T00:00:00Z") == nil)
        #expect(LogTimestamp.rfc3339("2024-05-01T10:00:60Z") == nil)
        #expect(LogTimestamp.rfc3339("2024-05-01T10:00:00") == nil)
        #expect(LogTimestamp.rfc3339("2024-05-01T10:00:00.1234567891Z") == 1_714_557_600_123_456_789)
        #expect(LogTimestamp.unix("1714557600", unit: .auto) == 1_714_557_600_000_000_000)
        #expect(LogTimestamp.unix("1714557600123", unit: .auto) == 1_714_557_600_123_000_000)
        #expect(LogTimestamp.unix("1714557600123456", unit: .auto) == 1_714_557_600_123_456_000)
        #expect(LogTimestamp.unix("1714557600123456789", unit: .auto) == 1_714_557_600_123_456_789)
        #expect(LogTimestamp.unix("1.7145576e9", unit: .auto) == 1_714_557_600_000_000_000)
        #expect(LogTimestamp.unix("1500", unit: .milliseconds) == 1_500_000_000)
        #expect(LogTimestamp.unix("-1.5", unit: .seconds) == -1_500_000_000)
        #expect(LogTimestamp.unix("99999999999999999999", unit: .seconds) == nil)
        #expect(LogTimestamp.unix("12abc", unit: .seconds) == nil)
    }
}
