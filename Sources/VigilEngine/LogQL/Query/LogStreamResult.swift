import VigilCore

/// One stream of a log query's result: its labels after the pipeline and
/// its entries, in the query's direction.
public struct LogStreamResult: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        /// Unix nanoseconds.
        public var timestamp: Int64
        public var line: String

        public init(timestamp: Int64, line: String) {
            self.timestamp = timestamp
            self.line = line
        }
    }

    public var labels: Labels
    public var entries: [Entry]

    public init(labels: Labels, entries: [Entry]) {
        self.labels = labels
        self.entries = entries
    }
}
