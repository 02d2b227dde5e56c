import VigilCore

/// Why a sample was not stored; the message names the series and the
/// timestamps, with Prometheus's wording ("out of order sample",
/// "duplicate sample for timestamp").
public struct AppendError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The timestamp is older than the newest sample of the series.
        case outOfOrder(newest: Int64)
        /// The timestamp equals the newest sample's but the value differs.
        case duplicateTimestamp(existing: Double)
        /// A sample needs at least one label.
        case emptyLabelSet
        /// The id does not belong to this store (or predates `clear()`).
        case unknownSeries
        /// The sample's time does not fit in Int64 milliseconds (a series
        /// expanded from `timestamp` ran past the end of time).
        case timestampOutOfRange

        public static func == (lhs: Kind, rhs: Kind) -> Bool {
            switch (lhs, rhs) {
            case (.outOfOrder(let a), .outOfOrder(let b)): return a == b
            case (.duplicateTimestamp(let a), .duplicateTimestamp(let b)): return a.bitPattern == b.bitPattern
            case (.emptyLabelSet, .emptyLabelSet), (.unknownSeries, .unknownSeries),
                 (.timestampOutOfRange, .timestampOutOfRange): return true
            default: return false
            }
        }
    }

    public let kind: Kind
    public let series: Labels
    public let timestamp: Int64
    public let value: Double

    public var description: String {
        switch kind {
        case .outOfOrder(let newest):
            return "out of order sample: timestamp \(timestamp) for series \(series) is older than its newest sample at \(newest)"
        case .duplicateTimestamp(let existing):
            return "duplicate sample for timestamp \(timestamp) for series \(series): stored value \(GoFloatText.string(existing)), new value \(GoFloatText.string(value))"
        case .emptyLabelSet:
            return "empty label set: a sample needs at least one label (timestamp \(timestamp))"
        case .unknownSeries:
            return "unknown series id for sample at timestamp \(timestamp)"
        case .timestampOutOfRange:
            return "sample time out of range for series \(series): points starting at \(timestamp) run past the largest timestamp"
        }
    }

    public static func == (lhs: AppendError, rhs: AppendError) -> Bool {
        lhs.kind == rhs.kind && lhs.series == rhs.series && lhs.timestamp == rhs.timestamp
            && lhs.value.bitPattern == rhs.value.bitPattern
    }
}

/// A sample with its label set, for appends that name series by labels.
public struct LabeledSample: Sendable {
    public var labels: Labels
    public var timestamp: Int64
    public var value: Double

    public init(_ labels: Labels, _ timestamp: Int64, _ value: Double) {
        self.labels = labels
        self.timestamp = timestamp
        self.value = value
    }
}

/// A sample of a batch that was not stored: its position in the batch and why.
public struct RejectedSample: Sendable, Equatable, CustomStringConvertible {
    public let index: Int
    public let error: AppendError
    public var description: String { "sample \(index): \(error)" }
}
