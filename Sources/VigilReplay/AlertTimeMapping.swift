import VigilAlerting

/// How a replayed alert's times become times Alertmanager accepts.
///
/// Alertmanager judges `endsAt` against its own wall clock: an alert from
/// a 2025 recording, sent as recorded, is resolved on arrival. So every
/// alert is re-dated when it is sent: the replay's "now" (the evaluation
/// that sends it) becomes the wall clock's now, and any other time keeps
/// its distance from now divided by the replay speed:
///
///     wall(t) = wallNow + (t − simulatedNow) / speed
///
/// At `--speed 60` an alert valid for 4 simulated minutes (`4 ×
/// max(interval, resend delay)`) is valid for 4 wall seconds, matching
/// the 1-second wall interval between its resends; a firing alert stays
/// active in Alertmanager exactly as long as the replay keeps sending it,
/// and one resolved in the replay arrives with `endsAt` = now, resolved.
/// As fast as possible (`max`) the speed is taken as 1: durations stay as
/// recorded (an alert that has fired for an hour of simulated time started
/// an hour ago), since dividing by an unbounded speed would collapse them.
public struct AlertTimeMapping: Sendable {
    /// Simulated milliseconds per wall millisecond.
    public var speed: Double

    public init(speed: Double) {
        self.speed = speed > 0 && speed.isFinite ? speed : 1
    }

    public init(pace: ReplayPace) {
        switch pace {
        case .asFastAsPossible: self.init(speed: 1)
        case .speed(let speed): self.init(speed: speed)
        }
    }

    /// The wall-clock time (Unix ms) of simulated time `time`, sent when
    /// simulated time was `simulatedNow` and the wall clock `wallNow`.
    public func wallTime(of time: Int64, simulatedNow: Int64, wallNow: Int64) -> Int64 {
        let distance = (Double(time) - Double(simulatedNow)) / speed
        let shifted = Double(wallNow) + distance.rounded()
        guard shifted.isFinite, shifted > -9.2e18, shifted < 9.2e18 else { return wallNow }
        return Int64(shifted)
    }

    /// The alert with `startsAt` and `endsAt` re-dated.
    public func map(_ alert: Alert, simulatedNow: Int64, wallNow: Int64) -> Alert {
        var mapped = alert
        mapped.startsAt = alert.startsAt.map { wallTime(of: $0, simulatedNow: simulatedNow, wallNow: wallNow) }
        mapped.endsAt = alert.endsAt.map { wallTime(of: $0, simulatedNow: simulatedNow, wallNow: wallNow) }
        return mapped
    }
}
