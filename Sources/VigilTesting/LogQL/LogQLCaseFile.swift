import Foundation
import VigilStorage
import VigilSyntax

/// A LogQL conformance file (`cases.json`, format in the conformance
/// README): log streams to load, and queries with the response Loki's own
/// engine gives for them.
public struct LogQLCaseFile: Sendable {
    public struct Query: Sendable {
        /// Position in the file (0-based).
        public var index: Int
        public var area: String
        public var query: String
        public var isInstant: Bool
        /// Unix nanoseconds: `time` for an instant query, `start`/`end` for a range.
        public var start: Int64
        public var end: Int64
        public var stepNanos: Int64
        public var limit: Int
        public var direction: LogDirection
        public var expected: LogQLExpectedResult
    }

    public var path: String
    public var name: String
    public var queries: [Query]
    public let store: LogStore
    /// Problems loading the streams (none for a well-formed file).
    public var loadErrors: [String]

    public struct FormatError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// Reads the file, loads its streams into a fresh store and decodes its queries.
    public static func load(path: String) throws -> LogQLCaseFile {
        let store = LogStore()
        let report: ReadReport
        do {
            report = try LokiJSONReader.read(contentsOf: path, into: store)
        } catch {
            throw FormatError(description: "\(path): \(error)")
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let entries = root["queries"] as? [[String: Any]] else {
            throw FormatError(description: "\(path): no \"queries\" array")
        }
        var queries: [Query] = []
        for (index, entry) in entries.enumerated() {
            queries.append(try decodeQuery(entry, index: index, path: path))
        }
        return LogQLCaseFile(path: path, name: root["name"] as? String ?? path, queries: queries, store: store,
                             loadErrors: report.errors.map(\.description))
    }

    static func decodeQuery(_ entry: [String: Any], index: Int, path: String) throws -> Query {
        func fail(_ reason: String) -> FormatError { FormatError(description: "\(path): queries[\(index)]: \(reason)") }
        guard let query = entry["query"] as? String else { throw fail("no query") }
        func nanos(_ key: String) throws -> Int64 {
            if let text = entry[key] as? String, let value = Int64(text) { return value }
            if let number = entry[key] as? NSNumber { return number.int64Value }
            throw fail("missing or invalid \(key)")
        }
        let isInstant = entry["type"] as? String == "instant"
        let start = try nanos(isInstant ? "time" : "start")
        let end = isInstant ? start : try nanos("end")
        var step: Int64 = 0
        if !isInstant, let text = entry["step"] as? String {
            guard let parsed = LogQLStep.parse(text) else { throw fail("invalid step \(text)") }
            step = parsed
        }
        guard let expected = entry["expected"] as? [String: Any] else { throw fail("no expected result") }
        return Query(index: index, area: entry["area"] as? String ?? "", query: query, isInstant: isInstant,
                     start: start, end: end, stepNanos: step, limit: (entry["limit"] as? Int) ?? 100,
                     direction: entry["direction"] as? String == "forward" ? .forward : .backward,
                     expected: try LogQLExpectedResult.decode(expected, fail: fail))
    }
}

/// Loki's `step` parameter: a duration (`60s`) or a number of seconds.
enum LogQLStep {
    static func parse(_ text: String) -> Int64? {
        if let seconds = Double(text), seconds.isFinite { return Int64((seconds * 1e9).rounded()) }
        return LogQLDuration.parse(text)
    }
}
