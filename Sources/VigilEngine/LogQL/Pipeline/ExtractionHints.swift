/// Which labels the parsers of a pipeline must extract (Loki's parser
/// hints). Log queries extract everything; a metric query grouped `by`
/// labels extracts only those and the ones its stages read, and one that
/// keeps no labels at all skips label extraction.
struct ExtractionHints {
    enum Mode {
        case all
        /// Only these label ids (`wanted[id]`).
        case only([Bool])
        /// No labels are needed: parsers do nothing.
        case none
    }

    var mode: Mode = .all
    /// Stop parsing a line once every wanted label is found, skipping the
    /// rest of it (and any syntax error there), as Loki's metric queries do.
    var stopWhenComplete = false
    /// The wanted ids, to know when all are found.
    var wantedIDs: [Int32] = []

    static let all = ExtractionHints()

    @inline(__always)
    func wants(_ id: Int32) -> Bool {
        switch mode {
        case .all: return true
        case .only(let wanted): return Int(id) < wanted.count && wanted[Int(id)]
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
        var hints = ExtractionHints(mode: .only(wanted), stopWhenComplete: stopWhenComplete)
        hints.wantedIDs = Array(Set(ids)).sorted()
        return hints
    }
}
