import Testing
import VigilAlerting
import VigilCore
import VigilStorage
@testable import VigilRules

/// Recording rules and what a group does with every rule's output:
/// storing it for later rules, stale markers, labels, offsets, errors.
@Suite struct GroupEvaluationTests {
    let canonical = RuleQuerier.promql { _, _ in [] }.canonicalText

    @Test func laterRulesReadEarlierOutputInTheSameEvaluation() throws {
        let store = SeriesStore()
        let first = canonical("sum by (job) (rate(requests_total[5m]))")
        let second = canonical("job:requests:rate5m * 2")
        let query: QueryFunc = { text, time in
            if text == first { return [sample(2, "job", "api"), sample(3, "job", "web")] }
            if text == second {
                // The stand-in reads the first rule's output at the query time.
                return store.values(named: "job:requests:rate5m", at: time).map { labels, value in
                    RuleSample(labels: labels.removing(Labels.metricName), value: value * 2)
                }
            }
            return []
        }
        let group = try group("""
            groups:
              - name: chain
                labels:
                  team: payments
                  tier: "1"
                rules:
                  - record: job:requests:rate5m
                    expr: sum by (job) (rate(requests_total[5m]))
                    labels:
                      tier: "2"
                  - record: job:requests:rate5m:doubled
                    expr: job:requests:rate5m * 2
            """, query: query, environment: RuleEnvironment(store: store))
        let report = group.evaluate(at: 10 * minute)
        #expect(report.samplesWritten == 4)
        #expect(store.values(named: "job:requests:rate5m", at: 10 * minute) == [
            labels("__name__", "job:requests:rate5m", "job", "api", "team", "payments", "tier", "2"): 2,
            labels("__name__", "job:requests:rate5m", "job", "web", "team", "payments", "tier", "2"): 3,
        ])
        // The group's labels apply to the second rule too, overriding the
        // tier its input carries.
        #expect(store.values(named: "job:requests:rate5m:doubled", at: 10 * minute) == [
            labels("__name__", "job:requests:rate5m:doubled", "job", "api", "team", "payments", "tier", "1"): 4,
            labels("__name__", "job:requests:rate5m:doubled", "job", "web", "team", "payments", "tier", "1"): 6,
        ])
        #expect(group.status().rules.map(\.health) == [.ok, .ok])
    }

    @Test func seriesThatDisappearGetAStaleMarker() throws {
        // TestStaleness: `a + 1` over a series with two samples and then a
        // stale marker, evaluated every second.
        let store = SeriesStore()
        let table = VectorTable(["a + 1": [0: [sample(2)], 1000: [sample(3)]]])
        let group = try group("""
            groups:
              - name: default
                interval: 1s
                rules:
                  - record: a_plus_one
                    expr: a + 1
            """, query: table.query, environment: RuleEnvironment(store: store))
        for time: Int64 in [0, 1000, 2000] { group.evaluate(at: time) }
        #expect(store.series(named: "a_plus_one") == [labels("__name__", "a_plus_one"): [
            Point(time: 0, value: 2), Point(time: 1000, value: 3), Point(time: 2000, value: stale)]])
        #expect(group.status().counters.staleMarkersWritten == 1)
    }

    @Test func queryOffsetFromTheGroupOrTheDefault() throws {
        let times = Collector<Int64>()
        let query: QueryFunc = { _, time in times.add(time); return [sample(1)] }
        let store = SeriesStore()
        let environment = RuleEnvironment(store: store, defaultQueryOffset: 30_000)
        let all = try groups("""
            groups:
              - name: own
                query_offset: 1m
                rules:
                  - record: own_offset
                    expr: vector(1)
              - name: global
                rules:
                  - record: global_offset
                    expr: vector(1)
            """, query: query, environment: environment)
        for group in all { group.evaluate(at: 10 * minute) }
        #expect(times.all == [9 * minute, 10 * minute - 30_000])
        #expect(all.map(\.queryOffset) == [minute, 30_000])
        #expect(store.series(named: "own_offset").values.first == [Point(time: 9 * minute, value: 1)])
        #expect(store.series(named: "global_offset").values.first == [Point(time: 10 * minute - 30_000, value: 1)])
    }

    @Test func recordingRuleErrors() throws {
        let table = VectorTable(["metric": [0: [sample(1, "__name__", "metric", "a", "1"),
                                                sample(2, "__name__", "metric", "a", "2")]]])
        let store = SeriesStore()
        let collision = try group("""
            groups:
              - name: g
                rules:
                  - record: flattened
                    expr: metric
                    labels:
                      a: x
            """, query: table.query, environment: RuleEnvironment(store: store))
        #expect(collision.evaluate(at: 0).failures.map(\.message)
                    == ["vector contains metrics with the same labelset after applying rule labels"])
        let limited = try group("""
            groups:
              - name: g
                limit: 1
                rules:
                  - record: copied
                    expr: metric
            """, query: table.query, environment: RuleEnvironment(store: store))
        #expect(limited.evaluate(at: 0).failures.map(\.message) == ["exceeded limit of 1 with 2 series"])
        #expect(limited.rule("copied")?.health == .err)
        #expect(limited.rule("copied")?.lastError == "exceeded limit of 1 with 2 series")
        #expect(store.seriesCount == 0)
    }

    @Test func refusedAppendsMakeTheRuleUnhealthy() throws {
        // TestRuleHealthUpdates: evaluating again in the past cannot append.
        let store = SeriesStore()
        let table = VectorTable(["a + 1": [0: [sample(2)], 1000: [sample(3)]]])
        let group = try group("""
            groups:
              - name: default
                interval: 1s
                rules:
                  - record: a_plus_one
                    expr: a + 1
            """, query: table.query, environment: RuleEnvironment(store: store))
        let before = try #require(group.rule("a_plus_one"))
        #expect(before.health == .unknown)
        #expect(before.lastError == nil)
        #expect(before.lastEvaluation == nil)
        group.evaluate(at: 0)
        group.evaluate(at: 1000)
        #expect(group.rule("a_plus_one")?.health == .ok)
        group.evaluate(at: 0)
        let after = try #require(group.rule("a_plus_one"))
        #expect(after.health == .err)
        #expect(after.lastError == "out of order sample")
        #expect(after.lastEvaluation == 0)
        #expect(group.status().counters.discardedOutOfOrder == 1)
        #expect(store.series(named: "a_plus_one").values.first == [Point(time: 0, value: 2), Point(time: 1000, value: 3)])
    }

    @Test func scalarsBecomeOneSampleVectorsAndStringsFail() throws {
        // EngineQueryFunc: a scalar is a vector of one sample without labels.
        let store = SeriesStore()
        let canonical = self.canonical
        let query = RuleQuerier.vector { text, _ in
            switch text {
            case canonical("scalar(up)"): return .scalar(5)
            case canonical(#""text""#): return .string("text")
            default: return .other(typeName: "matrix")
            }
        }
        let group = try group("""
            groups:
              - name: g
                rules:
                  - record: five
                    expr: scalar(up)
                  - record: text
                    expr: '"text"'
                  - alert: Five
                    expr: scalar(up)
                  - record: range
                    expr: up[5m]
            """, query: query, environment: RuleEnvironment(store: store))
        let report = group.evaluate(at: 0)
        #expect(store.values(named: "five", at: 0) == [labels("__name__", "five"): 5])
        #expect(group.alerts(of: "Five").map(\.labels) == [labels("alertname", "Five")])
        #expect(report.failures == [
            RuleFailure(rule: "text", message: "rule result is not a vector or scalar"),
            RuleFailure(rule: "range", message: "rule result is not a vector or scalar"),
        ])
    }

    @Test func aFailingRuleDoesNotStopTheOthers() throws {
        let store = SeriesStore()
        let broken = canonical("broken")
        let query: QueryFunc = { text, _ in
            if text == broken { throw RuleQueryError("out of memory") }
            return [sample(1)]
        }
        let group = try group("""
            groups:
              - name: g
                rules:
                  - record: first
                    expr: broken
                  - record: second
                    expr: vector(1)
            """, query: query, environment: RuleEnvironment(store: store))
        group.evaluate(at: 0)
        let status = group.status()
        #expect(status.rules.map(\.health) == [.err, .ok])
        #expect(status.rules.map(\.lastError) == ["out of memory", nil])
        #expect(status.counters.ruleFailures == 1)
        #expect(store.values(named: "second", at: 0) == [labels("__name__", "second"): 1])
    }

    @Test func statusReportsTheLastEvaluation() throws {
        let group = try group("""
            groups:
              - name: g
                interval: 30s
                limit: 5
                rules:
                  - alert: Up
                    expr: up
                    for: 2m
                    keep_firing_for: 1m
                    labels:
                      severity: page
                    annotations:
                      summary: "{{ $labels.job }}"
            """, query: { _, _ in [sample(1, "job", "api")] }, environment: RuleEnvironment(store: SeriesStore()))
        var status = group.status()
        #expect(status.interval == 30_000)
        #expect(status.limit == 5)
        #expect(status.lastEvaluationTimestamp == nil)
        #expect(status.rules[0].alerting?.state == nil)
        group.evaluate(at: 90_000, wallTime: 91_234)
        status = group.status()
        #expect(status.lastEvaluationTimestamp == 90_000)
        #expect(status.lastEvaluation == 91_234)
        #expect(status.counters.evaluations == 1)
        let rule = status.rules[0]
        #expect(rule.kind == .alerting)
        #expect(rule.query == "up")
        #expect(rule.labels == [Label("severity", "page")])
        #expect(rule.lastEvaluation == 91_234)
        let alerting = try #require(rule.alerting)
        #expect(alerting.holdDuration == 2 * minute)
        #expect(alerting.keepFiringFor == minute)
        #expect(alerting.annotations == [Label("summary", "{{ $labels.job }}")])
        #expect(alerting.state == .pending)
        #expect(alerting.alerts.map(\.activeAt) == [90_000])
    }
}
