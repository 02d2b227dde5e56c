import VigilCore

/// The evaluation times of a metric query: `start, start+step, ..., end`
/// in nanoseconds, exactly (Loki does not align them to the step). An
/// instant query is the grid with `start == end`.
public struct LogQLStepGrid: Sendable, Equatable {
    public let startNanos: Int64
    public let endNanos: Int64
    /// Positive; an instant query uses 1, as Loki does.
    public let stepNanos: Int64

    public init(startNanos: Int64, endNanos: Int64, stepNanos: Int64) {
        self.startNanos = startNanos
        self.endNanos = max(startNanos, endNanos)
        self.stepNanos = max(1, stepNanos)
    }

    public static func instant(_ nanos: Int64) -> LogQLStepGrid { LogQLStepGrid(startNanos: nanos, endNanos: nanos, stepNanos: 1) }

    public var count: Int {
        let (span, overflow) = endNanos.subtractingReportingOverflow(startNanos)
        return overflow ? Int.max : Int(span / stepNanos) + 1
    }

    /// Loki's `max_query_resolution`-style guard: points per series.
    public static let maximumPoints = 11_000

    public func time(at index: Int) -> Int64 { startNanos &+ Int64(index) &* stepNanos }
}

/// One series of a range aggregation over a grid: its labels and its
/// values at the steps where it has one (ascending step indices). This is
/// the shape an instant-vector operator of the PromQL engine consumes:
/// series metadata first, then all steps of one series at a time.
public struct LogQLSeries: Sendable, Equatable {
    public var labels: Labels
    public var stepIndices: [Int32]
    public var values: [Double]
    /// Milliseconds of each point, as Loki reports them (see `LogQLEngine`).
    public var timestampsMillis: [Int64]

    public init(labels: Labels, stepIndices: [Int32] = [], values: [Double] = [], timestampsMillis: [Int64] = []) {
        self.labels = labels
        self.stepIndices = stepIndices
        self.values = values
        self.timestampsMillis = timestampsMillis
    }

    public static func == (lhs: LogQLSeries, rhs: LogQLSeries) -> Bool {
        lhs.labels == rhs.labels && lhs.stepIndices == rhs.stepIndices && lhs.timestampsMillis == rhs.timestampsMillis
            && lhs.values.count == rhs.values.count
            && zip(lhs.values, rhs.values).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }
    }
}
