import Foundation

/// How fast simulated time runs.
public enum ReplayPace: Sendable, Equatable {
    /// Each instant is processed as soon as the previous one is done.
    case asFastAsPossible
    /// This many simulated seconds per wall-clock second.
    case speed(Double)
}

/// The wall clock a replay paces itself by and dates Alertmanager
/// deliveries with; tests substitute a clock that only moves when slept.
public struct WallClock: Sendable {
    /// Unix milliseconds.
    public var now: @Sendable () -> Int64
    /// Blocks for about this many milliseconds.
    public var sleep: @Sendable (_ milliseconds: Int64) -> Void

    public init(now: @escaping @Sendable () -> Int64, sleep: @escaping @Sendable (_ milliseconds: Int64) -> Void) {
        self.now = now
        self.sleep = sleep
    }

    public static let system = WallClock(
        now: { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) },
        sleep: { milliseconds in
            if milliseconds > 0 { Thread.sleep(forTimeInterval: Double(milliseconds) / 1000) }
        })
}

/// Holds a replay to its pace: simulated time `t` is processed no earlier
/// than `(t − from) / speed` after the replay started.
struct Pacer {
    let pace: ReplayPace
    let clock: WallClock
    let from: Int64
    private var wallStart: Int64?

    init(pace: ReplayPace, clock: WallClock, from: Int64) {
        self.pace = pace
        self.clock = clock
        self.from = from
    }

    mutating func wait(until time: Int64) {
        guard case .speed(let speed) = pace, speed > 0, speed.isFinite else { return }
        let start = wallStart ?? clock.now()
        wallStart = start
        let offset = (Double(time) - Double(from)) / speed
        guard offset.isFinite, offset < 9e15 else { return }
        let remaining = start + Int64(offset.rounded(.up)) - clock.now()
        if remaining > 0 { clock.sleep(remaining) }
    }
}
