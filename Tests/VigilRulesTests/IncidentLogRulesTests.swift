import Foundation
import Testing
import VigilCore
import VigilEngine
import VigilStorage
@testable import VigilRules

/// The bundled Loki rules over the bundled incident's logs
/// (`Corpus/incident/logs.jsonl.zst`), evaluated every minute from 02:55 to
/// 05:00 as Vigil's rule groups run them, against the timeline the
/// incident's README gives for each rule ("Rule by rule", Loki section):
/// when the condition holds and when each alert fires, per service. The
/// README's first hour is the history the `offset 1h` rules compare with
/// (their alerts then are artefacts it describes), so alerts are compared
/// from minute 65, and evaluation starts early enough for every `for`.
@Suite struct IncidentLogRulesTests {
    /// 2025-12-28T02:00:00Z, minute 0 of the recording.
    static let origin: Int64 = 1_766_887_200_000

    /// An alert of `rule` whose labels include `labels`: the minutes it is
    /// pending or firing, and those it is firing (intervals `[from, to)`).
    struct Expectation {
        var rule: String
        var labels: [String: String]
        var active: [Range<Int>]
        var firing: [Range<Int>]
    }

    /// The README's table, from minute 65 on (before it, rules that compare
    /// with an hour earlier see an empty history).
    static let expectations: [Expectation] = {
        func same(_ rule: String, _ labels: [String: String], _ ranges: Range<Int>...) -> Expectation {
            Expectation(rule: rule, labels: labels, active: ranges, firing: ranges)
        }
        let order = ["service_name": "order-service"], cart = ["service_name": "cart-service"]
        let orderProd = ["service_name": "order-service", "deployment_environment": "production"]
        let cartProd = ["service_name": "cart-service", "deployment_environment": "production"]
        return [
            same("FatalErrorDetected", orderProd, 82..<84),
            same("SustainedHighErrorCount", orderProd, 65..<125),
            same("SustainedHighErrorCount", cartProd, 95..<111, 144..<164),
            Expectation(rule: "HighErrorLogRate", labels: order, active: [64..<115], firing: [66..<115]),
            Expectation(rule: "HighErrorLogRate", labels: cart, active: [90..<106, 142..<157],
                        firing: [92..<106, 144..<157]),
            // "62 → 67 → 116 (pending from 61)": the background error makes the
            // condition hold from 61 on, so the 5m `for` ends at 66.
            Expectation(rule: "ErrorSpike", labels: order, active: [61..<116], firing: [66..<116]),
            Expectation(rule: "ErrorSpike", labels: cart, active: [89..<107, 141..<151], firing: [94..<107, 146..<151]),
            Expectation(rule: "CrossEnvironmentErrors", labels: cart, active: [89..<107], firing: [94..<107]),
            same("NewErrorPattern", ["service_name": "order-service", "msg": "payment upstream timeout"], 63..<120),
            same("NewErrorPattern", ["service_name": "order-service", "msg": "connection pool acquire timeout"], 65..<121),
            same("NewErrorPattern", ["service_name": "cart-service", "msg": "panic recovered"], 140..<163),
            same("DatabaseErrors", order, 129..<134),
            same("DatabaseErrors", ["service_name": "payment-service"], 129..<134),
            same("DatabaseErrors", cart, 129..<134),
            same("AuthenticationErrors", ["service_name": "api-gateway"], 105..<114),
            Expectation(rule: "ExternalServiceFailures", labels: order, active: [63..<116], firing: [65..<116]),
            Expectation(rule: "AutoExplainStalled", labels: ["app": "postgres", "namespace": "java-tasks"],
                        active: [155..<172], firing: [165..<172]),
        ]
    }()

    /// Async, yielding after every minute: the evaluations take tens of
    /// seconds in a debug build, and a test that holds one of the few
    /// cooperative threads that long starves the tests that wait on I/O.
    @Test func lokiRulesFollowTheIncidentTimeline() async throws {
        let logs = LogStore()
        let path = LogQLRuleTests.packageRoot.appendingPathComponent("Corpus/incident/logs.jsonl.zst").path
        let report = try LogcliJSONLReader.read(contentsOf: path, into: logs)
        #expect(report.errors.isEmpty && report.stored == 21_258)

        let environment = RuleEnvironment(store: SeriesStore())
        let groups = try RuleGroupLoader().groups(from: LogQLRuleTests.lokiRuleFiles,
                                                  querier: .logql(engine: LogQLEngine(), logStore: logs),
                                                  environment: environment)
        // For each (rule, alert labels): minute → firing?
        var timeline: [String: [Labels: [Int: Bool]]] = [:]
        for minute in 55...180 {
            for group in groups {
                group.evaluate(at: Self.origin + Int64(minute) * 60_000)
                for rule in group.status().rules {
                    #expect(rule.health == .ok, "\(rule.name) at minute \(minute): \(rule.lastError ?? "")")
                    for alert in rule.alerting?.alerts ?? [] where alert.state != .inactive {
                        timeline[rule.name, default: [:]][alert.labels, default: [:]][minute] = alert.state == .firing
                    }
                }
            }
            await Task.yield()
        }

        let from = 65
        func minutes(_ ranges: [Range<Int>]) -> [Int] { ranges.flatMap { Array($0) }.filter { $0 >= from } }
        var explained: [String: Set<Labels>] = [:]
        for expectation in Self.expectations {
            let alerts = (timeline[expectation.rule] ?? [:]).filter { labels, _ in
                expectation.labels.allSatisfy { labels.get($0.key) == $0.value }
            }
            #expect(!alerts.isEmpty, "\(expectation.rule) \(expectation.labels): never active")
            for (labels, states) in alerts {
                explained[expectation.rule, default: []].insert(labels)
                let active = states.keys.filter { $0 >= from }.sorted()
                let firing = states.filter { $0.key >= from && $0.value }.keys.sorted()
                #expect(active == minutes(expectation.active), "\(expectation.rule) \(labels) active")
                #expect(firing == minutes(expectation.firing), "\(expectation.rule) \(labels) firing")
            }
        }
        // No other alert is active after the first hour, except NewErrorPattern's
        // cart-service messages and "query failed" lines, checked below.
        for (rule, alerts) in timeline where rule != "NewErrorPattern" {
            for (labels, states) in alerts where states.keys.contains(where: { $0 >= from }) {
                #expect(explained[rule]?.contains(labels) == true, "unexpected \(rule) \(labels)")
            }
        }
        let patterns = (timeline["NewErrorPattern"] ?? [:]).filter { _, states in states.keys.contains { $0 >= from } }
        let queryFailed = patterns.filter { $0.key.get("msg").hasPrefix("query failed") }
        #expect(Set(queryFailed.keys.map { $0.get("service_name") }) == ["order-service", "payment-service", "cart-service"])
        for states in queryFailed.values { #expect(states.keys.sorted() == Array(129..<139)) }
    }
}
