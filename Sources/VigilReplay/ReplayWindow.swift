import VigilAlerting
import VigilCore

/// The simulated time a replay covers, in Unix milliseconds.
///
/// Evaluations happen on each group's grid (`k × interval`) after `from`
/// and at or before `to`. Samples before `from` are history: they are
/// visible from the start, as they would be to a Prometheus started at
/// `from`.
public struct ReplayWindow: Sendable, Equatable {
    public var from: Int64
    public var to: Int64

    public init(from: Int64, to: Int64) {
        self.from = from
        self.to = to
    }

    /// Where printed offsets (`+64m`) count from: `from` rounded down to
    /// the whole minute, so a recording starting at 02:00:03.2 reads in
    /// minutes after 02:00.
    public var origin: Int64 {
        from - ((from % 60_000) + 60_000) % 60_000
    }

    /// The window for a recording spanning `data`:
    /// - `from`: given, else the first sample;
    /// - `to`: given, else the last sample plus the longest `for` or
    ///   `keep_firing_for` of the rules plus Prometheus's 15 minutes of
    ///   resolved-alert retention, so that alerts still active when the
    ///   recording ends can resolve and be sent as resolved.
    public static func resolve(from: Int64?, to: Int64?, data: ClosedRange<Int64>?,
                               longestHold: Int64) throws(ReplayError) -> ReplayWindow {
        guard let start = from ?? data?.lowerBound else { throw .emptyWindow("no --from given and no data recorded") }
        let tail = max(0, longestHold).addingReportingOverflow(ResendPolicy.resolvedRetention)
        let defaultEnd = data.map { $0.upperBound.addingReportingOverflow(tail.partialValue) }
        let end: Int64
        if let to {
            end = to
        } else if let defaultEnd, !defaultEnd.overflow, !tail.overflow {
            end = defaultEnd.partialValue
        } else if data == nil {
            throw .emptyWindow("no --to given and no data recorded")
        } else {
            end = .max
        }
        guard end >= start else {
            throw .emptyWindow("the replay would end (\(RFC3339Millis.format(end))) before it starts (\(RFC3339Millis.format(start)))")
        }
        return ReplayWindow(from: start, to: end)
    }
}
