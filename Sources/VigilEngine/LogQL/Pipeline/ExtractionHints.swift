/// Which labels the parsers of a pipeline must extract (Loki's parser
/// hints). Log queries extract everything; a metric query grouped `by`
/// labels extracts only those and the ones its stages read, and one that
/// keeps no labels at all skips label extraction.
struct ExtractionHints {
    enum Mode {
        case all
        /// Only the label ids marked in `wanted`.
        case only
        /// No labels are needed: parsers do nothing.
        case none
    }

    var mode: Mode = .all
    /// `wanted[id]` for `.only`.
    var wanted: [Bool] = []
    /// Stop parsing a line once every wanted label is found, skipping the
    /// rest of it (and any syntax error there), as Loki's metric queries do.
    var stopWhenComplete = false
    /// The wanted ids, to know when all are found.
    var wantedIDs: [Int32] = []
    /// First bytes of the wanted names: a parsed key whose sanitized name
    /// starts with another byte is skipped without a lookup.
    var firstBytes: [Bool] = []

    /// Whether a raw key's sanitized name can be wanted, judging by its
    /// first byte (a leading digit or an invalid byte becomes `_`).
    @inline(__always)
    func mayWant(rawKey key: UnsafeRawBufferPointer) -> Bool {
        guard case .only = mode, let first = key.first else { return !extractsNothing }
        switch first {
        case 0x30...0x39: return firstBytes[Int(UInt8(ascii: "_"))]
        case 0x41...0x5A, 0x61...0x7A, UInt8(ascii: "_"): return firstBytes[Int(first)]
        case 0x20, 0x09...0x0D, 0xC2: return true  // leading white space is trimmed first
        default: return firstBytes[Int(UInt8(ascii: "_"))]
        }
    }

    static let all = ExtractionHints()

    @inline(__always)
    func wants(_ id: Int32) -> Bool {
        switch mode {
        case .all: return true
        case .only: return Int(id) < wanted.count && wanted[Int(id)]
        case .none: return false
        }
    }

    var extractsNothing: Bool {
        if case .none = mode { return true }
        return false
    }

    /// Whether a nested JSON object with this sanitized prefix may hold a
    /// wanted label (Loki's `ShouldExtractPrefix`).
    func wantsPrefix(_ prefix: String, names: LabelNameTable) -> Bool {
        guard case .only = mode else { return !extractsNothing }
        return wantedIDs.contains { names.name($0).hasPrefix(prefix) }
    }

    /// All wanted labels are set on the line.
    func complete(_ labels: LabelBuilder) -> Bool {
        guard stopWhenComplete, case .only = mode, !wantedIDs.isEmpty else { return false }
        return wantedIDs.allSatisfy { labels.parsedStage($0) != nil }
    }

    /// Hints wanting `names` (with and without an `_extracted` suffix, as
    /// Loki adds both forms).
    static func only(_ names: [String], table: LabelNameTable, stopWhenComplete: Bool) -> ExtractionHints {
        var ids: [Int32] = []
        for name in names {
            ids.append(table.id(name))
            if name.hasSuffix("_extracted") { ids.append(table.id(String(name.dropLast("_extracted".count)))) }
        }
        var wanted = [Bool](repeating: false, count: table.count)
        for id in ids { wanted[Int(id)] = true }
        var hints = ExtractionHints(mode: .only, wanted: wanted, stopWhenComplete: stopWhenComplete)
        hints.wantedIDs = Array(Set(ids)).sorted()
        hints.firstBytes = [Bool](repeating: false, count: 256)
        for id in hints.wantedIDs {
            if let first = table.name(id).utf8.first { hints.firstBytes[Int(first)] = true }
        }
        return hints
    }
}
