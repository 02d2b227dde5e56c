import VigilCore

/// An inverted index from label pairs to ids (series or streams), shared by
/// the series store and the log store. For every label name it keeps the
/// set of values, and for every (name, value) the sorted list of ids that
/// carry it (the postings list).
///
/// Ids are handed out in increasing order, so adding appends to the end of
/// each list and every list stays sorted without work.
struct PostingsIndex: Sendable {
    private(set) var postings: [String: [String: [UInt32]]] = [:]
    private(set) var allIDs: [UInt32] = []

    mutating func add(_ id: UInt32, _ labels: Labels) {
        Self.insert(id, into: &allIDs)
        for pair in labels {
            Self.insert(id, into: &postings[pair.name, default: [:]][pair.value, default: []])
        }
    }

    mutating func remove(_ id: UInt32, _ labels: Labels) {
        Self.delete(id, from: &allIDs)
        for pair in labels {
            guard var values = postings.removeValue(forKey: pair.name) else { continue }
            if var list = values.removeValue(forKey: pair.value) {
                Self.delete(id, from: &list)
                if !list.isEmpty { values[pair.value] = list }
            }
            if !values.isEmpty { postings[pair.name] = values }
        }
    }

    private static func insert(_ id: UInt32, into list: inout [UInt32]) {
        if let last = list.last, last >= id {
            let at = SortedIDs.lowerBound(list, id)
            if at < list.count, list[at] == id { return }
            list.insert(id, at: at)
        } else {
            list.append(id)
        }
    }

    private static func delete(_ id: UInt32, from list: inout [UInt32]) {
        let at = SortedIDs.lowerBound(list, id)
        if at < list.count, list[at] == id { list.remove(at: at) }
    }

    var count: Int { allIDs.count }

    /// Label names in use, sorted byte-wise.
    var labelNames: [String] { postings.keys.sorted(by: GoString.less) }

    /// Values of label `name` in use, sorted byte-wise.
    func labelValues(_ name: String) -> [String] {
        (postings[name]?.keys).map { $0.sorted(by: GoString.less) } ?? []
    }

    func postings(_ name: String, _ value: String) -> [UInt32] {
        postings[name]?[value] ?? []
    }

    // MARK: Matching

    /// Ids whose labels satisfy every matcher, where a missing label reads
    /// as the empty string: Prometheus's `PostingsForMatchers`. Matchers that
    /// cannot match the empty string intersect postings; negative matchers
    /// and matchers that accept the empty string (and so select ids without
    /// the label too) subtract from that base, or from all ids when nothing
    /// intersects. No matchers select nothing, as in Prometheus.
    func matching(_ matchers: [LabelMatcher]) -> [UInt32] {
        if matchers.count == 1, matchers[0].name.isEmpty, matchers[0].value.isEmpty { return allIDs }
        var mustBeSet = Set<String>()
        for matcher in matchers where !matcher.matchesEmpty { mustBeSet.insert(matcher.name) }

        var intersecting: [[UInt32]] = []
        var subtracting: [[UInt32]] = []
        for matcher in matchers {
            let negative = matcher.kind == .notEqual || matcher.kind == .regexNoMatch
            if !mustBeSet.contains(matcher.name) || (negative && matcher.matchesEmpty) {
                // Either the matcher accepts the empty string, so ids without
                // the label stay, or it is `l!="v"` while another matcher
                // requires `l`: remove the ids whose value it rejects.
                subtracting.append(ids(rejectedBy: matcher))
            } else {
                let ids = ids(acceptedBy: matcher)
                if ids.isEmpty { return [] }
                intersecting.append(ids)
            }
        }
        var result: [UInt32]
        if intersecting.isEmpty {
            if subtracting.isEmpty { return [] }
            result = allIDs
        } else {
            result = SortedIDs.intersect(intersecting)
        }
        for list in subtracting where !result.isEmpty {
            result = SortedIDs.subtract(result, list)
        }
        return result
    }

    /// Ids that carry label `matcher.name` with a value the matcher accepts.
    /// Equality and regexes that are sets of literals look their values up
    /// directly; any other regex runs over the label's values, never over ids.
    private func ids(acceptedBy matcher: LabelMatcher) -> [UInt32] {
        guard let values = postings[matcher.name] else { return [] }
        switch matcher.kind {
        case .equal:
            return values[matcher.value] ?? []
        case .regexMatch:
            if let literals = matcher.pattern?.literalAlternatives {
                return SortedIDs.union(literals.compactMap { values[$0] })
            }
        default:
            break
        }
        return SortedIDs.union(values.compactMap { matcher.matches($0.key) ? $0.value : nil })
    }

    /// Ids that carry label `matcher.name` with a value the matcher rejects.
    private func ids(rejectedBy matcher: LabelMatcher) -> [UInt32] {
        guard let values = postings[matcher.name] else { return [] }
        switch matcher.kind {
        case .notEqual:
            return values[matcher.value] ?? []
        case .regexNoMatch:
            if let literals = matcher.pattern?.literalAlternatives {
                return SortedIDs.union(literals.compactMap { values[$0] })
            }
        default:
            break
        }
        return SortedIDs.union(values.compactMap { matcher.matches($0.key) ? nil : $0.value })
    }
}
