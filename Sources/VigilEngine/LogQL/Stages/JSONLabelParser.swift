/// `| json`: every string, number and boolean member becomes a label,
/// nested objects flattened with `_` (`user.id` → `user_id`), arrays and
/// nulls skipped, keys sanitized, a key colliding with a stream label
/// suffixed `_extracted`. A malformed line keeps the labels read before the
/// error and gets `__error__="JSONParserErr"`.
final class JSONLabelParser: LogStage {
    let names: LabelNameTable
    let hints: ExtractionHints
    let stage: Int16
    /// Passed `inout` to the static walk, so the hot loop touches one
    /// exclusive value instead of class properties.
    private var scratch = Scratch()

    struct Scratch {
        /// Raw top-level key → label id (before the `_extracted` decision).
        var topLevelKeys = ByteKeyCache<Int32?>()
        /// Sanitized nested path → label id.
        var nestedKeys = ByteKeyCache<Int32?>()
        /// Sanitized prefix → whether any wanted label starts with it.
        var prefixes = ByteKeyCache<Bool>()
        var prefix: [UInt8] = []
        var value: [UInt8] = []
        var depth = 0
    }

    /// Nested objects deeper than this end the line's parsing with an error
    /// instead of exhausting the stack (Go's growable stacks have no such limit).
    static let maximumDepth = 200
    private static let tooDeep = JSONScanner.Failure(message: "JSON nested more than \(maximumDepth) objects deep")

    init(names: LabelNameTable, hints: ExtractionHints, stage: Int16) {
        self.names = names
        self.hints = hints
        self.stage = stage
    }

    /// Thrown to stop once all wanted labels are found (Loki's `errFoundAllLabels`).
    private static let completeMarker = JSONScanner.Failure(message: "found all required labels")

    func process(_ line: inout LineState, _ labels: inout LabelBuilder) -> Bool {
        if hints.extractsNothing { return true }
        let context = Context(names: names, hints: hints, stage: stage)
        if let failure = Self.parse(&line, &labels, &scratch, context) {
            labels.setError("JSONParserErr", details: failure.message)
        }
        return true
    }

    private static func parse(_ line: inout LineState, _ labels: inout LabelBuilder, _ scratch: inout Scratch,
                              _ context: Context) -> JSONScanner.Failure? {
        scratch.prefix.removeAll(keepingCapacity: true)
        scratch.depth = 0
        return line.withBytes { (bytes) -> JSONScanner.Failure? in
            do throws(JSONScanner.Failure) {
                try walk(bytes, 0, bytes.count, &labels, &scratch, context)
                return nil
            } catch {
                return error.message == completeMarker.message ? nil : error
            }
        }
    }

    struct Context {
        let names: LabelNameTable
        let hints: ExtractionHints
        let stage: Int16
    }

    private static func walk(_ line: UnsafeRawBufferPointer, _ start: Int, _ end: Int, _ labels: inout LabelBuilder,
                             _ scratch: inout Scratch, _ context: Context) throws(JSONScanner.Failure)
    {
        try JSONScanner.eachMember(line, start, end) { (member) throws(JSONScanner.Failure) -> JSONScanner.Action in
            switch member.type {
            case .string, .number, .boolean:
                extract(member, line, &labels, &scratch, context)
                if context.hints.stopWhenComplete, context.hints.complete(labels) { throw completeMarker }
            case .object:
                // On an error the prefix is left as is: `process` resets it for the next line.
                let saved = scratch.prefix.count
                if enterPrefix(member.key, &scratch, context) {
                    scratch.depth += 1
                    if scratch.depth > maximumDepth { throw tooDeep }
                    try walk(line, member.valueStart, member.valueEnd, &labels, &scratch, context)
                    scratch.depth -= 1
                }
                scratch.prefix.removeLast(scratch.prefix.count - saved)
            case .array, .null:
                break
            }
            return .proceed
        }
    }

    /// Extends the prefix with a nested object's key; false when no wanted
    /// label can start with it.
    private static func enterPrefix(_ key: UnsafeRawBufferPointer, _ scratch: inout Scratch, _ context: Context) -> Bool {
        if !scratch.prefix.isEmpty { scratch.prefix.append(UInt8(ascii: "_")) }
        LabelKeySanitizer.append(key, to: &scratch.prefix)
        guard case .only = context.hints.mode else { return !context.hints.extractsNothing }
        let prefix = scratch.prefix
        return prefix.withUnsafeBytes { bytes in
            if let known = scratch.prefixes.lookup(bytes) { return known }
            let wanted = context.hints.wantsPrefix(String(decoding: bytes, as: UTF8.self), names: context.names)
            scratch.prefixes.insert(bytes, wanted)
            return wanted
        }
    }

    private static func extract(_ member: JSONScanner.Member, _ line: UnsafeRawBufferPointer, _ labels: inout LabelBuilder,
                                _ scratch: inout Scratch, _ context: Context) {
        let plainID: Int32?
        if scratch.prefix.isEmpty {
            guard context.hints.mayWant(rawKey: member.key) else { return }
            plainID = scratch.topLevelKeys.sanitizedLabelID(for: member.key, names: context.names)
        } else {
            let saved = scratch.prefix.count
            scratch.prefix.append(UInt8(ascii: "_"))
            LabelKeySanitizer.append(member.key, to: &scratch.prefix)
            let path = scratch.prefix
            plainID = path.withUnsafeBytes { bytes in
                scratch.nestedKeys.labelID(for: bytes, names: context.names) { $0.append(contentsOf: bytes) }
            }
            scratch.prefix.removeLast(scratch.prefix.count - saved)
        }
        guard let plainID else { return }
        let labelID = labels.baseHasLabel(plainID) ? context.names.extractedID(plainID) : plainID
        guard context.hints.wants(labelID) else { return }
        // A label another stage of this line set first is kept (Loki's parser hints skip it).
        let raw = UnsafeRawBufferPointer(rebasing: line[member.valueStart..<member.valueEnd])
        switch member.type {
        case .string:
            if isPlainASCII(raw) {
                labels.setParsed(labelID, bytes: raw, stage: context.stage)
            } else {
                scratch.value.removeAll(keepingCapacity: true)
                JSONScanner.appendStringValue(raw, to: &scratch.value)
                scratch.value.withUnsafeBytes { labels.setParsed(labelID, bytes: $0, stage: context.stage) }
            }
        case .boolean:
            let text: StaticString = raw.first == UInt8(ascii: "t") ? "true" : "false"
            labels.setParsed(labelID, bytes: UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount),
                             stage: context.stage)
        default:
            labels.setParsed(labelID, bytes: raw, stage: context.stage)
        }
    }

    /// No escapes and no bytes outside ASCII: the value is stored as is.
    @inline(__always)
    private static func isPlainASCII(_ raw: UnsafeRawBufferPointer) -> Bool {
        for byte in raw where byte == UInt8(ascii: "\\") || byte >= 0x80 { return false }
        return true
    }
}
