import VigilCore
import VigilSyntax

/// The part of a label set that vector matching compares: the `on(...)`
/// labels, or everything but the `ignoring(...)` labels and (Prometheus)
/// the name.
struct MatchSignature {
    let on: Bool
    let names: Set<String>
    let ignoresName: Bool

    /// - Parameter ignoresName: whether `ignoring` (and no modifier) leaves
    ///   `__name__` out, as Prometheus does; Loki compares it like any label.
    init(_ matching: VectorMatching, ignoresName: Bool = true) {
        on = matching.on
        names = Set(matching.matchingLabels)
        self.ignoresName = ignoresName
    }

    func key(_ labels: Labels) -> Labels {
        if on { return labels.keeping(names) }
        return Labels(sortedUnchecked: labels.pairs.filter {
            !names.contains($0.name) && !(ignoresName && $0.name == Labels.metricName)
        })
    }
}

extension Labels {
    /// Prometheus's `labels.Labels.String()`: `{__name__="x", a="b"}`, with
    /// non-legacy names quoted. Error messages print label sets this way.
    var prometheusString: String {
        "{" + pairs.map { pair in
            let name = GoString.isLegacyLabelName(pair.name) ? pair.name : GoString.quote(pair.name)
            return name + "=" + GoString.quote(pair.value)
        }.joined(separator: ", ") + "}"
    }
}
