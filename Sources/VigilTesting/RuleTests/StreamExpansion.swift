import VigilCore
import VigilRules
import VigilStorage
import VigilTemplate

/// Turns a test group's `input_streams` into log store contents: every
/// item's lines at their times, each stream in time order (lines at the same
/// time keep the order written).
enum StreamExpansion {
    /// More lines than this in one test group are refused rather than
    /// exhausting memory (`times: 1000000000` is one short line).
    static let maximumLines = 10_000_000

    struct Expanded {
        var streams: [(labels: Labels, entries: LogEntries)] = []
        var lineCount = 0
        /// The earliest line, Unix nanoseconds.
        var earliest: Int64?
    }

    /// - Parameters:
    ///   - start: the group's start, Unix milliseconds.
    ///   - interval: the group's interval, milliseconds.
    static func expand(_ streams: [InputStream], start: Int64, interval: Int64, file: String) throws(GroupSetupError)
        -> Expanded {
        var result = Expanded()
        for stream in streams {
            guard case .valid(let labels) = stream.labels else {
                if case .invalid(let message) = stream.labels { throw GroupSetupError(message) }
                continue
            }
            var timed: [(time: Int64, line: String)] = []
            for item in stream.items {
                switch item {
                case .slot(let slot, let line):
                    timed.append((TestTime.after(Int64(slot) &* interval).nanoseconds(start: start), line))
                case .entry(let time, let line):
                    timed.append((time.nanoseconds(start: start), line))
                case .repeated(let text, let from, let every, let times, let position):
                    guard times <= maximumLines - result.lineCount - timed.count else {
                        throw GroupSetupError("\(file):\(position): more than \(maximumLines) input lines in one test group")
                    }
                    timed += try repeatLines(text, labels: labels, start: start, from: from, every: every ?? interval,
                                             times: times, at: "\(file):\(position)")
                }
            }
            result.lineCount += timed.count
            guard result.lineCount <= maximumLines else {
                throw GroupSetupError("\(file):\(stream.position): more than \(maximumLines) input lines in one test group")
            }
            // A stable sort keeps same-time lines in the order written.
            let ordered = timed.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
            var entries = LogEntries()
            for (_, entry) in ordered { entries.append(timestamp: entry.time, line: entry.line) }
            if let first = ordered.first?.element.time { result.earliest = min(result.earliest ?? first, first) }
            result.streams.append((labels, entries))
        }
        return result
    }

    /// `times` lines from the template, `every` apart from `start + from`;
    /// the template sees the stream's labels, `.i` (0-based) and the line's
    /// time as `__timestamp__`.
    private static func repeatLines(_ text: String, labels: Labels, start: Int64, from: Int64, every: Int64, times: Int,
                                    at place: String) throws(GroupSetupError) -> [(time: Int64, line: String)] {
        let template: LokiTemplate
        do {
            template = try LokiTemplate(lineFormat: text)
        } catch {
            throw GroupSetupError("\(place): \(error.message)")
        }
        var lines: [(time: Int64, line: String)] = []
        lines.reserveCapacity(times)
        var fields = labels.filter { $0.name != "i" }.map { ($0.name, $0.value) }
        let slot = fields.firstIndex { GoString.less("i", $0.0) } ?? fields.count
        fields.insert(("i", ""), at: slot)
        for index in 0..<times {
            let (offset, overflow) = Int64(index).multipliedReportingOverflow(by: every)
            if overflow { throw GroupSetupError("\(place): line times overflow") }
            let nanos = TestTime.after(from &+ offset).nanoseconds(start: start)
            fields[slot].1 = String(index)
            var output: [UInt8] = []
            do {
                try template.execute(labels: fields, line: "", timestampNanos: nanos, into: &output)
            } catch {
                throw GroupSetupError("\(place): line \(index): \(error.message)")
            }
            lines.append((nanos, String(decoding: output, as: UTF8.self)))
        }
        return lines
    }

    /// Pushes the streams into a new store.
    static func store(_ expanded: Expanded) throws(GroupSetupError) -> LogStore {
        let store = LogStore()
        for stream in expanded.streams {
            do {
                try store.push(stream.labels, stream.entries)
            } catch {
                throw GroupSetupError("stream \(stream.labels): \(error)")
            }
        }
        return store
    }
}

/// A problem with a test group's input that stops the group before any
/// evaluation; the message names the place in the test file.
struct GroupSetupError: Error, Sendable {
    let message: String
    init(_ message: String) { self.message = message }
}
