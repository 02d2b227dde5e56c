/// Counts the samples a query holds at once — samples loaded from storage
/// and step values alive in operators — like Prometheus's
/// `query.max-samples`, and fails the query when the cap is exceeded.
///
/// Operators acquire when they load or create values and release when they
/// hand them on or drop them; `peak` records the most held at any time.
public final class MemoryBudget {
    public let limit: Int
    public private(set) var current = 0
    public private(set) var peak = 0

    public init(limit: Int) { self.limit = limit }

    public func acquire(_ samples: Int) throws(QueryError) {
        current += samples
        if current > peak { peak = current }
        if current > limit { throw .tooManySamples }
    }

    public func release(_ samples: Int) {
        current -= samples
    }
}
