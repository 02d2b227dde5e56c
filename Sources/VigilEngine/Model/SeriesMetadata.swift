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
    public var finalLabels: Labels { dropName ? labels.withoutMetricName : labels }

    public var description: String { labels.description + (dropName ? " (drop name)" : "") }
}
