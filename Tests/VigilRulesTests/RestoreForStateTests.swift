import Testing
import VigilAlerting
import VigilCore
import VigilStorage
@testable import VigilRules

/// Restoring `for` clocks from `ALERTS_FOR_STATE` after a restart, as
/// Prometheus's `TestForStateRestore` exercises `RestoreForState`
/// (outage tolerance 30m, grace period 10m, `for: 25m`).
@Suite struct RestoreForStateTests {
    static let expr = #"http_requests{group="canary", job="app-server"} < 100"#

    static func table() -> VectorTable {
        let series: [(String, [Double])] = [
            ("0", [75, 85, 50, 0, 0, 25, 0, 0, 40, 0, 120]),
            ("1", [125, 90, 60, 0, 0, 25, 0, 0, 40, 0, 130]),
        ]
        var rows: [Int64: [RuleSample]] = [:]
        for step in 0..<11 {
            rows[Int64(step) * 5 * minute] = series.compactMap { instance, values in
                values[step] < 100 ? sample(values[step], "__name__", "http_requests", "job", "app-server",
                                            "instance", instance, "group", "canary", "severity", "overwrite-me") : nil
            }
        }
        return VectorTable([expr: rows])
    }

    static func definition(forDuration: Int64) -> RuleGroupDefinition {
        RuleGroupDefinition(name: "default", interval: 1000, rules: [
            RuleDefinition(kind: .alerting("HTTPRequestRateLow"), expr: expr, forDuration: forDuration,
                           labels: labels("severity", "critical")),
        ])
    }

    static func environment(_ store: SeriesStore) -> RuleEnvironment {
        RuleEnvironment(store: store, outageTolerance: 30 * minute, forGracePeriod: 10 * minute)
    }

    /// A group as a restarted engine creates it: not yet restored.
    func restarted(_ store: SeriesStore, forDuration: Int64 = 25 * minute, query: @escaping QueryFunc = table().query) -> RuleGroup {
        RuleGroup(Self.definition(forDuration: forDuration), file: "", querier: .promql(query),
                  environment: Self.environment(store), restored: false)
    }

    func activeAt(_ group: RuleGroup) -> [String: Int64] {
        Dictionary(uniqueKeysWithValues: group.alerts(of: "HTTPRequestRateLow").map { ($0.labels.get("instance"), $0.activeAt) })
    }

    @Test func prometheusRestoreCases() throws {
        let store = SeriesStore()
        let original = RuleGroup(Self.definition(forDuration: 25 * minute), file: "", querier: .promql(Self.table().query),
                                 environment: Self.environment(store), restored: true)
        original.evaluate(at: 0)
        original.evaluate(at: 5 * minute)
        #expect(activeAt(original) == ["0": 0, "1": 5 * minute])

        // Normal restore: down for 10 minutes (last sample at 5m, restored at
        // 15m), neither alert had waited out `for`: the down time is added.
        let normal = restarted(store)
        normal.evaluate(at: 15 * minute)
        #expect(activeAt(normal) == ["0": 15 * minute, "1": 15 * minute])
        #expect(store.values(named: "ALERTS", at: 15 * minute).isEmpty, "no ALERTS before the restore")
        normal.restoreForState(at: 15 * minute)
        #expect(activeAt(normal) == ["0": 10 * minute, "1": 15 * minute])
        #expect(normal.status().rules[0].alerting?.restored == true)

        // Outage tolerance: at 40m the newest sample (5m) is older than 30m.
        let tooLate = restarted(store)
        tooLate.evaluate(at: 40 * minute)
        tooLate.restoreForState(at: 40 * minute)
        #expect(activeAt(tooLate) == ["0": 40 * minute, "1": 40 * minute])
        #expect(tooLate.status().rules[0].alerting?.restored == true)

        // No active alerts at 50m: nothing to restore.
        let quiet = restarted(store)
        quiet.evaluate(at: 50 * minute)
        quiet.restoreForState(at: 50 * minute)
        #expect(activeAt(quiet).isEmpty)

        // Grace period: the original ran until 20m; at 25m instance 0 has 5m
        // of `for` left (< grace): it fires one grace period after the
        // restore. Instance 1 has exactly 10m left: the down time is added,
        // which lands on the same time.
        for minutes: Int64 in [10, 15, 20] { original.evaluate(at: minutes * minute) }
        let grace = restarted(store)
        grace.evaluate(at: 25 * minute)
        grace.restoreForState(at: 25 * minute)
        #expect(activeAt(grace) == ["0": 10 * minute, "1": 10 * minute])
        for alert in grace.alerts(of: "HTTPRequestRateLow") {
            #expect(alert.activeAt + 25 * minute - 25 * minute == 10 * minute)
        }
    }

