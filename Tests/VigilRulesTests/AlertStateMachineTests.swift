import Testing
import VigilAlerting
import VigilCore
import VigilStorage
@testable import VigilRules

/// The alert state machine against the timelines of Prometheus's own tests
/// (`rules/alerting_test.go`, `rules/manager_test.go`): the input vector of
/// each evaluation is given, the `ALERTS`/`ALERTS_FOR_STATE` samples and
/// alert states are what Prometheus 3.x produces for it.
@Suite struct AlertStateMachineTests {
    static let canaryExpr = #"http_requests{group="canary", job="app-server"} < 100"#

    /// `TestAlertingRule`/`TestForStateAddSamples`: two series sampled every
    /// 5 minutes, `< 100`, `for: 1m`, a templated label overriding one of
    /// the series' labels.
    static func canaryTable() -> VectorTable {
        let values: [(instance: String, values: [Double])] = [
            ("0", [75, 85, 95, 105, 105, 95, 85]),
            ("1", [80, 90, 100, 110, 120, 130, 140]),
        ]
        var rows: [Int64: [RuleSample]] = [:]
        for step in 0..<7 {
            rows[Int64(step) * 5 * minute] = values.compactMap { series in
                let value = series.values[step]
                guard value < 100 else { return nil }
                return sample(value, "__name__", "http_requests", "job", "app-server", "instance", series.instance,
                              "group", "canary", "severity", "overwrite-me")
            }
        }
        return VectorTable([canaryExpr: rows])
    }

    static let canaryRules = """
        groups:
          - name: default
            interval: 5m
            rules:
              - alert: HTTPRequestRateLow
                expr: http_requests{group="canary", job="app-server"} < 100
                for: 1m
                labels:
                  severity: '{{"c"}}ritical'
        """

    func alertLabels(_ instance: String, extra: String...) -> Labels {
        var pairs = ["alertname", "HTTPRequestRateLow", "group", "canary", "instance", instance,
                     "job", "app-server", "severity", "critical"]
        pairs += extra
        var result: [Label] = []
        for index in stride(from: 0, to: pairs.count, by: 2) { result.append(Label(pairs[index], pairs[index + 1])) }
        return Labels(result)
    }

    func alertsSeries(_ instance: String, _ state: String) -> Labels {
        alertLabels(instance, extra: "__name__", "ALERTS", "alertstate", state)
    }

    func forStateSeries(_ instance: String) -> Labels {
        alertLabels(instance, extra: "__name__", "ALERTS_FOR_STATE")
    }

