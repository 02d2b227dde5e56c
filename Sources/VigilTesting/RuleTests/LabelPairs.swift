import VigilCore

/// Label sets as promtool compares and prints them in test failures:
/// sorted name/value pairs that may hold empty values (an expected
/// `exp_labels` entry can), printed as Prometheus's `labels.Labels.String()`
/// does: `{__name__="up", job="api"}`, every pair in braces.
enum LabelPairs {
    static func string(_ pairs: [Label]) -> String {
        "{" + pairs.map { pair in
            let name = GoString.isLegacyLabelName(pair.name) ? pair.name : GoString.quote(pair.name)
            return name + "=" + GoString.quote(pair.value)
        }.joined(separator: ", ") + "}"
    }

    static func string(_ labels: Labels) -> String { string(labels.pairs) }

    /// Prometheus's `labels.Compare`: by name, then value, pair by pair, then length.
    static func compare(_ lhs: [Label], _ rhs: [Label]) -> Int {
        for (a, b) in zip(lhs, rhs) {
            let byName = GoString.compare(a.name, b.name)
            if byName != 0 { return byName }
            let byValue = GoString.compare(a.value, b.value)
            if byValue != 0 { return byValue }
        }
        return lhs.count - rhs.count
    }

    static func equal(_ lhs: [Label], _ rhs: [Label]) -> Bool {
        lhs.count == rhs.count && compare(lhs, rhs) == 0
    }

    /// What differs between two sets, in words: `label severity differs:
    /// exp "critical", got "warning"`, `label pod missing (exp "a")`,
    /// `label pod unexpected (got "a")`. `kind` names the pairs ("label", "annotation").
    static func differences(expected: [Label], got: [Label], kind: String) -> [String] {
        var gotByName: [String: String] = [:]
        for pair in got { gotByName[pair.name] = pair.value }
        var expectedNames = Set<String>()
        var lines: [String] = []
        for pair in expected {
            expectedNames.insert(pair.name)
            guard let value = gotByName[pair.name] else {
                lines.append("\(kind) \(pair.name) missing (exp \(GoString.quote(pair.value)))")
                continue
            }
            if !GoString.bytesEqual(value, pair.value) {
                lines.append("\(kind) \(pair.name) differs: exp \(GoString.quote(pair.value)), got \(GoString.quote(value))")
            }
        }
        for pair in got where !expectedNames.contains(pair.name) {
            lines.append("\(kind) \(pair.name) unexpected (got \(GoString.quote(pair.value)))")
        }
        return lines
    }
}
