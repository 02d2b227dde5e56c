import VigilCore

/// Reads Loki's JSON shapes of log streams into a `LogStore`:
///
/// - a `query` / `query_range` response:
///   `{"status":"success","data":{"resultType":"streams","result":[
///   {"stream":{...},"values":[["<ns>","<line>"], ...]}]}}`;
/// - a push request body: `{"streams":[{"stream":{...},"values":[...]}]}`;
/// - Vigil's LogQL conformance cases (`cases.json`):
///   `{"streams":[{"labels":{...},"entries":[["<ns>","<line>"], ...]}], ...}`.
///
/// A stream whose entries run newest first (a backward query) is pushed
/// oldest first. Bad entries are reported as `file:line: reason` with
/// their JSON path; the others land.
public enum LokiJSONReader {
    public static func read(contentsOf path: String, into store: LogStore) throws(RecordInput.Failure) -> ReadReport {
        read(try RecordInput.contents(of: path), name: path, into: store)
    }

    public static func read(_ input: [UInt8], name: String, into store: LogStore) -> ReadReport {
        var report = ReadReport()
        let bytes: [UInt8]
        do {
            bytes = try RecordInput.decoded(input, name: name)
        } catch {
            report.errors.append(RecordError(file: name, line: 1, reason: error.reason))
            return report
        }
        bytes.withUnsafeBytes { buffer in
            var walker = StreamWalker(name: name, store: store)
            var reader = JSONReader(buffer)
            do throws(JSONError) {
                try reader.readObject { (reader, key) throws(JSONError) in
                    switch key.text {
                    case "status":
                        let status = try reader.readValue()
                        if status != .string(Array("success".utf8)) {
                            walker.fail("response status is \(status.stringValue.map { GoString.quote($0) } ?? "not a string"), not \"success\"", at: reader)
                        }
                    case "error":
                        if let text = try reader.readValue().stringValue { walker.fail("Loki error: \(text)", at: reader) }
                    case "data":
                        try reader.readObject { (reader, key) throws(JSONError) in
                            switch key.text {
                            case "resultType":
                                let type = try reader.readValue()
                                if type != .string(Array("streams".utf8)) {
                                    walker.fail("resultType is \(type.stringValue.map { GoString.quote($0) } ?? "not a string"), expected \"streams\" (a log query)", at: reader)
                                }
                            case "result":
                                try walker.readStreams(&reader, path: "data.result", labelsKey: "stream", entriesKey: "values")
                            default:
                                try reader.skipValue()
                            }
                        }
                    case "streams":
                        try walker.readStreams(&reader, path: "streams", labelsKey: nil, entriesKey: nil)
                    default:
                        try reader.skipValue()
                    }
                }
                try reader.expectEnd()
            } catch {
                walker.flush()
                walker.report.errors.append(RecordError(file: name, line: reader.line(at: error.offset),
                                                        reason: "invalid JSON: \(error.message)"))
            }
            report = walker.report
        }
        return report
    }
}

/// Walks an array of stream objects, pushing each stream's entries.
struct StreamWalker {
    let name: String
    let store: LogStore
    var report = ReadReport()
    private var labels: Labels? = nil
    private var entries = LogEntries()
    private var path = ""
    private var lines = LineCounter()

    init(name: String, store: LogStore) {
        self.name = name
        self.store = store
    }

    mutating func fail(_ reason: String, at reader: JSONReader) {
        report.errors.append(RecordError(file: name, line: lines.line(at: reader.offset, in: reader.bytes), reason: reason))
    }

    /// Reads `[{labels, entries}, ...]`. With nil keys, both Loki's
    /// (`stream`/`values`) and the conformance file's (`labels`/`entries`)
    /// names are accepted.
    mutating func readStreams(_ reader: inout JSONReader, path base: String, labelsKey: String?,
                              entriesKey: String?) throws(JSONError) {
        try reader.readArray { (reader, index) throws(JSONError) in
            self.path = "\(base)[\(index)]"
            self.labels = nil
            self.entries = LogEntries()
            _ = reader.peek()
            let startLine = self.lines.line(at: reader.offset, in: reader.bytes)
            try reader.readObject { (reader, key) throws(JSONError) in
                if key == (labelsKey ?? "stream") || (labelsKey == nil && key == "labels") {
                    try self.readLabels(&reader, key: key.text)
                } else if key == (entriesKey ?? "values") || (entriesKey == nil && key == "entries") {
                    try self.readEntries(&reader, key: key.text)
                } else if key == "metric" {
                    self.fail("\(self.path): has \"metric\", not stream labels: this is a metric result, not a log result", at: reader)
                    try reader.skipValue()
                } else {
                    try reader.skipValue()
                }
            }
            if self.labels == nil, !self.entries.isEmpty {
                self.report.errors.append(RecordError(file: self.name, line: startLine,
                                                      reason: "\(self.path): stream has entries but no labels"))
            }
            self.flush()
        }
    }

