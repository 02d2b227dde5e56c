import VigilCore

/// What an instant-vector operator says about one series before producing
/// its samples: the labels, and whether the metric name is to be dropped.
///
/// With Prometheus 3's delayed name removal the `__name__` label stays in
/// `labels` while an operation that would drop it only sets `dropName`; the
/// name is removed when the query's result is assembled. Without it,
/// operators remove the name at once and `dropName` stays false.
public struct SeriesMetadata: Hashable, Sendable, CustomStringConvertible {
    public var labels: Labels
    public var dropName: Bool

    public init(labels: Labels, dropName: Bool = false) {
        self.labels = labels
        self.dropName = dropName
    }

    /// The labels the series will have in the result.
    public var finalLabels: Labels { dropName ? labels.withoutMetadataLabels : labels }

    public var description: String { labels.description + (dropName ? " (drop name)" : "") }
}

extension Labels {
    /// Without `__name__` and the type-and-unit metadata labels `__type__`
    /// and `__unit__`: what Prometheus removes when an operation changes
    /// what a value means (`DropReserved(schema.IsMetadataLabel)`).
    public var withoutMetadataLabels: Labels {
        Labels(sortedUnchecked: pairs.filter { $0.name != "__name__" && $0.name != "__type__" && $0.name != "__unit__" })
    }
}
