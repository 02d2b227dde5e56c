import VigilSyntax

/// `| logfmt [--strict] [--keep-empty]`: every `key=value` becomes a label
/// (keys sanitized, `_extracted` on collision). Keys without a value are
/// dropped unless `--keep-empty`. Malformed pairs are skipped, or with
/// `--strict` end parsing with `__error__="LogfmtParserErr"`.
final class LogfmtLabelParser: LogStage {
    let names: LabelNameTable
    let hints: ExtractionHints
    let stage: Int16
    let strict: Bool
    let keepEmpty: Bool
    private var keys = ByteKeyCache<Int32?>()
    private var value: [UInt8] = []

    init(names: LabelNameTable, hints: ExtractionHints, stage: Int16, strict: Bool, keepEmpty: Bool) {
        self.names = names
        self.hints = hints
        self.stage = stage
        self.strict = strict
        self.keepEmpty = keepEmpty
    }

    func process(_ line: inout LineState, _ labels: inout LabelBuilder) -> Bool {
        if hints.extractsNothing { return true }
        let error: String? = line.withBytes { bytes in
            var decoder = LogfmtDecoder(bytes)
            while !decoder.atEnd {
                if !decoder.scanKeyValue() {
                    if strict { break }
                    continue
                }
                guard decoder.hasKey, let plainID = keys.sanitizedLabelID(for: decoder.key, names: names) else { continue }
                let labelID = labels.baseHasLabel(plainID) ? names.extractedID(plainID) : plainID
                guard hints.wants(labelID) else { continue }
                if let owner = labels.parsedStage(labelID), owner != stage { continue }
                if !keepEmpty && decoder.valueCount == 0 { continue }
                value.removeAll(keepingCapacity: true)
                decoder.withValue { value.append(contentsOf: $0) }
                JSONScanner.replaceInvalidUTF8(&value, from: 0)
                value.withUnsafeBytes { labels.set(labelID, bytes: $0, stage: stage) }
                if hints.complete(labels) { break }
            }
            return strict ? decoder.error : nil
        }
        if let error { labels.setError("LogfmtParserErr", details: error) }
        return true
    }
}

/// `| logfmt label="key", ...`: only the named keys, renamed. As in Loki,
/// every requested label is first set empty (unless the stream has it), a
/// key that is itself one of the requested label names is read too, and an
/// empty value is kept.
final class LogfmtExpressionParser: LogStage {
    let names: LabelNameTable
    let hints: ExtractionHints
    let stage: Int16
    let strict: Bool
    /// (label id, key) in query order.
    private let extractions: [(label: Int32, key: String)]
    private let labelIDs: Set<Int32>
    private var keys = ByteKeyCache<Int32?>()
    private var value: [UInt8] = []

    init(names: LabelNameTable, hints: ExtractionHints, stage: Int16, parser: VigilSyntax.LogfmtParserStage) {
        self.names = names
        self.hints = hints
        self.stage = stage
        self.strict = parser.strict
        var extractions: [(Int32, String)] = []
        for extraction in parser.extractions {
            extractions.append((names.id(extraction.label), LogfmtKeyExpression.parse(extraction.expression) ?? extraction.expression))
        }
        self.extractions = extractions
        labelIDs = Set(extractions.map(\.0))
    }

    func process(_ line: inout LineState, _ labels: inout LabelBuilder) -> Bool {
        if hints.extractsNothing { return true }
        for (label, _) in extractions where !labels.baseHasLabel(label) {
            labels.set(label, string: "", stage: stage)
        }
        let error: String? = line.withBytes { bytes in
            var decoder = LogfmtDecoder(bytes)
            while !decoder.atEnd {
                if !decoder.scanKeyValue() {
                    if strict { break }
                    continue
                }
                guard decoder.hasKey, let sanitized = keys.sanitizedLabelID(for: decoder.key, names: names) else { continue }
                let alwaysExtract = labelIDs.contains(sanitized)
                if !alwaysExtract && !hints.wants(sanitized) { continue }
                var target = sanitized
                let sanitizedName = names.name(sanitized)
                if let renamed = extractions.first(where: { $0.key == sanitizedName }) { target = renamed.label }
                guard labelIDs.contains(target) else { continue }
                if labels.baseHasLabel(target) {
                    target = names.extractedID(target)
                    if !hints.wants(target) { break }
                }
                value.removeAll(keepingCapacity: true)
                decoder.withValue { value.append(contentsOf: $0) }
                if value.withUnsafeBytes({ decoder.containsRuneError($0) }) { value.removeAll() }
                value.withUnsafeBytes { labels.set(target, bytes: $0, stage: stage) }
                if hints.complete(labels) { break }
            }
            return strict ? decoder.error : nil
        }
        if let error { labels.setError("LogfmtParserErr", details: error) }
        return true
    }
}
