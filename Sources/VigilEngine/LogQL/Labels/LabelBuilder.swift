import VigilCore

/// The labels of one log line while it runs through a pipeline, with
/// Loki's `LabelsBuilder` semantics: the stream's labels, labels set by
/// stages (which win), deletions, and the `__error__` / `__error_details__`
/// pair kept apart. Values live as byte ranges in one arena, so extracting a
/// label allocates nothing; strings are made only for output and templates.
struct LabelBuilder {
    struct Entry {
        var id: Int32
        var start: Int32
        var end: Int32
        /// The stage that set the label (stream labels: -1).
        var stage: Int16
    }

    let names: LabelNameTable
    /// Stream labels (values at the start of the arena) and their count.
    private(set) var base: [Entry] = []
    private(set) var baseLabels: Labels = .empty
    /// `baseHas[id]`: the stream carries this label.
    private var baseHas: [Bool] = []
    private(set) var parsed: [Entry] = []
    private(set) var deleted: [Int32] = []
    private(set) var arena: [UInt8] = []
    private var baseArenaEnd = 0
    /// `__error__` (Loki's error names are constants).
    var error: String? = nil
    var errorDetails: String? = nil

    init(names: LabelNameTable) {
        self.names = names
    }

    // MARK: Stream and line lifecycle

    /// Starts a stream: its labels become the base of every line.
    mutating func setStream(_ labels: Labels) {
        baseLabels = labels
        base.removeAll(keepingCapacity: true)
        arena.removeAll(keepingCapacity: true)
        for (index, _) in baseHas.enumerated() { baseHas[index] = false }
        for label in labels {
            let id = names.id(label.name)
            let start = Int32(arena.count)
            arena.append(contentsOf: label.value.utf8)
            base.append(Entry(id: id, start: start, end: Int32(arena.count), stage: -1))
            markBase(id)
        }
        baseArenaEnd = arena.count
        reset()
    }

    private mutating func markBase(_ id: Int32) {
        if Int(id) >= baseHas.count { baseHas.append(contentsOf: repeatElement(false, count: Int(id) + 1 - baseHas.count)) }
        baseHas[Int(id)] = true
    }

    /// Clears what the previous line's stages did.
    mutating func reset() {
        parsed.removeAll(keepingCapacity: true)
        deleted.removeAll(keepingCapacity: true)
        if arena.count > baseArenaEnd { arena.removeLast(arena.count - baseArenaEnd) }
        error = nil
        errorDetails = nil
    }

    // MARK: Reading

    @inline(__always)
    func baseHasLabel(_ id: Int32) -> Bool { Int(id) < baseHas.count && baseHas[Int(id)] }

    /// Loki's `Get`: a stage's value first, then a stream label unless deleted.
    @inline(__always)
    func entry(_ id: Int32) -> Entry? {
        for entry in parsed where entry.id == id { return entry }
        if !deleted.isEmpty, deleted.contains(id) { return nil }
        for entry in base where entry.id == id { return entry }
        return nil
    }

    func has(_ id: Int32) -> Bool { entry(id) != nil }

