import Foundation
import Testing
import VigilAlerting
import VigilCore
import VigilStorage
@testable import VigilRules

@Suite struct RuleManagerTests {
    /// 2025-12-28T02:00:00Z, the start of the recorded incident.
    static let start: Int64 = 1_766_887_200_000

    static let rules = """
        groups:
          - name: fast
            interval: 30s
            rules:
              - record: fast_tick
                expr: vector(1)
          - name: slow
            interval: 1m
            rules:
              - alert: Always
                expr: vector(2)
        """

    @Test func simulatedTimeEvaluatesOnTheAlignedGridInTimeOrder() throws {
        let calls = Collector<(String, Int64)>()
        let canonical = RuleQuerier.promql { _, _ in [] }.canonicalText
        let query: QueryFunc = { text, time in
            calls.add((text == canonical("vector(1)") ? "fast" : "slow", time))
            return [sample(1)]
        }
        let store = SeriesStore()
        let clock = SimulatedClock(start: Self.start + 10_000)
        let manager = RuleManager(groups: try groups(Self.rules, query: query, environment: RuleEnvironment(store: store)),
                                  clock: .simulated(clock))
        #expect(manager.nextEvaluations() == [Self.start + 30_000, Self.start + 60_000])
        let reports = try manager.advance(to: Self.start + 2 * minute)
        let expected: [(String, Int64)] = [("fast", 30), ("fast", 60), ("slow", 60), ("fast", 90), ("fast", 120), ("slow", 120)]
        #expect(calls.all.map { "\($0.0)@\(($0.1 - Self.start) / 1000)" } == expected.map { "\($0.0)@\($0.1)" })
        #expect(reports.map(\.time) == expected.map { Self.start + $0.1 * 1000 })
        #expect(clock.now == Self.start + 2 * minute)
        #expect(manager.nextEvaluations() == [Self.start + 150_000, Self.start + 180_000])

        // Restore after the second evaluation: ALERTS from the third on.
        let slow = manager.groups[1]
        #expect(slow.status().rules[0].alerting?.restored == true)
        #expect(store.series(named: "ALERTS").isEmpty)
        try manager.advance(to: Self.start + 3 * minute)
        #expect(store.values(named: "ALERTS", at: Self.start + 3 * minute).count == 1)
        #expect(slow.alerts(of: "Always").map(\.state) == [.firing])
        #expect(slow.alerts(of: "Always").map(\.activeAt) == [Self.start + minute])
        #expect(manager.activeAlerts().map { "\($0.group)/\($0.rule)/\($0.alert.state.rawValue)" } == ["slow/Always/firing"])
        #expect(manager.status().map(\.lastEvaluationTimestamp) == [Self.start + 3 * minute, Self.start + 3 * minute])
    }

    @Test func aRestartedManagerKeepsTheForClock() throws {
        // Run 10 minutes, stop, start again 2 minutes later on the same store:
        // after its second evaluation the new manager restores activeAt, so
        // the alert fires 30 minutes after it first became active plus the
        // 4 minutes the old state was not being written.
        let rules = """
            groups:
              - name: g
                interval: 1m
                rules:
                  - alert: Slow
                    expr: up
                    for: 30m
            """
        let store = SeriesStore()
        let query: QueryFunc = { _, _ in [sample(1, "job", "api")] }
        let first = RuleManager(groups: try groups(rules, query: query, environment: RuleEnvironment(store: store)),
                                clock: .simulated(SimulatedClock(start: Self.start)))
        try first.advance(to: Self.start + 10 * minute)
        #expect(first.activeAlerts().map(\.alert.activeAt) == [Self.start + minute])
        #expect(store.values(named: "ALERTS_FOR_STATE", at: Self.start + 10 * minute).values.map { $0 }
                    == [Double((Self.start + minute) / 1000)])

