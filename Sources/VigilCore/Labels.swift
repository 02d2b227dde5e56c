/// One label pair.
///
/// Equality and hashing are byte-wise, as in Go: Swift's `String ==` treats
/// canonically equivalent Unicode (`"é"` and `"e\u{301}"`) as equal, which
/// would merge two distinct Prometheus series into one.
public struct Label: Hashable, Sendable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) { self.name = name; self.value = value }

    public static func == (lhs: Label, rhs: Label) -> Bool {
        GoString.bytesEqual(lhs.name, rhs.name) && GoString.bytesEqual(lhs.value, rhs.value)
    }

    public func hash(into hasher: inout Hasher) {
        GoString.hashBytes(name, into: &hasher)
        GoString.hashBytes(value, into: &hasher)
    }
}

/// A label set, kept sorted by name (bytewise, as Go compares strings) with
/// unique names and no empty values, which is how Prometheus and Loki
/// identify a series or stream.
public struct Labels: Hashable, Sendable, RandomAccessCollection, Comparable {
    public private(set) var pairs: [Label]

    public static let metricName = "__name__"
    public static let empty = Labels()

    public init() { pairs = [] }

    /// Builds a label set from pairs in any order. Pairs with an empty value
    /// are dropped (an empty label is the same as a missing one); for a
    /// repeated name the last pair wins.
    public init(_ pairs: [Label]) {
        var sorted = pairs.filter { !$0.value.isEmpty }
        sorted.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        var unique: [Label] = []
        unique.reserveCapacity(sorted.count)
        for pair in sorted {
            if let last = unique.last, last.name == pair.name { unique[unique.count - 1] = pair } else { unique.append(pair) }
        }
        self.pairs = unique
    }

    public init(_ dictionary: [String: String]) {
        self.init(dictionary.map { Label($0.key, $0.value) })
    }

    /// Wraps pairs the caller guarantees are sorted, unique and non-empty.
    public init(sortedUnchecked pairs: [Label]) { self.pairs = pairs }

    public var startIndex: Int { pairs.startIndex }
    public var endIndex: Int { pairs.endIndex }
    public subscript(position: Int) -> Label { pairs[position] }

    /// The value of label `name`, or nil when absent.
    public subscript(name: String) -> String? {
        for pair in pairs where GoString.bytesEqual(pair.name, name) { return pair.value }
        return nil
    }

    /// The value of label `name`, or "" when absent (Prometheus's `Get`).
    public func get(_ name: String) -> String { self[name] ?? "" }

    public func has(_ name: String) -> Bool { self[name] != nil }

    public var metricName: String? { self[Labels.metricName] }

    /// A copy with `name` set to `value`; an empty value removes the label.
    public func setting(_ name: String, to value: String) -> Labels {
        var copy = pairs
        if let index = copy.firstIndex(where: { $0.name == name }) {
            if value.isEmpty { copy.remove(at: index) } else { copy[index].value = value }
            return Labels(sortedUnchecked: copy)
        }
        if value.isEmpty { return self }
        let insertAt = copy.firstIndex { name.utf8.lexicographicallyPrecedes($0.name.utf8) } ?? copy.count
        copy.insert(Label(name, value), at: insertAt)
        return Labels(sortedUnchecked: copy)
    }

    public func removing(_ names: some Sequence<String>) -> Labels {
        let drop = Set(names)
        return Labels(sortedUnchecked: pairs.filter { !drop.contains($0.name) })
    }

    public func removing(_ name: String) -> Labels {
        Labels(sortedUnchecked: pairs.filter { $0.name != name })
    }

    public func keeping(_ names: some Sequence<String>) -> Labels {
        let keep = Set(names)
        return Labels(sortedUnchecked: pairs.filter { keep.contains($0.name) })
    }

    public var withoutMetricName: Labels { removing(Labels.metricName) }

    public var names: [String] { pairs.map(\.name) }

    public var dictionary: [String: String] {
        Dictionary(pairs.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    /// Prometheus's `labels.Compare`: pairwise by name, then value, then length.
    public static func < (lhs: Labels, rhs: Labels) -> Bool { compare(lhs, rhs) < 0 }

    public static func compare(_ lhs: Labels, _ rhs: Labels) -> Int {
        let count = Swift.min(lhs.pairs.count, rhs.pairs.count)
        for index in 0..<count {
            let a = lhs.pairs[index], b = rhs.pairs[index]
            let byName = GoString.compare(a.name, b.name)
            if byName != 0 { return byName }
            let byValue = GoString.compare(a.value, b.value)
            if byValue != 0 { return byValue }
        }
        return lhs.pairs.count - rhs.pairs.count
    }
}

extension Labels: CustomStringConvertible {
    /// Prometheus's text form: `name{a="1", b="2"}`, or `{a="1"}` without a
    /// metric name. Names that are not legacy identifiers are quoted, as
    /// Prometheus 3.x prints UTF-8 names.
    public var description: String {
        var out = ""
        var rest = pairs[...]
        if let name = metricName {
            if GoString.isLegacyMetricName(name) {
                out = name
                rest = rest.filter { $0.name != Labels.metricName }[...]
                if rest.isEmpty { return out }
            } else {
                out = "{" + GoString.quote(name)
                rest = rest.filter { $0.name != Labels.metricName }[...]
                for pair in rest { out += ", " + Labels.render(pair) }
                return out + "}"
            }
        }
        out += "{"
        out += rest.map(Labels.render).joined(separator: ", ")
        return out + "}"
    }

    static func render(_ pair: Label) -> String {
        let name = GoString.isLegacyLabelName(pair.name) ? pair.name : GoString.quote(pair.name)
        return name + "=" + GoString.quote(pair.value)
    }
}

extension Labels: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements.map { Label($0.0, $0.1) })
    }
}

/// Builds a label set by edits, sorting once at the end.
public struct LabelsBuilder: Sendable {
    private var values: [String: String]

    public init(_ base: Labels = .empty) { values = base.dictionary }

    public mutating func set(_ name: String, _ value: String) { values[name] = value }
    public mutating func remove(_ name: String) { values[name] = nil }
    public func get(_ name: String) -> String { values[name] ?? "" }

    public var labels: Labels { Labels(values.map { Label($0.key, $0.value) }) }
}
