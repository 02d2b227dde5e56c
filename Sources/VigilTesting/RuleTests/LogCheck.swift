import VigilCore
import VigilEngine
import VigilRules

/// A log query's result checked against `exp_logs`.
///
/// Expected entries are compared in result order: streams sorted by labels,
/// each stream's entries in time order (what Loki returns for a forward
/// query). `exp_logs` is sorted by labels the same way, keeping the written
/// order within a stream. An entry's time is compared only when given.
struct LogCheck {
    struct Expected {
        var labels: Labels
        var line: String
        /// Unix nanoseconds, when given.
        var time: Int64?
    }

    let expr: String
    let evalTime: Int64
    let start: Int64

    func failure(expected unsorted: [Expected], got streams: [LogStreamResult]) -> RuleTestFailure? {
        let expected = unsorted.enumerated().sorted {
            let order = Labels.compare($0.element.labels, $1.element.labels)
            return order != 0 ? order < 0 : $0.offset < $1.offset
        }.map(\.element)
        let got = streams.sorted { $0.labels < $1.labels }
            .flatMap { stream in stream.entries.map { (labels: stream.labels, entry: $0) } }
        let matches = expected.count == got.count && zip(expected, got).allSatisfy { exp, entry in
            exp.labels == entry.labels && GoString.bytesEqual(exp.line, entry.entry.line)
                && (exp.time.map { $0 == entry.entry.timestamp } ?? true)
        }
        if matches { return nil }
        let expectedLines = expected.map { entry in
            line(entry.labels, entry.time.map(relative) ?? "*", entry.line)
        }
        // Times the test did not give are shown as `*` on both sides, so the diff shows only real differences.
        let gotLines = got.enumerated().map { index, entry in
            let timeGiven = index < expected.count ? expected[index].time != nil : true
            return line(entry.labels, timeGiven ? relative(entry.entry.timestamp) : "*", entry.entry.line)
        }
        let message = "    expr: \(GoString.quote(expr)), time: \(PromDuration.format(evalTime)),\n"
            + "        exp: \(Self.list(expectedLines))\n"
            + "        got: \(Self.list(got.map { line($0.labels, relative($0.entry.timestamp), $0.entry.line) }))"
        var details: [String] = []
        let diff = UnifiedDiff.lines(expected: expectedLines, got: gotLines)
        if !diff.isEmpty {
            details.append("        diff (-exp +got), times after the start:")
            details += diff.map { "            " + $0 }
        }
        if expected.count != got.count {
            details.append("        hints:")
            details.append("            exp \(expected.count) lines, got \(got.count)")
        }
        return RuleTestFailure(message: message, details: details)
    }

    private func line(_ labels: Labels, _ time: String, _ text: String) -> String {
        LabelPairs.string(labels) + " @" + time + " " + GoString.quote(text)
    }

    /// A time as a duration after the start, with nanoseconds kept.
    private func relative(_ nanos: Int64) -> String {
        let offset = nanos &- start &* 1_000_000
        if offset % 1_000_000 == 0 { return PromDuration.format(offset / 1_000_000) }
        return "\(nanos)ns"
    }

    private static func list(_ lines: [String]) -> String {
        lines.isEmpty ? "nil" : "[\n" + lines.map { "            " + $0 }.joined(separator: "\n") + "\n        ]"
    }
}
