import Foundation
import Synchronization

/// Where a ``RuleManager`` takes its time from.
public enum RuleClock: Sendable {
    /// Real time: every group runs on its own thread and sleeps until its
    /// next evaluation. `now` is Unix milliseconds (default: the system clock).
    case realTime(now: @Sendable () -> Int64 = RuleClock.systemNow)
    /// Simulated time for replays and tests: time stands still until
    /// ``RuleManager/advance(to:)`` moves it, evaluating every group that
    /// falls due on the way, in time order.
    case simulated(SimulatedClock)

    /// The system clock in Unix milliseconds.
    public static let systemNow: @Sendable () -> Int64 = {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// The current time, Unix milliseconds.
    public var now: Int64 {
        switch self {
        case .realTime(let now): return now()
        case .simulated(let clock): return clock.now
        }
    }
}

/// A clock that moves only when a ``RuleManager`` advances it. Its `now`
/// can be handed to whatever else should run in simulated time, such as
/// `AutologSessions(now:)`.
public final class SimulatedClock: Sendable {
    private let time: Mutex<Int64>

    public init(start: Int64) { time = Mutex(start) }

    /// Unix milliseconds.
    public var now: Int64 { time.withLock { $0 } }

    /// A closure reading this clock.
    public var nowFunction: @Sendable () -> Int64 { { [self] in now } }

    func set(_ value: Int64) { time.withLock { $0 = value } }
}