    private mutating func readLabels(_ reader: inout JSONReader, key: String) throws(JSONError) {
        let value = try reader.readValue()
        guard case .object(let members) = value else {
            fail("\(path).\(key): labels must be an object of strings", at: reader)
            return
        }
        var pairs: [Label] = []
        for member in members {
            guard let text = member.value.stringValue else {
                fail("\(path).\(key).\(member.key): label value must be a string", at: reader)
                return
            }
            pairs.append(Label(member.key, text))
        }
        let parsed = Labels(pairs)
        if parsed.isEmpty {
            fail("\(path).\(key): a stream needs at least one label", at: reader)
            return
        }
        labels = parsed
    }

    /// Reads `[["<ns>", "<line>", ...], ...]`, decoding each line straight
    /// into the stream's arena.
    private mutating func readEntries(_ reader: inout JSONReader, key: String) throws(JSONError) {
        var scratch: [UInt8] = []
        try reader.readArray { (reader, index) throws(JSONError) in
            let start = reader.offset
            let place = "\(self.path).\(key)[\(index)]"
            guard reader.peek() == 0x5B else {
                try reader.skipValue()
                self.entryError("\(place): an entry is [\"<unix ns>\", \"<line>\"]", reader, start)
                return
            }
            var time: Int64? = nil
            var badTime: String? = nil
            var lineIsString = true
            var parts = 0
            try reader.readArray { (reader, position) throws(JSONError) in
                parts += 1
                switch position {
                case 0:
                    if reader.peek() == 0x22 {
                        scratch.removeAll(keepingCapacity: true)
                        try reader.readString(into: &scratch)
                        time = LogTimestamp.nanoseconds(bytes: scratch)
                        if time == nil { badTime = GoString.quote(String(decoding: scratch, as: UTF8.self)) }
                    } else {
                        let value = try reader.readValue()
                        if case .number(let text) = value { time = LogTimestamp.nanoseconds(text) }
                        if time == nil { badTime = Self.show(value) }
                    }
                case 1:
                    if reader.peek() == 0x22, let stamp = time {
                        try self.entries.appendLine(timestamp: stamp) { (out) throws(JSONError) in try reader.readString(into: &out) }
                    } else {
                        lineIsString = reader.peek() == 0x22
                        try reader.skipValue()
                    }
                default:
                    try reader.skipValue()  // structured metadata
                }
            }
            if parts < 2 {
                self.entryError("\(place): an entry is [\"<unix ns>\", \"<line>\"]", reader, start)
            } else if let badTime {
                self.entryError("\(place): timestamp \(badTime) is not an integer of Unix nanoseconds", reader, start)
            } else if !lineIsString {
                self.entryError("\(place): the line must be a string", reader, start)
            }
        }
    }

    /// Reports a bad entry at the line where the entry starts.
    private mutating func entryError(_ reason: String, _ reader: JSONReader, _ offset: Int) {
        let line = lines.line(at: offset + Self.leadingSpace(reader, offset), in: reader.bytes)
        report.errors.append(RecordError(file: name, line: line, reason: reason))
    }

    private static func leadingSpace(_ reader: JSONReader, _ offset: Int) -> Int {
        var count = 0
        while offset + count < reader.bytes.count, ByteCursor.isSpace(reader.bytes[offset + count]) { count += 1 }
        return count
    }

    private static func show(_ value: JSONValue) -> String {
        switch value {
        case .string(let bytes): return GoString.quote(String(decoding: bytes, as: UTF8.self))
        case .number(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// Pushes what the current stream has gathered.
    mutating func flush() {
        defer { entries = LogEntries() }
        guard let labels, !entries.isEmpty else { return }
        var batch = entries
        if let first = batch.timestamps.first, let last = batch.timestamps.last, first > last {
            batch = batch.reversed()
        }
        do {
            let result = try store.push(labels, batch)
            report.stored += result.accepted
            report.duplicatesDropped += result.duplicates
        } catch {
            report.errors.append(RecordError(file: name, line: 1, reason: "\(path): \(error)"))
        }
    }
}

extension LogEntries {
    /// The entries in reverse order.
    func reversed() -> LogEntries {
        var out = LogEntries()
        out.reserveCapacity(entries: count, bytes: byteCount)
        for index in stride(from: count - 1, through: 0, by: -1) { out.append(self, at: index) }
        return out
    }
}
