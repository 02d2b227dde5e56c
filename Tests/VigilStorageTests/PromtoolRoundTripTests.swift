import Foundation
import Testing
import VigilCore
@testable import VigilStorage

let promtoolPath: String? = ["/usr/bin/promtool", "/usr/local/bin/promtool"].first {
    FileManager.default.isExecutableFile(atPath: $0)
}

/// Real `promtool` output loaded back: an OpenMetrics file is turned into a
/// TSDB by `promtool tsdb create-blocks-from openmetrics`, dumped with
/// `promtool tsdb dump` (and `dump-openmetrics` where this promtool has
/// it), and every dump must hold exactly the samples of the input.
@Suite(.enabled(if: promtoolPath != nil, "promtool is not installed (Debian package prometheus)"))
struct PromtoolRoundTripTests {
    static var promtool: String? { promtoolPath }

    static let values: [Double] = [
        0, -0.0, 1, -42, 0.1, 1.0 / 3, 123_456_789.123_456_79, 1e-300, .leastNonzeroMagnitude, 1.797_693_134_862_315_7e308,
        .infinity, -.infinity, .nan, 2.5e21, -7.25,
    ]

    static func openMetricsInput() -> String {
        var lines = ["# HELP vigil_roundtrip Samples for the promtool round trip.", "# TYPE vigil_roundtrip gauge"]
        for series in 0..<12 {
            let labels = #"vigil_roundtrip{instance="host-\#(series)",path="/a b\"c\\\#(series)",zone="é"}"#
            for step in 0..<40 {
                let value = values[(series + step) % values.count]
                let millis = Int64(1_700_000_000_000) + Int64(step) * 15_500 + Int64(series * 7 % 1000)
                let seconds = "\(millis / 1000).\(String(format: "%03d", Int(millis % 1000)))"
                lines.append("\(labels) \(GoFloat.format(value, .g)) \(seconds)")
            }
        }
        lines.append("# EOF")
        return lines.joined(separator: "\n") + "\n"
    }

    @discardableResult
    static func run(_ arguments: [String], output: URL? = nil) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(promtool))
        process.arguments = arguments
        if let output {
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: output)
        } else {
            process.standardOutput = FileHandle.nullDevice
        }
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    func assertSameSamples(_ expected: SeriesStore, _ actual: SeriesStore) throws {
        let want = expected.snapshot(), got = actual.snapshot()
        let all = [try LabelMatcher(.regexMatch, "__name__", ".+")]
        let wantIDs = want.select(all), gotIDs = got.select(all)
        #expect(wantIDs.map(want.labels(of:)) == gotIDs.map(got.labels(of:)))
        for (wantID, gotID) in zip(wantIDs, gotIDs) {
            #expect(want.samples(wantID, from: .min, through: .max) == got.samples(gotID, from: .min, through: .max),
                    "\(want.labels(of: wantID))")
        }
        #expect(want.sampleCount == got.sampleCount)
    }

    @Test func dumpOfARealTSDBLoadsBackIdentically() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-promtool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("input.om")
        try Self.openMetricsInput().write(to: input, atomically: true, encoding: .utf8)
        let database = directory.appendingPathComponent("tsdb")
        #expect(try Self.run(["tsdb", "create-blocks-from", "openmetrics", input.path, database.path]) == 0)
        // promtool 2.x opens the WAL of the database it dumps.
        try FileManager.default.createDirectory(at: database.appendingPathComponent("wal"), withIntermediateDirectories: true)

        let expected = SeriesStore()
        let inputReport = try MetricsTextReader.read(contentsOf: input.path, into: expected)
        #expect(inputReport.errors == [])
        #expect(inputReport.stored == 12 * 40)

        let dump = directory.appendingPathComponent("dump.txt")
        #expect(try Self.run(["tsdb", "dump", database.path], output: dump) == 0)
        let dumped = SeriesStore()
        let dumpReport = try MetricsTextReader.read(contentsOf: dump.path, into: dumped)
        #expect(dumpReport.errors == [])
        try assertSameSamples(expected, dumped)

        // Prometheus 3.x also writes OpenMetrics (seconds, 3 decimals).
        let openMetricsDump = directory.appendingPathComponent("dump.om")
        if try Self.run(["tsdb", "dump-openmetrics", database.path], output: openMetricsDump) == 0 {
            let fromOpenMetrics = SeriesStore()
            let report = try MetricsTextReader.read(contentsOf: openMetricsDump.path, into: fromOpenMetrics)
            #expect(report.errors == [])
            try assertSameSamples(expected, fromOpenMetrics)
        } else {
            print("note: this promtool has no `tsdb dump-openmetrics` (Prometheus 2.x before it was added); checked `tsdb dump` only")
        }
    }
}
