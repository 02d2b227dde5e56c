/// A LogQL query that cannot run, with Loki's message.
public struct LogQLError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A stage could not be built (a template, a regex), or the query
        /// cannot be run this way (a log query as an instant query).
        case invalidQuery
        /// Loki's limits (`max_query_series`, `max_entries_limit_per_query`),
        /// and the samples a query may hold.
        case limit
        /// A metric query met a line with `__error__` (`pipeline error: ...`).
        case pipeline
        /// The vector operators failed: matching errors such as duplicate
        /// series, a timeout or cancellation.
        case execution
    }

    public let kind: Kind
    public let message: String
    public var description: String { message }

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// An error of the shared vector operators.
    init(_ error: QueryError) {
        switch error {
        case .tooManySamples: self.init(.limit, error.description)
        case .parse, .invalid: self.init(.invalidQuery, error.description)
        case .execution, .timeout, .cancelled, .unsupported: self.init(.execution, error.description)
        }
    }
}

/// Loki's default per-query limits.
public struct LogQLLimits: Sendable, Equatable {
    /// `max_query_series`: series a metric query may return.
    public var maxSeries: Int
    /// `max_entries_limit_per_query`: the largest `limit` of a log query.
    public var maxEntries: Int
    /// `query_timeout` (Loki's default 1m); nil for none.
    public var timeout: Duration?
    /// Step values a metric query may hold at once in the vector operators
    /// (Vigil's memory bound, as `EngineOptions.maxSamples` for PromQL).
    public var maxSamples: Int

    public init(maxSeries: Int = 500, maxEntries: Int = 5000, timeout: Duration? = .seconds(60),
                maxSamples: Int = 50_000_000) {
        self.maxSeries = maxSeries
        self.maxEntries = maxEntries
        self.timeout = timeout
        self.maxSamples = maxSamples
    }
}
