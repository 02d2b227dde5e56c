import Foundation
import Testing
import VigilCore
@testable import VigilReplay
import VigilStorage

/// Loading recordings: formats told apart by content, zstd, and bad records
/// reported as `file:line: reason` while the rest loads.
@Suite struct RecordingTests {
    @Test func metricsFormatsAreToldApartByContent() {
        #expect(RecordingFormat.ofMetrics(Array("# comment\n\nload 1m\n  up 1x3\n".utf8)) == .seriesNotation)
        #expect(RecordingFormat.ofMetrics(Array("load_with_nhcb 15s\n  up 1\n".utf8)) == .seriesNotation)
        #expect(RecordingFormat.ofMetrics(Array("# TYPE up gauge\nup 1 1.5\n# EOF\n".utf8)) == .metricsText)
        #expect(RecordingFormat.ofMetrics(Array("loader_up 1 1000\n".utf8)) == .metricsText)
        #expect(RecordingFormat.ofMetrics([]) == .metricsText)
    }

    @Test func logFormatsAreToldApartByContent() {
        let logcli = #"{"labels":{"app":"a"},"line":"x","timestamp":"2025-12-28T02:00:00Z"}"#
        #expect(RecordingFormat.ofLogs(Array((logcli + "\n").utf8)) == .logcliJSONL)
        #expect(RecordingFormat.ofLogs(Array(#"{"line":"x","timestamp":"2025-12-28T02:00:00Z"}"#.utf8)) == .logcliJSONL)
        #expect(RecordingFormat.ofLogs(Array(#"{"status":"success","data":{"resultType":"streams","result":[]}}"#.utf8)) == .lokiJSON)
        #expect(RecordingFormat.ofLogs(Array("{\n  \"streams\": []\n}\n".utf8)) == .lokiJSON)
        // An application line that happens to have `line` and `timestamp` among other fields.
        #expect(RecordingFormat.ofLogs(Array(#"{"timestamp":"2025-12-28T02:00:00Z","line":42,"level":"info"}"#.utf8)) == .jsonLines)
        #expect(RecordingFormat.ofLogs(Array(#"{"ts":1766887200,"level":"info","msg":"hi"}"#.utf8)) == .jsonLines)
    }

    @Test func badRecordsAreReportedAndTheRestLoads() throws {
        let files = try TemporaryFiles()
        let metrics = try files.write("metrics.om", """
            # TYPE up gauge
            up{job="a"} 1 60.000
            up{job="a"} one 120.000
            up{job="a"} 1 180.000
            up{job="b" 1 60.000
            # EOF

            """)
        let series = try files.write("series.txt", """
            load 1m
              errors_total{job="a"} 0+1x3
              errors_total{job="b"} 0+x3
              errors_total{job="c"} 1 2

            eval instant at 1m errors_total
            """)
        let logs = try files.write("logs.jsonl", """
            {"labels":{"app":"a"},"line":"first","timestamp":"1970-01-01T00:01:00Z"}
            {"labels":{"app":"a"},"line":"second","timestamp":"not a time"}
            {"labels":{"app":"a"},"line":"third","timestamp":"1970-01-01T00:03:00Z"}

            """)
        let recording = Recording.load(metrics: [metrics, series], logs: [logs])
        #expect(recording.files.map(\.format) == [.metricsText, .seriesNotation, .logcliJSONL])
        let descriptions = recording.errors.map(\.description)
        #expect(descriptions.count == 5)
        #expect(descriptions[0].hasPrefix("\(metrics):3:"))
        #expect(descriptions[1].hasPrefix("\(metrics):5:"))
        #expect(descriptions[2].hasPrefix("\(series):3:"))
        #expect(descriptions[3] == "\(series):6: expected a `load <interval>` line, got \"eval instant at 1m errors_total\"")
        #expect(descriptions[4].hasPrefix("\(logs):2:"))
        #expect(recording.files.map(\.report.stored) == [2, 4 + 2, 2])
        #expect(points(recording.series, "up") == ["1:1", "3:1"])
        #expect(points(recording.series, "errors_total") == ["0:0", "1:1", "2:2", "3:3", "0:1", "1:2"])
        #expect(recording.logs.entryCount == 2)
        #expect(recording.timeRange == 0...(3 * minute))
        #expect(recording.failures.isEmpty)
    }

    @Test func zstdRecordingsAreDecompressed() throws {
        let files = try TemporaryFiles()
        let text = "up{job=\"a\"} 1 60000\nup{job=\"a\"} 0 120000\n"
        let path = try files.write("dump.txt.zst", bytes: try Zstd.compress(Array(text.utf8)))
        let recording = Recording.load(metrics: [path], logs: [])
        #expect(recording.errors.isEmpty)
        #expect(points(recording.series, "up") == ["1:1", "2:0"])
    }

    @Test func unreadableFilesAreFailuresNotCrashes() throws {
        let files = try TemporaryFiles()
        let recording = Recording.load(metrics: [files.path("missing.om")], logs: [files.path("missing.jsonl")])
        #expect(recording.failures.count == 2)
        #expect(recording.failures[0].hasPrefix(files.path("missing.om") + ": cannot open"))
        #expect(recording.files.allSatisfy { $0.format == nil })
        #expect(recording.timeRange == nil)
    }

    /// Arbitrary bytes, as metrics and as logs, are reported and never crash.
    @Test func garbageIsReportedNotFatal() throws {
        let files = try TemporaryFiles()
        var generator = SystemRandomNumberGenerator()
        var paths: [String] = []
        for index in 0..<20 {
            var bytes = (0..<Int.random(in: 0...2_000, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            // Some inputs start like the formats they are sniffed as.
            if index % 4 == 1 { bytes = Array("load 1m\n".utf8) + bytes }
            if index % 4 == 2 { bytes = Array("{\"line\":\"x\",\"timestamp\":\"".utf8) + bytes }
            if index % 4 == 3 { bytes = Array("{\"streams\":[".utf8) + bytes }
            paths.append(try files.write("garbage\(index)", bytes: bytes))
        }
        let recording = Recording.load(metrics: paths, logs: paths)
        #expect(recording.failures.isEmpty)
        #expect(recording.files.count == 40)
    }

    @Test func plainJSONLinesTakeTheirLabelsFromNamedFields() throws {
        let files = try TemporaryFiles()
        let path = try files.write("app.log", """
            {"ts":60,"service":"api","level":"error","msg":"boom"}
            {"ts":120,"service":"db","level":"info","msg":"ok"}

            """)
        let options = Recording.Options(jsonLines: JSONLinesLogReader.Options(
            labelFields: ["service"], staticLabels: ["env": "prod"], unixUnit: .seconds))
        let recording = Recording.load(metrics: [], logs: [path], options: options)
        #expect(recording.files.map(\.format) == [.jsonLines])
        #expect(recording.errors.isEmpty)
        let snapshot = recording.logs.snapshot()
        #expect(snapshot.labelValues("service") == ["api", "db"])
        #expect(snapshot.labelValues("env") == ["prod"])
        #expect(recording.timeRange == minute...(2 * minute))
    }
}
