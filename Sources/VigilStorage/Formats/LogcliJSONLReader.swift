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

    private static let labelsKey = Array("labels".utf8), lineKey = Array("line".utf8), timestampKey = Array("timestamp".utf8)

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
        var line: [UInt8] = []
        var stamp: [UInt8] = []
        var labelsText: [UInt8] = []
        RecordInput.forEachLine(bytes) { number, text in
            var reader = JSONReader(text)
            guard reader.peek() != nil else { return }
            func fail(_ reason: String) { report.errors.append(RecordError(file: name, line: number, reason: reason)) }
            var hasLine = false, hasStamp = false, hasLabels = false
            line.removeAll(keepingCapacity: true)
            stamp.removeAll(keepingCapacity: true)
            labelsText.removeAll(keepingCapacity: true)
            do throws(JSONError) {
                guard reader.peek() == 0x7B else { fail("expected a JSON object"); return }
                try reader.readObject { (reader, key) throws(JSONError) in
                    if key.equals(lineKey), reader.peek() == 0x22 {
                        try reader.readString(into: &line)
                        hasLine = true
                    } else if key.equals(timestampKey), reader.peek() == 0x22 {
                        try reader.readString(into: &stamp)
                        hasStamp = true
                    } else if key.equals(labelsKey) {
                        // Keep the raw text: lines of one stream repeat it, so
                        // it identifies the stream without decoding.
                        let start = reader.offset
                        try reader.skipValue()
                        labelsText.append(contentsOf: UnsafeRawBufferPointer(rebasing: reader.bytes[start..<reader.offset]))
                        hasLabels = true
                    } else {
                        try reader.skipValue()
                    }
                }
                try reader.expectEnd()
            } catch {
                fail("invalid JSON at column \(error.offset + 1): \(error.message)")
                return
            }
            guard hasLine else { fail("missing string field \"line\""); return }
            guard hasStamp else { fail("missing string field \"timestamp\""); return }
            guard let time = LogTimestamp.rfc3339(bytes: stamp) else {
                fail("timestamp \(GoString.quote(String(decoding: stamp, as: UTF8.self))) is not RFC 3339")
                return
            }
            var slot = batches.slot(forKey: labelsText)
            if slot == nil {
                var builder = LabelsBuilder(defaultLabels)
                if hasLabels {
                    let value: JSONValue
                    do throws(JSONError) {
                        value = try JSONReader.value(from: labelsText)
                    } catch {
                        fail("invalid labels: \(error.message)")
                        return
                    }
                    if value != .null {
                        guard case .object(let members) = value else { fail("\"labels\" must be an object"); return }
                        for member in members {
                            guard let text = member.value.stringValue else {
                                fail("label \(GoString.quote(member.key)) must be a string")
                                return
                            }
                            builder.set(member.key, text)
                        }
                    }
                }
                let labels = builder.labels
                guard !labels.isEmpty else { fail("entry has no labels (pass default labels for --no-labels output)"); return }
                slot = batches.register(labels, forKey: labelsText)
            }
            if let slot { batches.add(slot: slot, timestamp: time, line: line, store: store, report: &report) }
        }
        batches.flush(into: store, report: &report)
        return report
    }
}
