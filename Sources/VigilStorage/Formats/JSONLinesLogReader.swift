import VigilCore

/// Reads plain JSON-lines log files (one JSON object per line, as
/// applications write them): the whole line is the log line, the caller
/// names the fields that become stream labels, and the timestamp comes
/// from the first present field of `timestampFields`.
public enum JSONLinesLogReader {
    public struct Options: Sendable {
        /// Top-level fields whose values (strings, numbers, booleans) become
        /// stream labels of the same name.
        public var labelFields: [String]
        /// Labels every stream of the file gets.
        public var staticLabels: Labels
        public var timestampFields: [String]
        /// Unit of numeric timestamps (also of numbers written as strings).
        public var unixUnit: UnixTimeUnit

        public init(labelFields: [String] = [], staticLabels: Labels = .empty,
                    timestampFields: [String] = ["ts", "timestamp", "time"], unixUnit: UnixTimeUnit = .auto) {
            self.labelFields = labelFields
            self.staticLabels = staticLabels
            self.timestampFields = timestampFields
            self.unixUnit = unixUnit
        }
    }

    public static func read(contentsOf path: String, options: Options, into store: LogStore) throws(RecordInput.Failure) -> ReadReport {
        read(try RecordInput.contents(of: path), name: path, options: options, into: store)
    }

    public static func read(_ input: [UInt8], name: String, options: Options, into store: LogStore) -> ReadReport {
        var report = ReadReport()
        let bytes: [UInt8]
        do {
            bytes = try RecordInput.decoded(input, name: name)
        } catch {
            report.errors.append(RecordError(file: name, line: 1, reason: error.reason))
            return report
        }
        var batches = StreamBatches()
        RecordInput.forEachLine(bytes) { number, text in
            var reader = JSONReader(text)
            guard reader.peek() != nil else { return }
            func fail(_ reason: String) { report.errors.append(RecordError(file: name, line: number, reason: reason)) }
            let object: JSONValue
            do throws(JSONError) {
                object = try reader.readValue()
                try reader.expectEnd()
            } catch {
                fail("invalid JSON at column \(error.offset + 1): \(error.message)")
                return
            }
            guard case .object = object else { fail("expected a JSON object"); return }
            guard let field = options.timestampFields.first(where: { object[$0] != nil }), let stamp = object[field] else {
                fail("no timestamp field (looked for \(options.timestampFields.map { GoString.quote($0) }.joined(separator: ", ")))")
                return
            }
            guard let time = timestamp(stamp, unit: options.unixUnit) else {
                fail("field \(GoString.quote(field)): \(stamp.scalarText.map { GoString.quote($0) } ?? "value") is neither RFC 3339 nor a Unix time")
                return
            }
            var builder = LabelsBuilder(options.staticLabels)
            for name in options.labelFields {
                guard let value = object[name], value != .null else { continue }
                guard let text = value.scalarText else {
                    fail("field \(GoString.quote(name)) is not a string, number or boolean and cannot be a label")
                    return
                }
                builder.set(name, text)
            }
            let labels = builder.labels
            guard !labels.isEmpty else { fail("no stream labels: none of the label fields is present and there are no static labels"); return }
            batches.add(labels, timestamp: time, line: text, store: store, report: &report)
        }
        batches.flush(into: store, report: &report)
        return report
    }

    static func timestamp(_ value: JSONValue, unit: UnixTimeUnit) -> Int64? {
        switch value {
        case .string(let bytes):
            let text = String(decoding: bytes, as: UTF8.self)
            return LogTimestamp.rfc3339(text) ?? LogTimestamp.unix(text, unit: unit)
        case .number(let text):
            return LogTimestamp.unix(text, unit: unit)
        default:
            return nil
        }
    }
}
