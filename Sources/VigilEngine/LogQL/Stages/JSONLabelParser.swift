/// `| json`: every string, number and boolean member becomes a label,
/// nested objects flattened with `_` (`user.id` → `user_id`), arrays and
/// nulls skipped, keys sanitized, a key colliding with a stream label
/// suffixed `_extracted`. A malformed line keeps the labels read before the
/// error and gets `__error__="JSONParserErr"`.
final class JSONLabelParser: LogStage {
    let names: LabelNameTable
    let hints: ExtractionHints
    let stage: Int16
    /// Raw top-level key → label id (before the `_extracted` decision).
    private var topLevelKeys = ByteKeyCache<Int32?>()
    /// Sanitized nested path → label id.
    private var nestedKeys = ByteKeyCache<Int32?>()
    /// Sanitized prefix → whether any wanted label starts with it.
    private var prefixes = ByteKeyCache<Bool>()
    private var prefix: [UInt8] = []
    private var value: [UInt8] = []

    init(names: LabelNameTable, hints: ExtractionHints, stage: Int16) {
        self.names = names
        self.hints = hints
        self.stage = stage
    }

    func process(_ line: inout LineState, _ labels: inout LabelBuilder) -> Bool {
        if hints.extractsNothing { return true }
        prefix.removeAll(keepingCapacity: true)
        let failure: JSONScanner.Failure? = line.withBytes { (bytes) -> JSONScanner.Failure? in
            do throws(JSONScanner.Failure) {
                try walk(bytes, 0, bytes.count, &labels)
                return nil
            } catch {
                return error.message == Self.completeMarker.message ? nil : error
            }
        }
        if let failure { labels.setError("JSONParserErr", details: failure.message) }
        return true
    }

    /// Thrown to stop once all wanted labels are found (Loki's `errFoundAllLabels`).
    private static let completeMarker = JSONScanner.Failure(message: "found all required labels")

    private func walk(_ line: UnsafeRawBufferPointer, _ start: Int, _ end: Int, _ labels: inout LabelBuilder)
        throws(JSONScanner.Failure)
    {
        try JSONScanner.eachMember(line, start, end) { (member) throws(JSONScanner.Failure) -> JSONScanner.Action in
            switch member.type {
            case .string, .number, .boolean:
                self.extract(member, line, &labels)
                if self.hints.complete(labels) { throw Self.completeMarker }
            case .object:
                // On an error the prefix is left as is: `process` resets it for the next line.
                let saved = self.prefix.count
                if self.enterPrefix(member.key) {
                    try self.walk(line, member.valueStart, member.valueEnd, &labels)
                }
                self.prefix.removeSubrange(saved...)
            case .array, .null:
                break
            }
            return .proceed
        }
    }

    /// Extends the prefix with a nested object's key; false when no wanted
    /// label can start with it.
    private func enterPrefix(_ key: UnsafeRawBufferPointer) -> Bool {
        if !prefix.isEmpty { prefix.append(UInt8(ascii: "_")) }
        LabelKeySanitizer.append(key, to: &prefix)
        guard case .only = hints.mode else { return !hints.extractsNothing }
        return prefix.withUnsafeBytes { bytes in
            if let known = prefixes.lookup(bytes) { return known }
            let wanted = hints.wantsPrefix(String(decoding: bytes, as: UTF8.self), names: names)
            prefixes.insert(bytes, wanted)
            return wanted
        }
    }

    private func extract(_ member: JSONScanner.Member, _ line: UnsafeRawBufferPointer, _ labels: inout LabelBuilder) {
        let plainID: Int32?
        if prefix.isEmpty {
            plainID = id(for: member.key, in: &topLevelKeys) { out in LabelKeySanitizer.append(member.key, to: &out) }
        } else {
            let saved = prefix.count
            prefix.append(UInt8(ascii: "_"))
            LabelKeySanitizer.append(member.key, to: &prefix)
            plainID = prefix.withUnsafeBytes { path in
                id(for: path, in: &nestedKeys) { out in out.append(contentsOf: path) }
            }
            prefix.removeSubrange(saved...)
        }
        guard let plainID else { return }
        let labelID = labels.baseHasLabel(plainID) ? names.extractedID(plainID) : plainID
        guard hints.wants(labelID) else { return }
        // A label another stage of this line set first is kept (Loki's parser hints skip it).
        if let owner = labels.parsedStage(labelID), owner != stage { return }
        let raw = UnsafeRawBufferPointer(rebasing: line[member.valueStart..<member.valueEnd])
        switch member.type {
        case .string:
            value.removeAll(keepingCapacity: true)
            JSONScanner.appendStringValue(raw, to: &value)
            value.withUnsafeBytes { labels.set(labelID, bytes: $0, stage: stage) }
        case .boolean:
            labels.set(labelID, string: raw.first == UInt8(ascii: "t") ? "true" : "false", stage: stage)
        default:
            labels.set(labelID, bytes: raw, stage: stage)
        }
    }

    /// The label id for a key, computing and caching the sanitized name once.
    private func id(for key: UnsafeRawBufferPointer, in cache: inout ByteKeyCache<Int32?>,
                    _ sanitize: (inout [UInt8]) -> Void) -> Int32? {
        if let known = cache.lookup(key) { return known }
        var name: [UInt8] = []
        sanitize(&name)
        let result: Int32? = name.isEmpty ? nil : names.id(String(decoding: name, as: UTF8.self))
        cache.insert(key, result)
        return result
    }
}
