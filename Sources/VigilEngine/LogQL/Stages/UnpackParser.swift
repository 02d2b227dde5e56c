/// `| unpack`: a JSON object packed by Promtail's `pack` stage. Its string
/// members become labels and `_entry` becomes the line; without `_entry`
/// nothing is extracted.
final class UnpackParser: LogStage {
    let names: LabelNameTable
    let hints: ExtractionHints
    let stage: Int16
    private var pending: [(id: Int32, value: [UInt8])] = []

    init(names: LabelNameTable, hints: ExtractionHints, stage: Int16) {
        self.names = names
        self.hints = hints
        self.stage = stage
    }

    func process(_ line: inout LineState, _ labels: inout LabelBuilder) -> Bool {
        if line.count == 0 || hints.extractsNothing { return true }
        pending.removeAll(keepingCapacity: true)
        var entry: [UInt8]? = nil
        let failure: JSONScanner.Failure?? = line.withBytes { (bytes) -> JSONScanner.Failure?? in
            guard bytes[0] == UInt8(ascii: "{") else { return .some(nil) }
            do throws(JSONScanner.Failure) {
                try JSONScanner.eachMember(bytes, 0, bytes.count) { (member) throws(JSONScanner.Failure) -> JSONScanner.Action in
                    guard member.type == .string else { return .proceed }
                    let raw = UnsafeRawBufferPointer(rebasing: bytes[member.valueStart..<member.valueEnd])
                    if member.key.elementsEqual("_entry".utf8) {
                        var unescaped: [UInt8] = []
                        guard JSONScanner.unescape(raw, into: &unescaped) else { throw .malformedEscape }
                        entry = unescaped
                        return .proceed
                    }
                    // Loki checks the raw key against the stream labels, suffixes it, then sanitizes.
                    var field = String(decoding: member.key, as: UTF8.self)
                    if let rawID = self.names.existingID(field), labels.baseHasLabel(rawID) { field += "_extracted" }
                    var sanitized: [UInt8] = []
                    Array(field.utf8).withUnsafeBytes { LabelKeySanitizer.append($0, to: &sanitized) }
                    guard !sanitized.isEmpty else { return .proceed }
                    let target = self.names.id(String(decoding: sanitized, as: UTF8.self))
                    guard self.hints.wants(target) else { return .proceed }
                    var value: [UInt8] = []
                    JSONScanner.appendStringValue(raw, to: &value)
                    self.pending.append((target, value))
                    return .proceed
                }
                return nil
            } catch {
                return .some(error)
            }
        }
        switch failure {
        case .some(.some(let error)):
            labels.setError("JSONParserErr", details: error.message)
            return true
        case .some(.none):
            labels.setError("JSONParserErr", details: "expecting json object(6), but it is not")
            return true
        case .none:
            break
        }
        guard let entry else { return true }
        for (id, value) in pending { value.withUnsafeBytes { labels.set(id, bytes: $0, stage: stage) } }
        line.rewrite(entry)
        return true
    }
}
