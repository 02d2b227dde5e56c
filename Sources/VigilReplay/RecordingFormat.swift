import Foundation
import VigilStorage

/// The recording formats replay reads, told apart by their content (never by
/// the file name), after zstd decompression.
public enum RecordingFormat: String, Sendable, Hashable {
    /// OpenMetrics (`promtool tsdb dump-openmetrics`), the Prometheus text
    /// format or `promtool tsdb dump` output.
    case metricsText = "metrics text"
    /// Series notation under `load <interval>` headers, as in Prometheus's
    /// test language (`load 1m` then `metric{a="b"} 0+1x60`): every series
    /// of a block starts at time 0 with points one interval apart.
    case seriesNotation = "series notation"
    /// `logcli query --output=jsonl` lines.
    case logcliJSONL = "logcli jsonl"
    /// A Loki `query_range` response, push body or conformance case file.
    case lokiJSON = "Loki JSON"
    /// Application JSON lines; stream labels come from named fields.
    case jsonLines = "JSON lines"

    /// A metrics recording is series notation when its first command is a
    /// `load` line, and metrics text otherwise.
    static func ofMetrics(_ bytes: [UInt8]) -> RecordingFormat {
        guard let line = firstSignificantLine(bytes) else { return .metricsText }
        let word = line.prefix { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }
        return word.elementsEqual("load".utf8) || word.elementsEqual("load_with_nhcb".utf8) ? .seriesNotation : .metricsText
    }

    /// A log recording is Loki JSON when its first object starts with one
    /// of the keys of a Loki response or push body (such a document may be
    /// one very long line, so only its first key is read); logcli jsonl when
    /// the first line is an object with `line` and `timestamp` and no keys
    /// beyond logcli's three; plain JSON lines otherwise.
    static func ofLogs(_ bytes: [UInt8]) -> RecordingFormat {
        guard let firstKey = firstKey(bytes) else { return .jsonLines }
        if ["status", "data", "streams"].contains(firstKey) { return .lokiJSON }
        guard let line = firstSignificantLine(bytes),
              let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else { return .jsonLines }
        let keys = Set(object.keys)
        let logcliKeys: Set<String> = ["labels", "line", "timestamp"]
        return keys.contains("line") && keys.contains("timestamp") && keys.isSubset(of: logcliKeys) ? .logcliJSONL : .jsonLines
    }

    /// The first line that is neither blank nor a `#` comment, trimmed.
    static func firstSignificantLine(_ bytes: [UInt8]) -> ArraySlice<UInt8>? {
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            var line = bytes[start..<end]
            while let first = line.first, isSpace(first) { line = line.dropFirst() }
            while let last = line.last, isSpace(last) { line = line.dropLast() }
            if let first = line.first, first != UInt8(ascii: "#") { return line }
            start = end + 1
        }
        return nil
    }

    /// The first key of a JSON object starting the input, if it is a plain
    /// string without escapes.
    static func firstKey(_ bytes: [UInt8]) -> String? {
        var index = 0
        func skipSpace() { while index < bytes.count, isSpace(bytes[index]) { index += 1 } }
        skipSpace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { return nil }
        index += 1
        skipSpace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        index += 1
        let start = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\"),
              bytes[index] != 0x0A {
            index += 1
        }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }
}
