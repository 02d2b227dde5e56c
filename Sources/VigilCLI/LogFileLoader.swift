import ArgumentParser
import Foundation
import VigilCore
import VigilStorage

/// Loads `vigil query --logs` files into a log store: Loki JSON (a
/// `query_range` response, a push body, a conformance `cases.json`),
/// `logcli --output=jsonl` lines, or an application's JSON lines, each
/// possibly zstd-compressed.
enum LogFileLoader {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case auto, loki, logcli, jsonl
    }

    /// Loads every file; problems with single lines go to standard error
    /// as `file:line: reason` and the rest lands. Returns the entries stored.
    static func load(_ paths: [String], format: Format, jsonLines: JSONLinesLogReader.Options,
                     into store: LogStore) throws -> Int {
        var stored = 0
        for path in paths {
            let bytes: [UInt8]
            do {
                bytes = try RecordInput.contents(of: path)
            } catch {
                throw ValidationError(error.description)
            }
            let chosen = format == .auto ? detect(bytes) : format
            let report: ReadReport
            switch chosen {
            case .loki, .auto: report = LokiJSONReader.read(bytes, name: path, into: store)
            case .logcli: report = LogcliJSONLReader.read(bytes, name: path, into: store)
            case .jsonl: report = JSONLinesLogReader.read(bytes, name: path, options: jsonLines, into: store)
            }
            for error in report.errors { FileHandle.standardError.write(Data("\(error)\n".utf8)) }
            stored += report.stored
        }
        return stored
    }

    /// The format of decompressed bytes. A file whose first line is not a
    /// whole JSON object, or is a long one, or holds `status`, `data` or
    /// `streams`, is one JSON document: Loki's. Other JSON lines are
    /// logcli's when the first holds `line` and `timestamp` and nothing but
    /// them and `labels` (what logcli writes), else an application's.
    static func detect(_ bytes: [UInt8]) -> Format {
        var start = 0
        while start < bytes.count, isSpace(bytes[start]) { start += 1 }
        var end = start
        while end < bytes.count, bytes[end] != 0x0A { end += 1 }
        var last = end
        while last > start, isSpace(bytes[last - 1]) { last -= 1 }
        guard start < last, bytes[start] == 0x7B, bytes[last - 1] == 0x7D, last - start <= 1 << 20 else { return .loki }
        switch firstKey(bytes, from: start + 1, to: last) {
        case "status", "data", "streams": return .loki
        default: break
        }
        // One log line: small enough for Foundation.
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes[start..<last])) as? [String: Any] else {
            return .jsonl
        }
        let keys = Set(object.keys)
        if !keys.isDisjoint(with: ["status", "data", "streams"]) { return .loki }
        return keys.isSuperset(of: ["line", "timestamp"]) && keys.isSubset(of: ["labels", "line", "timestamp"])
            ? .logcli : .jsonl
    }

    /// The first key of the object whose `{` precedes `from`, if it is a
    /// plain string.
    private static func firstKey(_ bytes: [UInt8], from: Int, to end: Int) -> String? {
        var index = from
        while index < end, isSpace(bytes[index]) { index += 1 }
        guard index < end, bytes[index] == 0x22 else { return nil }
        index += 1
        let keyStart = index
        while index < end, bytes[index] != 0x22 {
            if bytes[index] == 0x5C { return nil }
            index += 1
        }
        guard index < end else { return nil }
        return String(decoding: bytes[keyStart..<index], as: UTF8.self)
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
}
