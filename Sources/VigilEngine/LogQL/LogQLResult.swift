import VigilCore

/// The result of a LogQL query, in the shapes of Loki's HTTP API.
public enum LogQLResult: Sendable, Equatable {
    /// A log query.
    case streams([LogStreamResult])
    /// A metric query evaluated at one time: one point per series.
    case vector([LogQLSeries])
    /// A metric query over a range of steps.
    case matrix([LogQLSeries])
    /// A number (a literal query at one time): milliseconds and value.
    case scalar(timestampMillis: Int64, value: Double)
}
