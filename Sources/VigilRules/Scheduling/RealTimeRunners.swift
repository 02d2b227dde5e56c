import Foundation

/// The threads of a real-time ``RuleManager``: one per group, sleeping on
/// a shared condition so ``stop()`` wakes them all at once.
final class RealTimeRunners: @unchecked Sendable {
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var stopping = false
    private var running = 0
    private let now: @Sendable () -> Int64

    init(now: @escaping @Sendable () -> Int64) { self.now = now }

    func launch(group: RuleGroup, schedule: EvaluationSchedule, restore: Bool) {
        condition.withLock { running += 1 }
        let thread = Thread { [self] in
            run(group: group, schedule: schedule, restore: restore)
            condition.withLock {
                running -= 1
                condition.broadcast()
            }
        }
        thread.name = "vigil-rules: \(group.name)"
        thread.start()
    }

    func stop() {
        condition.withLock {
            stopping = true
            condition.broadcast()
            while running > 0 { condition.wait() }
        }
    }

    /// Prometheus's `Group.run`: wait for the first slot, evaluate; with a
    /// restore, evaluate once more and restore; then every interval,
    /// skipping (and counting) slots missed while an evaluation overran.
    private func run(group: RuleGroup, schedule: EvaluationSchedule, restore: Bool) {
        var slot = schedule.firstSlot(after: now())
        guard sleep(until: slot) else { return }
        group.evaluate(at: slot, wallTime: now())
        var pendingRestore = restore
        while true {
            guard sleep(until: slot &+ schedule.interval) else { return }
            let time = now()
            let missed = (time &- slot) / schedule.interval &- 1
            if missed > 0 { group.countMissed(Int(clamping: missed)) }
            slot = slot &+ (max(missed, 0) &+ 1) &* schedule.interval
            group.evaluate(at: slot, wallTime: time)
            if pendingRestore {
                group.restoreForState(at: now())
                pendingRestore = false
            }
        }
    }

    /// Sleeps until the clock reaches `deadline`; false when stopping.
    private func sleep(until deadline: Int64) -> Bool {
        condition.withLock {
            while !stopping {
                let remaining = deadline &- now()
                if remaining <= 0 { return true }
                _ = condition.wait(until: Date(timeIntervalSinceNow: Double(remaining) / 1000))
            }
            return false
        }
    }
}