    /// Calls `body` with the value's bytes, or returns nil when the label is absent.
    @inline(__always)
    func withValue<R>(_ id: Int32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R? {
        guard let entry = entry(id) else { return nil }
        return try withBytes(entry, body)
    }

    @inline(__always)
    func withBytes<R>(_ entry: Entry, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try arena.withUnsafeBytes { buffer in
            try body(UnsafeRawBufferPointer(rebasing: buffer[Int(entry.start)..<Int(entry.end)]))
        }
    }

    func string(_ entry: Entry) -> String {
        String(decoding: arena[Int(entry.start)..<Int(entry.end)], as: UTF8.self)
    }

    /// The value as a string, nil when absent.
    func value(_ id: Int32) -> String? { entry(id).map(string) }

    /// The label set a stage set this label from, if a stage did.
    func parsedStage(_ id: Int32) -> Int16? {
        for entry in parsed where entry.id == id { return entry.stage }
        return nil
    }

    var isUnchanged: Bool { parsed.isEmpty && deleted.isEmpty }

    // MARK: Writing

    /// Appends value bytes to the arena; returns their range.
    @inline(__always)
    mutating func store(_ bytes: UnsafeRawBufferPointer) -> (Int32, Int32) {
        let start = Int32(arena.count)
        arena.append(contentsOf: bytes)
        return (start, Int32(arena.count))
    }

    mutating func store(_ text: String) -> (Int32, Int32) {
        let start = Int32(arena.count)
        arena.append(contentsOf: text.utf8)
        return (start, Int32(arena.count))
    }

    /// Loki's `Set(ParsedLabel, ...)`: replaces a stage's value or adds one.
    @inline(__always)
    mutating func set(_ id: Int32, range: (Int32, Int32), stage: Int16) {
        for index in parsed.indices where parsed[index].id == id {
            parsed[index].start = range.0
            parsed[index].end = range.1
            parsed[index].stage = stage
            return
        }
        parsed.append(Entry(id: id, start: range.0, end: range.1, stage: stage))
    }

    mutating func set(_ id: Int32, bytes: UnsafeRawBufferPointer, stage: Int16) {
        set(id, range: store(bytes), stage: stage)
    }

    /// A parser's `Set`: unless another stage set the label on this line
    /// first (Loki's parser hints then skip the key), stores the value.
    @inline(__always)
    mutating func setParsed(_ id: Int32, bytes: UnsafeRawBufferPointer, stage: Int16) {
        var index = 0
        while index < parsed.count {
            if parsed[index].id == id {
                if parsed[index].stage != stage { return }
                let range = store(bytes)
                parsed[index].start = range.0
                parsed[index].end = range.1
                return
            }
            index += 1
        }
        let range = store(bytes)
        parsed.append(Entry(id: id, start: range.0, end: range.1, stage: stage))
    }

    /// Deletes every visible label `keep` rejects, in one pass (`| keep`).
    mutating func keepOnly(_ keep: (Int32, Entry) -> Bool) {
        for entry in base where !deleted.contains(entry.id) && !parsed.contains(where: { $0.id == entry.id }) {
            if !keep(entry.id, entry) { deleted.append(entry.id) }
        }
        var kept: [Entry] = []
        kept.reserveCapacity(parsed.count)
        for entry in parsed {
            if keep(entry.id, entry) { kept.append(entry) } else { deleted.append(entry.id) }
        }
        parsed = kept
    }

    mutating func set(_ id: Int32, string: String, stage: Int16) {
        set(id, range: store(string), stage: stage)
    }

    /// Loki's `Del`: removes a stage's value and hides the stream label.
    mutating func delete(_ id: Int32) {
        parsed.removeAll { $0.id == id }
        deleted.append(id)
    }

    mutating func setError(_ error: String, details: String?) {
        self.error = error
        if let details { errorDetails = details }
    }

    // MARK: Label sets

    /// Every label in Loki's `UnsortedLabels` order: visible stream
    /// labels, then stage labels, then the error pair.
    func forEachLabel(_ body: (Int32, Entry) -> Void) {
        for entry in base where !deleted.contains(entry.id) && !parsed.contains(where: { $0.id == entry.id }) {
            body(entry.id, entry)
        }
        for entry in parsed { body(entry.id, entry) }
    }

    /// The full label set (Loki's `LabelsResult`), empty values dropped as
    /// Loki's API drops them.
    func labels(includeErrorDetails: Bool = true) -> Labels {
        if isUnchanged && error == nil && errorDetails == nil { return baseLabels }
        var pairs: [Label] = []
        pairs.reserveCapacity(base.count + parsed.count + 2)
        forEachLabel { id, entry in
            if entry.end > entry.start { pairs.append(Label(names.name(id), string(entry))) }
        }
        if let error, !error.isEmpty { pairs.append(Label("__error__", error)) }
        if includeErrorDetails, let errorDetails, !errorDetails.isEmpty { pairs.append(Label("__error_details__", errorDetails)) }
        return Labels(pairs)
    }

    /// `(name, value)` pairs sorted by name, as templates see them (empty
    /// values included, the error pair too).
    func templateData() -> [(String, String)] {
        var pairs: [(String, String)] = []
        pairs.reserveCapacity(base.count + parsed.count + 2)
        forEachLabel { id, entry in pairs.append((names.name(id), string(entry))) }
        if let error { pairs.append(("__error__", error)) }
        if let errorDetails { pairs.append(("__error_details__", errorDetails)) }
        pairs.sort { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        // Later duplicates (a stage label named like an error label) lose, as in a Go map built in order.
        var unique: [(String, String)] = []
        unique.reserveCapacity(pairs.count)
        for pair in pairs {
            if let last = unique.last, last.0 == pair.0 { unique[unique.count - 1] = pair } else { unique.append(pair) }
        }
        return unique
    }
}