    @Test func pendingFiringResolvedAndBack() throws {
        let store = SeriesStore()
        let group = try group(Self.canaryRules, query: Self.canaryTable().query,
                              environment: RuleEnvironment(store: store))
        let expected: [(minutes: Int64, alerts: [Labels], forState: [String: Double])] = [
            (0, [alertsSeries("0", "pending"), alertsSeries("1", "pending")], ["0": 0, "1": 0]),
            (5, [alertsSeries("0", "firing"), alertsSeries("1", "firing")], ["0": 0, "1": 0]),
            (10, [alertsSeries("0", "firing")], ["0": 0]),
            (15, [], [:]),
            (20, [], [:]),
            (25, [alertsSeries("0", "pending")], ["0": 1500]),
            (30, [alertsSeries("0", "firing")], ["0": 1500]),
        ]
        for step in expected {
            let time = step.minutes * minute
            group.evaluate(at: time)
            #expect(store.values(named: "ALERTS", at: time) == Dictionary(uniqueKeysWithValues: step.alerts.map { ($0, 1.0) }),
                    "ALERTS at \(step.minutes)m")
            let forState = Dictionary(uniqueKeysWithValues: step.forState.map { (forStateSeries($0.key), $0.value) })
            #expect(store.values(named: "ALERTS_FOR_STATE", at: time) == forState, "ALERTS_FOR_STATE at \(step.minutes)m")
            for alert in group.alerts(of: "HTTPRequestRateLow") {
                #expect(alert.labels.metricName == nil)
            }
        }
        // Series the rule stopped writing got stale markers, as group.go writes them.
        let alerts = store.series(named: "ALERTS")
        #expect(alerts[alertsSeries("0", "pending")] == [
            Point(time: 0, value: 1), Point(time: 5 * minute, value: stale),
            Point(time: 25 * minute, value: 1), Point(time: 30 * minute, value: stale)])
        #expect(alerts[alertsSeries("1", "pending")] == [Point(time: 0, value: 1), Point(time: 5 * minute, value: stale)])
        #expect(alerts[alertsSeries("0", "firing")] == [
            Point(time: 5 * minute, value: 1), Point(time: 10 * minute, value: 1),
            Point(time: 15 * minute, value: stale), Point(time: 30 * minute, value: 1)])
        #expect(alerts[alertsSeries("1", "firing")] == [Point(time: 5 * minute, value: 1), Point(time: 10 * minute, value: stale)])
        let forState = store.series(named: "ALERTS_FOR_STATE")
        #expect(forState[forStateSeries("0")] == [
            Point(time: 0, value: 0), Point(time: 5 * minute, value: 0), Point(time: 10 * minute, value: 0),
            Point(time: 15 * minute, value: stale), Point(time: 25 * minute, value: 1500),
            Point(time: 30 * minute, value: 1500)])
        #expect(forState[forStateSeries("1")] == [
            Point(time: 0, value: 0), Point(time: 5 * minute, value: 0), Point(time: 10 * minute, value: stale)])
    }

    @Test func queryOffsetShiftsQueryAndSamplesButNotActiveAt() throws {
        // TestForStateAddSamples with a 1m query offset: evaluations at
        // t + 1m query at t and write at t; ALERTS_FOR_STATE holds the
        // evaluation time of activation.
        let store = SeriesStore()
        let rules = Self.canaryRules.replacingOccurrences(of: "interval: 5m", with: "interval: 5m\n    query_offset: 1m")
        let group = try group(rules, query: Self.canaryTable().query, environment: RuleEnvironment(store: store))
        for step: Int64 in [0, 5, 10, 15, 20, 25, 30] {
            group.evaluate(at: step * minute + minute)
        }
        #expect(store.values(named: "ALERTS", at: 0) == [alertsSeries("0", "pending"): 1, alertsSeries("1", "pending"): 1])
        #expect(store.values(named: "ALERTS_FOR_STATE", at: 0) == [forStateSeries("0"): 60, forStateSeries("1"): 60])
        #expect(store.values(named: "ALERTS_FOR_STATE", at: 30 * minute) == [forStateSeries("0"): 1560])
        #expect(store.values(named: "ALERTS", at: 30 * minute) == [alertsSeries("0", "firing"): 1])
        #expect(store.values(named: "ALERTS", at: 31 * minute).isEmpty)
    }

    @Test func labelTemplatesDependingOnTheValueRestartPending() throws {
        // TestAlertingRuleLabelsUpdate: 75 85 70 70 every minute, `< 100`,
        // severity depends on the value, so the label set changes and the
        // alert only fires once it has held for a minute.
        let values: [Double] = [75, 85, 70, 70]
        var rows: [Int64: [RuleSample]] = [:]
        for (index, value) in values.enumerated() {
            rows[Int64(index) * minute] = [sample(value, "__name__", "http_requests", "job", "app-server", "instance", "0")]
        }
        let store = SeriesStore()
        let group = try group("""
            groups:
              - name: g
                rules:
                  - alert: HTTPRequestRateLow
                    expr: http_requests < 100
                    for: 1m
                    labels:
                      severity: "{{ if lt $value 80.0 }}critical{{ else }}warning{{ end }}"
            """, query: VectorTable(["http_requests < 100": rows]).query, environment: RuleEnvironment(store: store))
        let expected: [(String, String)] = [("pending", "critical"), ("pending", "warning"), ("pending", "critical"),
                                            ("firing", "critical")]
        for (index, (state, severity)) in expected.enumerated() {
            let time = Int64(index) * minute
            group.evaluate(at: time)
            #expect(store.values(named: "ALERTS", at: time) == [labels(
                "__name__", "ALERTS", "alertname", "HTTPRequestRateLow", "alertstate", state,
                "instance", "0", "job", "app-server", "severity", severity): 1], "at \(index)m")
        }
    }

    static let templatedLabelTable = VectorTable(["http_requests < 100": [0: [
        sample(75, "__name__", "http_requests", "job", "app-server", "instance", "0")]]])

    func templatedLabel(_ text: String, environment: RuleEnvironment) throws -> String? {
        let group = try group("""
            groups:
              - name: g
                rules:
                  - alert: Templated
                    expr: http_requests < 100
                    for: 1m
                    labels:
                      templated_label: '\(text)'
            """, query: Self.templatedLabelTable.query, environment: environment)
        group.evaluate(at: 0)
        return group.alerts(of: "Templated").first?.labels["templated_label"]
    }

    @Test func externalLabelsAndURLInTemplates() throws {
        // TestAlertingRuleExternalLabelsInTemplate, TestAlertingRuleExternalURLInTemplate.
        let text = "There are {{ len $externalLabels }} external Labels, of which foo is {{ $externalLabels.foo }}."
        #expect(try templatedLabel(text, environment: RuleEnvironment(store: SeriesStore()))
                    == "There are 0 external Labels, of which foo is .")
        #expect(try templatedLabel(text, environment: RuleEnvironment(
                    store: SeriesStore(), externalLabels: labels("foo", "bar", "dings", "bums")))
                    == "There are 2 external Labels, of which foo is bar.")
        let url = "The external URL is {{ $externalURL }}."
        #expect(try templatedLabel(url, environment: RuleEnvironment(store: SeriesStore())) == "The external URL is .")
        #expect(try templatedLabel(url, environment: RuleEnvironment(store: SeriesStore(), externalURL: "http://localhost:1234"))
                    == "The external URL is http://localhost:1234.")
    }

    @Test func emptyLabelRemovesTheLabel() throws {
        // TestAlertingRuleEmptyLabelFromTemplate, and an empty value removing
        // a label the series has.
        let store = SeriesStore()
        let group = try group("""
            groups:
              - name: g
                rules:
                  - alert: EmptyLabel
                    expr: http_requests < 100
                    for: 1m
                    labels:
                      empty_label: ""
                      instance: ""
            """, query: Self.templatedLabelTable.query, environment: RuleEnvironment(store: store))
        group.evaluate(at: 0)
        #expect(store.values(named: "ALERTS", at: 0) == [labels(
            "__name__", "ALERTS", "alertname", "EmptyLabel", "alertstate", "pending", "job", "app-server"): 1])
    }

    @Test func labelTemplateExpandingToEmptyShowsItsTextInAlerts() throws {
        // Prometheus builds ALERTS on the rule's labels as written, then the
        // alert's: a label the template expanded to "" is not on the alert,
        // so its template text remains on the ALERTS series.
        let store = SeriesStore()
        let group = try group("""
            groups:
              - name: g
                rules:
                  - alert: Blank
                    expr: http_requests < 100
                    labels:
                      team: "{{ if false }}x{{ end }}"
            """, query: Self.templatedLabelTable.query, environment: RuleEnvironment(store: store))
        group.evaluate(at: 0)
        #expect(group.alerts(of: "Blank").first?.labels == labels("alertname", "Blank", "instance", "0", "job", "app-server"))
        #expect(store.values(named: "ALERTS", at: 0) == [labels(
            "__name__", "ALERTS", "alertname", "Blank", "alertstate", "firing", "instance", "0", "job", "app-server",
            "team", "{{ if false }}x{{ end }}"): 1])
    }

    @Test func labelSetCollisionFailsTheRule() throws {
        // TestAlertingRuleDuplicate: `vector(0) or label_replace(vector(0),"test","x","","")`
        // with the rule label test="test" yields the same alert twice.
        let expr = #"vector(0) or label_replace(vector(0), "test", "x", "", "")"#
        let store = SeriesStore()
        let group = try group("""
            groups:
              - name: g
                rules:
                  - alert: foo
                    expr: 'vector(0) or label_replace(vector(0), "test", "x", "", "")'
                    for: 1m
                    labels:
                      test: test
            """, query: VectorTable([expr: [0: [sample(0), sample(0, "test", "x")]]]).query,
            environment: RuleEnvironment(store: store))
        let report = group.evaluate(at: 0)
        #expect(report.failures == [RuleFailure(rule: "foo", message: "vector contains metrics with the same labelset after applying alert labels")])
        let status = try #require(group.rule("foo"))
        #expect(status.health == .err)
        #expect(status.lastError == "vector contains metrics with the same labelset after applying alert labels")
        #expect(status.alerting?.alerts.isEmpty == true)
        #expect(store.seriesCount == 0)
    }

    @Test(arguments: [(0, nil), (-1, nil), (2, nil), (1, "exceeded limit of 1 with 2 alerts")] as [(Int, String?)])
    func groupLimit(limit: Int, error: String?) throws {
        // TestAlertingRuleLimit: two alerts against limits 0 (none), -1
        // (none), 2 and 1.
        let table = VectorTable(["metric > 0": [0: [sample(1, "__name__", "metric", "label", "1"),
                                                    sample(1, "__name__", "metric", "label", "2")]]])
        var definition = RuleGroupDefinition(name: "g", limit: limit, rules: [
            RuleDefinition(kind: .alerting("foo"), expr: "metric > 0", forDuration: minute, labels: labels("test", "test")),
        ])
        definition.interval = minute
        let store = SeriesStore()
        let group = RuleGroup(definition, file: "f", querier: .promql(table.query), environment: RuleEnvironment(store: store))
        let report = group.evaluate(at: 0)
        #expect(report.failures.map(\.message) == (error.map { [$0] } ?? []))
        // Exceeding the limit drops every alert and writes nothing.
        #expect(group.alerts(of: "foo").count == (error == nil ? 2 : 0))
        #expect(store.values(named: "ALERTS", at: 0).count == (error == nil ? 2 : 0))
    }

    static func keepFiringTable(_ values: [Double]) -> VectorTable {
        var rows: [Int64: [RuleSample]] = [:]
        for (index, value) in values.enumerated() where value > 50 {
            rows[Int64(index) * minute] = [sample(value, "__name__", "http_requests", "job", "app-server", "instance", "0")]
        }
        return VectorTable(["http_requests > 50": rows])
    }

    static let keepFiringRules = """
        groups:
          - name: g
            rules:
              - alert: HTTPRequestRateHigh
                expr: http_requests > 50
                for: 1m
                keep_firing_for: 1m
        """

    func alertsState(_ store: SeriesStore, at time: Int64) -> [String] {
        store.values(named: "ALERTS", at: time).keys.map { $0.get("alertstate") }.sorted()
    }

    @Test func keepFiringFor() throws {
        // TestKeepFiringFor: 75 85 70 70 10x5 every minute, `> 50`, for 1m,
        // keep_firing_for 1m: pending, firing ×3, still firing one
        // evaluation after the condition cleared, then resolved.
        let store = SeriesStore()
        let group = try group(Self.keepFiringRules, query: Self.keepFiringTable([75, 85, 70, 70, 10, 10]).query,
                              environment: RuleEnvironment(store: store))
        let expected = [["pending"], ["firing"], ["firing"], ["firing"], ["firing"], []]
        for (index, states) in expected.enumerated() {
            group.evaluate(at: Int64(index) * minute)
            #expect(alertsState(store, at: Int64(index) * minute) == states, "at \(index)m")
        }
        let alert = try #require(group.alerts(of: "HTTPRequestRateHigh").first)
        #expect(alert.state == .inactive)
        #expect(alert.resolvedAt == 5 * minute)
        #expect(alert.keepFiringSince == 4 * minute)
        #expect(alert.value == 70)
    }

    @Test func keepFiringForDoesNotKeepPendingAlerts() throws {
        // TestPendingAndKeepFiringFor: a pending alert whose series goes away
        // is dropped even with keep_firing_for.
        let store = SeriesStore()
        let group = try group(Self.keepFiringRules, query: Self.keepFiringTable([75, 10]).query,
                              environment: RuleEnvironment(store: store))
        group.evaluate(at: 0)
        #expect(alertsState(store, at: 0) == ["pending"])
        group.evaluate(at: minute)
        #expect(alertsState(store, at: minute) == [])
        #expect(group.alerts(of: "HTTPRequestRateHigh").isEmpty)
    }

    @Test func queryTemplateFunctionRunsAtTheEvaluationTime() throws {
        // TestAlertingRuleQueryInTemplate, with a query offset: the rule's
        // expression runs at t - offset, template queries at t.
        let queried = Collector<(String, Int64)>()
        let query: QueryFunc = { text, time in
            queried.add((text, time))
            if text == "sort(sum(http_requests) by (instance))" { return [sample(70, "instance", "0")] }
            return [sample(70)]
        }
        let group = try group("""
            groups:
              - name: g
                query_offset: 30s
                rules:
                  - alert: ruleWithQueryInTemplate
                    expr: sum(http_requests) < 100
                    for: 1m
                    labels:
                      label: value
                    annotations:
                      templated_label: |-
                        {{- with "sort(sum(http_requests) by (instance))" | query -}}
                        {{- range $i,$v := . -}}
                        instance: {{ $v.Labels.instance }}, value: {{ printf "%.0f" $v.Value }};
                        {{- end -}}
                        {{- end -}}
            """, query: query, environment: RuleEnvironment(store: SeriesStore()))
        group.evaluate(at: 10 * minute)
        let alert = try #require(group.alerts(of: "ruleWithQueryInTemplate").first)
        #expect(alert.annotations == [Label("templated_label", "instance: 0, value: 70;")])
        #expect(queried.all.map(\.1) == [10 * minute - 30_000, 10 * minute])
    }

    @Test func templateErrorsBecomeTheValue() throws {
        let failing: QueryFunc = { text, _ in
            if text == "x" { throw RuleQueryError("boom") }
            return [sample(1, "instance", "a")]
        }
        let group = try group("""
            groups:
              - name: g
                rules:
                  - alert: Foo
                    expr: up
                    annotations:
                      broken: '{{ query "x" }}'
                      fine: '{{ $labels.instance }} is {{ $value }}'
                      missing: '{{ $labels.nope }}'
            """, query: failing, environment: RuleEnvironment(store: SeriesStore()))
        group.evaluate(at: 0)
        let alert = try #require(group.alerts(of: "Foo").first)
        #expect(alert.annotations == [
            Label("broken", #"<error expanding template: error executing template __alert_Foo: template: __alert_Foo:1:115: executing "__alert_Foo" at <query "x">: error calling query: boom>"#),
            Label("fine", "a is 1"),
            Label("missing", ""),
        ])
        #expect(group.rule("Foo")?.health == .ok)
    }

    @Test func queryErrorKeepsTheAlertsAsTheyWere() throws {
        let broken = Shared(false)
        let query: QueryFunc = { _, _ in
            if broken.value { throw RuleQueryError("query timed out") }
            return [sample(1, "instance", "a")]
        }
        let sent = Collector<Alert>()
        let group = try group("""
            groups:
              - name: g
                rules:
                  - alert: Up
                    expr: up
            """, query: query, environment: RuleEnvironment(store: SeriesStore(), notify: { sent.add(contentsOf: $0) }))
        group.evaluate(at: 0)
        broken.value = true
        let report = group.evaluate(at: minute)
        #expect(report.failures == [RuleFailure(rule: "Up", message: "query timed out")])
        #expect(group.alerts(of: "Up").map(\.state) == [.firing])
        #expect(group.rule("Up")?.health == .err)
        #expect(sent.all.count == 1)
    }
}