    @Test func alertThatHadFiredFiresAtTheNextEvaluation() throws {
        // `for` already waited out when the engine went down: activeAt goes
        // back to the stored value, and the next evaluation fires.
        let store = SeriesStore()
        let query: QueryFunc = { _, _ in [sample(1, "__name__", "up", "instance", "0")] }
        let original = RuleGroup(Self.definition(forDuration: 10 * minute), file: "", querier: .promql(query),
                                 environment: Self.environment(store), restored: true)
        for minutes: Int64 in [0, 5, 10, 15] { original.evaluate(at: minutes * minute) }
        #expect(original.alerts(of: "HTTPRequestRateLow").map(\.state) == [.firing])

        let restarted = restarted(store, forDuration: 10 * minute, query: query)
        restarted.evaluate(at: 20 * minute)
        #expect(restarted.alerts(of: "HTTPRequestRateLow").map(\.state) == [.pending])
        restarted.restoreForState(at: 20 * minute)
        #expect(activeAt(restarted) == ["0": 0])
        restarted.evaluate(at: 21 * minute)
        #expect(restarted.alerts(of: "HTTPRequestRateLow").map(\.state) == [.firing])
        #expect(store.values(named: "ALERTS", at: 21 * minute).keys.map { $0.get("alertstate") } == ["firing"])
        #expect(store.values(named: "ALERTS_FOR_STATE", at: 21 * minute).values.map { $0 } == [0])
    }

    @Test func shortForIsNotRestored() throws {
        // `for` below the grace period: the rule keeps its own (short) wait.
        let store = SeriesStore()
        let query: QueryFunc = { _, _ in [sample(1, "__name__", "up", "instance", "0")] }
        let original = RuleGroup(Self.definition(forDuration: 5 * minute), file: "", querier: .promql(query),
                                 environment: Self.environment(store), restored: true)
        original.evaluate(at: 0)
        let restarted = restarted(store, forDuration: 5 * minute, query: query)
        restarted.evaluate(at: 2 * minute)
        restarted.restoreForState(at: 2 * minute)
        #expect(activeAt(restarted) == ["0": 2 * minute])
        #expect(restarted.status().rules[0].alerting?.restored == true)
    }

    @Test func staleForStateIsNotRestored() throws {
        // The alert had resolved before the restart: its ALERTS_FOR_STATE
        // series ends in a stale marker, so a new alert starts afresh.
        let store = SeriesStore()
        let on = VectorTable([Self.expr: [0: [sample(1, "instance", "0")], 20 * minute: [sample(1, "instance", "0")]]])
        let original = RuleGroup(Self.definition(forDuration: 25 * minute), file: "", querier: .promql(on.query),
                                 environment: Self.environment(store), restored: true)
        original.evaluate(at: 0)
        original.evaluate(at: 5 * minute)
        let restarted = restarted(store, query: on.query)
        restarted.evaluate(at: 20 * minute)
        restarted.restoreForState(at: 20 * minute)
        #expect(activeAt(restarted) == ["0": 20 * minute])
    }
}
