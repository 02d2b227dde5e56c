/// A LogQL query that cannot run, with Loki's message.
public struct LogQLError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A stage could not be built (a template, a regex).
        case invalidQuery
        /// Loki's limits (`max_query_series`, `max_entries_limit_per_query`).
        case limit
        /// A metric query met a line with `__error__` (`pipeline error: ...`).
        case pipeline
        /// A query Vigil does not evaluate yet (vector operators over LogQL).
        case unsupported
    }

    public let kind: Kind
    public let message: String
    public var description: String { message }

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
}

/// Loki's default per-query limits.
public struct LogQLLimits: Sendable, Equatable {
    /// `max_query_series`: series a metric query may return.
    public var maxSeries: Int
    /// `max_entries_limit_per_query`: the largest `limit` of a log query.
    public var maxEntries: Int

    public init(maxSeries: Int = 500, maxEntries: Int = 5000) {
        self.maxSeries = maxSeries
        self.maxEntries = maxEntries
    }
}