        let second = RuleManager(groups: try groups(rules, query: query, environment: RuleEnvironment(store: store)),
                                 clock: .simulated(SimulatedClock(start: Self.start + 12 * minute)))
        try second.advance(to: Self.start + 13 * minute)
        #expect(second.activeAlerts().map(\.alert.activeAt) == [Self.start + 13 * minute])
        try second.advance(to: Self.start + 14 * minute)
        #expect(second.activeAlerts().map(\.alert.activeAt) == [Self.start + 5 * minute])
        try second.advance(to: Self.start + 34 * minute)
        #expect(second.activeAlerts().map(\.alert.state) == [.pending])
        try second.advance(to: Self.start + 35 * minute)
        #expect(second.activeAlerts().map(\.alert.state) == [.firing])
    }

    @Test func withoutRestoreAlertsAreWrittenAtOnce() throws {
        let store = SeriesStore()
        let manager = RuleManager(
            groups: try groups(Self.rules, query: { _, _ in [sample(1)] }, environment: RuleEnvironment(store: store)),
            clock: .simulated(SimulatedClock(start: Self.start)), options: .init(restoreForState: false))
        try manager.advance(to: Self.start + minute)
        #expect(store.values(named: "ALERTS", at: Self.start + minute).count == 1)
    }

    @Test func clocksMatchTheirEntryPoints() throws {
        let real = RuleManager(groups: [], clock: .realTime())
        #expect(throws: RuleManagerError.needsSimulatedClock) { try real.advance(to: 0) }
        let simulated = RuleManager(groups: [], clock: .simulated(SimulatedClock(start: 0)))
        #expect(throws: RuleManagerError.needsRealTimeClock) { try simulated.start() }
    }

    @Test func evaluationSlots() {
        let aligned = EvaluationSchedule(interval: minute, file: "f", name: "g", alignment: .aligned)
        #expect(aligned.slot(atOrBefore: 90_000) == 60_000)
        #expect(aligned.slot(atOrBefore: 60_000) == 60_000)
        #expect(aligned.slot(atOrBefore: -1) == -60_000)
        #expect(aligned.firstSlot(after: 60_000) == 120_000)
        // FNV-1a 64 test vectors.
        #expect(EvaluationSchedule.fnv1a("") == 0xcbf2_9ce4_8422_2325)
        #expect(EvaluationSchedule.fnv1a("a") == 0xaf63_dc4c_8601_ec8c)
        let spread = EvaluationSchedule(interval: minute, file: "f", name: "g", alignment: .spreadByGroup)
        let offset = Int64(EvaluationSchedule.fnv1a("f;g") % UInt64(minute))
        #expect(spread.offset == offset)
        #expect(spread.slot(atOrBefore: 10 * minute + offset) == 10 * minute + offset)
        #expect(spread.slot(atOrBefore: 10 * minute + offset - 1) == 9 * minute + offset)
    }

    @Test func realTimeGroupsRunIndependently() throws {
        // A group whose query takes 400 ms does not hold up a group
        // evaluated every 50 ms; its own missed slots are counted.
        let canonical = RuleQuerier.promql { _, _ in [] }.canonicalText
        let slowText = canonical("vector(2)")
        let fastTimes = Collector<Int64>()
        let query: QueryFunc = { text, time in
            if text == slowText {
                Thread.sleep(forTimeInterval: 0.4)
            } else {
                fastTimes.add(time)
            }
            return [sample(1)]
        }
        let fast = try group("""
            groups:
              - name: fast
                interval: 50ms
                rules:
                  - record: fast_tick
                    expr: vector(1)
            """, query: query, environment: RuleEnvironment(store: SeriesStore()))
        let slow = try group("""
            groups:
              - name: slow
                interval: 50ms
                rules:
                  - record: slow_tick
                    expr: vector(2)
            """, query: query, environment: RuleEnvironment(store: SeriesStore()))
        let manager = RuleManager(groups: [fast, slow], clock: .realTime())
        try manager.start()
        #expect(throws: RuleManagerError.alreadyStarted) { try manager.start() }
        Thread.sleep(forTimeInterval: 1.0)
        manager.stop()
        let times = fastTimes.all
        #expect(times.count >= 4, "fast group evaluated \(times.count) times")
        #expect(times.allSatisfy { $0 % 50 == 0 }, "evaluation times on the 50 ms grid")
        #expect(zip(times, times.dropFirst()).allSatisfy { $0 < $1 })
        let slowStatus = slow.status()
        #expect(slowStatus.counters.evaluations <= 3)
        #expect(slowStatus.counters.missedIterations > 0)
        #expect(fast.status().counters.evaluations > slowStatus.counters.evaluations)
        // Stopped: no further evaluations.
        let count = fastTimes.all.count
        Thread.sleep(forTimeInterval: 0.2)
        #expect(fastTimes.all.count == count)
    }
}
