import Foundation
import Synchronization

/// Runs groups on their intervals, against real or simulated time
/// (Prometheus's `rules.Manager` and `Group.run`).
///
/// A group's first evaluation is at the first slot after the manager
/// starts (its clock's time when created, for simulated time); then one
/// every interval. With ``Options/restoreForState`` a group writes no
/// `ALERTS` for its first two evaluations and restores its alerts' `for`
/// clocks from `ALERTS_FOR_STATE` after the second, as Prometheus does at
/// start-up (the first evaluations refresh the recording rules the alerts
/// may read).
///
/// Real time: each group has its own thread, so a slow or failing rule
/// delays only its own group; evaluations a group misses while one overran
/// are skipped and counted. Simulated time: ``advance(to:)`` evaluates,
/// on the calling thread, every evaluation due up to a time, in time order
/// (groups due at the same time in the order given).
public final class RuleManager: Sendable {
    public struct Options: Sendable {
        public var alignment: EvaluationAlignment
        /// Restore `for` state after each group's second evaluation.
        public var restoreForState: Bool

        public init(alignment: EvaluationAlignment = .aligned, restoreForState: Bool = true) {
            self.alignment = alignment
            self.restoreForState = restoreForState
        }
    }

    public let groups: [RuleGroup]
    public let clock: RuleClock
    public let options: Options
    let schedules: [EvaluationSchedule]
    private let simulation: Mutex<[GroupProgress]>
    private let runners: Mutex<RealTimeRunners?> = Mutex(nil)
    /// Serialises `advance(to:)` calls.
    private let advancing = NSLock()

    /// Where a group is in its schedule.
    struct GroupProgress: Sendable {
        var next: Int64
        var evaluations = 0
    }

    public init(groups: [RuleGroup], clock: RuleClock, options: Options = Options()) {
        self.groups = groups
        self.clock = clock
        self.options = options
        schedules = groups.map {
            EvaluationSchedule(interval: $0.interval, file: $0.file, name: $0.name, alignment: options.alignment)
        }
        let start = clock.now
        simulation = Mutex(schedules.map { GroupProgress(next: $0.firstSlot(after: start)) })
        for group in groups {
            if options.restoreForState { group.awaitRestore() } else { group.markRestored() }
        }
    }

    deinit { stop() }

    /// The next evaluation time of each group, in group order (simulated time).
    public func nextEvaluations() -> [Int64] {
        simulation.withLock { $0.map(\.next) }
    }

    /// Simulated time: evaluates every evaluation due at or before `time`,
    /// in time order, and leaves the clock at `time`. Returns the reports.
    @discardableResult
    public func advance(to time: Int64) throws(RuleManagerError) -> [GroupEvaluationReport] {
        guard case .simulated(let simulated) = clock else { throw .needsSimulatedClock }
        advancing.lock()
        defer { advancing.unlock() }
        var reports: [GroupEvaluationReport] = []
        while true {
            let due: (time: Int64, groups: [Int])? = simulation.withLock { progress in
                guard let next = progress.map(\.next).min(), next <= time else { return nil }
                return (next, progress.indices.filter { progress[$0].next == next })
            }
            guard let due else { break }
            simulated.set(due.time)
            for index in due.groups {
                reports.append(groups[index].evaluate(at: due.time))
                let count = simulation.withLock { progress in
                    progress[index].evaluations += 1
                    progress[index].next = due.time &+ schedules[index].interval
                    return progress[index].evaluations
                }
                if options.restoreForState && count == 2 { groups[index].restoreForState(at: due.time) }
            }
        }
        if simulated.now < time { simulated.set(time) }
        return reports
    }

    /// Real time: starts a thread per group. Returns at once.
    public func start() throws(RuleManagerError) {
        guard case .realTime(let now) = clock else { throw .needsRealTimeClock }
        try runners.withLock { (runners: inout RealTimeRunners?) throws(RuleManagerError) in
            guard runners == nil else { throw .alreadyStarted }
            let started = RealTimeRunners(now: now)
            for (group, schedule) in zip(groups, schedules) {
                started.launch(group: group, schedule: schedule, restore: options.restoreForState)
            }
            runners = started
        }
    }

    /// Every group's rules and last evaluation, in group order (what
    /// `/api/v1/rules` serves).
    public func status() -> [RuleGroupStatus] {
        groups.map { $0.status() }
    }

    /// The pending and firing alerts of every rule, in group and rule order
    /// (what `/api/v1/alerts` serves: resolved alerts still being re-sent
    /// are left out, as Prometheus leaves them out).
    public func activeAlerts() -> [ActiveAlert] {
        status().flatMap { group in
            group.rules.flatMap { rule in
                (rule.alerting?.alerts ?? []).filter { $0.resolvedAt == nil }.map {
                    ActiveAlert(group: group.name, file: group.file, rule: rule.name, alert: $0)
                }
            }
        }
    }

    /// Stops the threads, waiting for evaluations in progress to finish.
    /// Writes no stale markers (Prometheus does not either on shutdown).
    public func stop() {
        let stopping = runners.withLock { $0 }
        stopping?.stop()
    }
}

/// An alert with the rule and group it belongs to.
public struct ActiveAlert: Sendable, Hashable {
    public var group: String
    public var file: String
    public var rule: String
    public var alert: RuleAlert
}

public enum RuleManagerError: Error, Sendable, Equatable, CustomStringConvertible {
    case needsSimulatedClock
    case needsRealTimeClock
    case alreadyStarted

    public var description: String {
        switch self {
        case .needsSimulatedClock: return "advance(to:) needs a simulated clock"
        case .needsRealTimeClock: return "start() needs a real-time clock"
        case .alreadyStarted: return "the rule manager is already running"
        }
    }
}
