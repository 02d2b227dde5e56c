import VigilCore

/// Reads the output of `logcli query --output=jsonl`: one JSON object per
/// line, `{"labels":{...},"line":"...","timestamp":"<RFC 3339 nano>"}`
/// (logcli marshals a map, so the keys come sorted, and `labels` is absent
/// with `--no-labels`).
public enum LogcliJSONLReader {
    public static func read(contentsOf path: String, defaultLabels: Labels = .empty,
                            into store: LogStore) throws(RecordInput.Failure) -> ReadReport {
        read(try RecordInput.contents(of: path), name: path, defaultLabels: defaultLabels, into: store)
    }

    /// - Parameter defaultLabels: the stream for lines written without
    ///   labels; their own labels are added on top when present.
    public static func read(_ input: [UInt8], name: String, defaultLabels: Labels = .empty,
                            into store: LogStore) -> ReadReport {
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
            guard case .string(let line)? = object["line"] else { fail("missing string field \"line\""); return }
            guard let stamp = object["timestamp"]?.stringValue else { fail("missing string field \"timestamp\""); return }
            guard let time = LogTimestamp.rfc3339(stamp) else {
                fail("timestamp \(GoString.quote(stamp)) is not RFC 3339")
                return
            }
            var builder = LabelsBuilder(defaultLabels)
            if let labels = object["labels"], labels != .null {
                guard case .object(let members) = labels else { fail("\"labels\" must be an object"); return }
                for member in members {
                    guard let value = member.value.stringValue else {
                        fail("label \(GoString.quote(member.key)) must be a string")
                        return
                    }
                    builder.set(member.key, value)
                }
            }
            let labels = builder.labels
            guard !labels.isEmpty else { fail("entry has no labels (pass default labels for --no-labels output)"); return }
            line.withUnsafeBytes { batches.add(labels, timestamp: time, line: $0, store: store, report: &report) }
        }
        batches.flush(into: store, report: &report)
        return report
    }
}
