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
        /// Candidate timestamp fields, in order of preference.
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

    /// A field's value as the reader keeps it: the decoded text of a string,
    /// the literal of a number or boolean.
    private enum Scalar: Equatable { case absent, string, literal, null, compound }

    public static func read(_ input: [UInt8], name: String, options: Options, into store: LogStore) -> ReadReport {
        var report = ReadReport()
        let bytes: [UInt8]
        do {
            bytes = try RecordInput.decoded(input, name: name)
        } catch {
            report.errors.append(RecordError(file: name, line: 1, reason: error.reason))
            return report
        }
        let labelKeys = options.labelFields.map { Array($0.utf8) }
        let timeKeys = options.timestampFields.map { Array($0.utf8) }
        var labelKinds = [Scalar](repeating: .absent, count: labelKeys.count)
        var labelValues = [[UInt8]](repeating: [], count: labelKeys.count)
        var timeKinds = [Scalar](repeating: .absent, count: timeKeys.count)
        var timeValues = [[UInt8]](repeating: [], count: timeKeys.count)
        var streamKey: [UInt8] = []
        var batches = StreamBatches()

        /// Reads a value the reader cares about into `out`, noting its kind.
        func scalar(_ reader: inout JSONReader, into out: inout [UInt8]) throws(JSONError) -> Scalar {
            out.removeAll(keepingCapacity: true)
            switch reader.peek() {
            case 0x22:
                try reader.readString(into: &out)
                return .string
            case 0x7B, 0x5B:
                try reader.skipValue()
                return .compound
            case 0x6E:
                try reader.skipValue()
                return .null
            default:
                _ = reader.peek()
                let start = reader.offset
                try reader.skipValue()
                out.append(contentsOf: UnsafeRawBufferPointer(rebasing: reader.bytes[start..<reader.offset]))
                return .literal
            }
        }

        RecordInput.forEachLine(bytes) { number, text in
            var reader = JSONReader(text)
            guard reader.peek() != nil else { return }
            func fail(_ reason: String) { report.errors.append(RecordError(file: name, line: number, reason: reason)) }
            for index in labelKinds.indices { labelKinds[index] = .absent }
            for index in timeKinds.indices { timeKinds[index] = .absent }
            do throws(JSONError) {
                guard reader.peek() == 0x7B else { fail("expected a JSON object"); return }
                try reader.readObject { (reader, key) throws(JSONError) in
                    if let index = timeKeys.firstIndex(where: key.equals) {
                        timeKinds[index] = try scalar(&reader, into: &timeValues[index])
                    } else if let index = labelKeys.firstIndex(where: key.equals) {
                        labelKinds[index] = try scalar(&reader, into: &labelValues[index])
                    } else {
                        try reader.skipValue()
                    }
                }
                try reader.expectEnd()
            } catch {
                fail("invalid JSON at column \(error.offset + 1): \(error.message)")
                return
            }
            guard let timeIndex = timeKinds.firstIndex(where: { if case .absent = $0 { return false } else { return true } }) else {
                fail("no timestamp field (looked for \(options.timestampFields.map { GoString.quote($0) }.joined(separator: ", ")))")
                return
            }
            let stamp = timeValues[timeIndex]
            var time: Int64? = nil
            switch timeKinds[timeIndex] {
            case .string: time = LogTimestamp.rfc3339(bytes: stamp) ?? LogTimestamp.unix(bytes: stamp, unit: options.unixUnit)
            case .literal: time = LogTimestamp.unix(bytes: stamp, unit: options.unixUnit)
            default: break
            }
            guard let time else {
                let shown = timeKinds[timeIndex] == .string || timeKinds[timeIndex] == .literal
                    ? GoString.quote(String(decoding: stamp, as: UTF8.self)) : "value"
                fail("field \(GoString.quote(options.timestampFields[timeIndex])): \(shown) is neither RFC 3339 nor a Unix time")
                return
            }
            // The stream key: each label field's kind and bytes.
            streamKey.removeAll(keepingCapacity: true)
            for index in labelKeys.indices {
                switch labelKinds[index] {
                case .compound:
                    fail("field \(GoString.quote(options.labelFields[index])) is not a string, number or boolean and cannot be a label")
                    return
                case .string, .literal:
                    streamKey.append(1)
                    withUnsafeBytes(of: UInt32(labelValues[index].count)) { streamKey.append(contentsOf: $0) }
                    streamKey.append(contentsOf: labelValues[index])
                case .absent, .null:
                    streamKey.append(0)
                }
            }
            var slot = batches.slot(forKey: streamKey)
            if slot == nil {
                var builder = LabelsBuilder(options.staticLabels)
                for index in labelKeys.indices where labelKinds[index] == .string || labelKinds[index] == .literal {
                    builder.set(options.labelFields[index], String(decoding: labelValues[index], as: UTF8.self))
                }
                let labels = builder.labels
                guard !labels.isEmpty else {
                    fail("no stream labels: none of the label fields is present and there are no static labels")
                    return
                }
                slot = batches.register(labels, forKey: streamKey)
            }
            if let slot { batches.add(slot: slot, timestamp: time, line: text, store: store, report: &report) }
        }
        batches.flush(into: store, report: &report)
        return report
    }
}
