import Foundation
import Testing
import VigilCore
@testable import VigilTesting

/// Runner semantics, each expectation derived from promtool's
/// `cmd/promtool/unittest.go` and Prometheus's rule evaluation by hand.
@Suite struct RuleTestRunnerTests {
    static let instanceDown = """
        groups:
          - name: example
            rules:
              - alert: InstanceDown
                expr: up == 0
                for: 5m
                labels:
                  severity: page
                annotations:
                  summary: "Instance {{ $labels.instance }} down"
        """

    @Test func promtoolExampleFailureTextMatchesPromtoolByteForByte() throws {
        // The text Debian's promtool 2.42 printed for this very file (same exp/got layout in 3.x).
        let report = try runRuleTest("""
            rule_files: [alerts.yml]
            evaluation_interval: 1m
            tests:
              - interval: 1m
                name: grp1
                input_series:
                  - series: 'up{job="prometheus", instance="localhost:9090"}'
                    values: '0 0 0 0 0 0 0 0 0 0 0 0 0 0 0'
                alert_rule_test:
                  - eval_time: 10m
                    alertname: InstanceDown
                    exp_alerts:
                      - exp_labels: {severity: warning, instance: "localhost:9090", job: prometheus}
                        exp_annotations: {summary: "Instance localhost:9090 down"}
                promql_expr_test:
                  - expr: up
                    eval_time: 4m
                    exp_samples:
                      - labels: 'up{job="prometheus",instance="localhost:9090"}'
                        value: 1
            """, rules: ["alerts.yml": Self.instanceDown])
        #expect(report.messages == [
            """
                name: grp1,
                alertname: InstanceDown, time: 10m, \n        exp:[
                        0:
                          Labels:{alertname="InstanceDown", instance="localhost:9090", job="prometheus", severity="warning"}
                          Annotations:{summary="Instance localhost:9090 down"}
                        ], \n        got:[
                        0:
                          Labels:{alertname="InstanceDown", instance="localhost:9090", job="prometheus", severity="page"}
                          Annotations:{summary="Instance localhost:9090 down"}
                        ]
            """,
            """
                expr: "up", time: 4m,
                    exp: {__name__="up", instance="localhost:9090", job="prometheus"} 1E+00
                    got: {__name__="up", instance="localhost:9090", job="prometheus"} 0E+00
            """,
        ])
    }

    @Test func seriesTimingAndLookback() throws {
        // Point i at i × interval; an instant query returns the latest sample at or before its time,
        // within the 5m lookback, which Prometheus 3 leaves open on the left: at 15m the sample of
        // 10m is out of reach (Prometheus 2.42 would still return it).
        let report = try runRuleTest("""
            tests:
              - interval: 1m
                input_series:
                  - series: x
                    values: '0+1x10'
                  - series: y
                    values: '1 _ 3 stale'
                promql_expr_test:
                  - {expr: x, eval_time: 5m, exp_samples: [{labels: x, value: 5}]}
                  - {expr: x, eval_time: 90s, exp_samples: [{labels: x, value: 1}]}
                  - {expr: y, eval_time: 1m, exp_samples: [{labels: y, value: 1}]}
                  - {expr: y, eval_time: 2m, exp_samples: [{labels: y, value: 3}]}
                  - {expr: y, eval_time: 3m, exp_samples: []}
                  - {expr: x, eval_time: 14m59s, exp_samples: [{labels: x, value: 10}]}
                  - {expr: x, eval_time: 15m, exp_samples: []}
            """)
        #expect(report.messages == [])
        #expect(report.passed)
    }

    @Test func startTimestampShiftsDataAndEvaluation() throws {
        // start 2021-01-01T00:00:00Z: samples from there, eval_time counted from there, time() absolute.
        let report = try runRuleTest("""
            tests:
              - start_timestamp: '2021-01-01T00:00:00Z'
                input_series:
                  - series: x
                    values: '7 8 9'
                promql_expr_test:
                  - {expr: time(), eval_time: 1m, exp_samples: [{labels: '{}', value: 1609459260}]}
                  - {expr: timestamp(x), eval_time: 2m, exp_samples: [{labels: '{}', value: 1609459320}]}
                  - {expr: x, eval_time: 1m, exp_samples: [{labels: x, value: 8}]}
            """)
        #expect(report.messages == [])
    }

    @Test func onlyFiringAlertsAreCompared() throws {
        // for: 2m, condition true from 1m: pending at 1m, firing at 3m (3m − 1m ≥ 2m).
        let rules = """
            groups:
              - name: g
                rules:
                  - alert: High
                    expr: x > 0
                    for: 2m
            """
        let report = try runRuleTest("""
            rule_files: [r.yml]
            tests:
              - input_series:
                  - {series: 'x{a="1"}', values: '0 1 1 1 1 1'}
                alert_rule_test:
                  - {eval_time: 2m, alertname: High, exp_alerts: []}
                  - {eval_time: 3m, alertname: High, exp_alerts: [{exp_labels: {a: "1"}}]}
                  - {eval_time: 2m59s, alertname: High, exp_alerts: []}
                  - {eval_time: 3m59s, alertname: High, exp_alerts: [{exp_labels: {a: "1"}}]}
            """, rules: ["r.yml": rules])
        #expect(report.messages == [])
        let early = try runRuleTest("""
            rule_files: [r.yml]
            tests:
              - input_series:
                  - {series: 'x{a="1"}', values: '0 1 1 1 1 1'}
                alert_rule_test:
                  - {eval_time: 2m, alertname: High, exp_alerts: [{exp_labels: {a: "1"}}]}
            """, rules: ["r.yml": rules])
        #expect(early.failures.count == 1)
        #expect(early.failures.first?.message.contains("got:[]") == true)
    }

    @Test func labelAndAnnotationSetsMustMatchExactly() throws {
        let rules = """
            groups:
              - name: g
                rules:
                  - alert: A
                    expr: x
                    labels: {severity: page}
                    annotations: {summary: "x is {{ $value }}", empty: ""}
            """
        func run(_ expected: String) throws -> Bool {
            try runRuleTest("""
                rule_files: [r.yml]
                tests:
                  - input_series: [{series: 'x{job="j"}', values: '1'}]
                    alert_rule_test: [{eval_time: 0m, alertname: A, exp_alerts: [\(expected)]}]
                """, rules: ["r.yml": rules]).passed
        }
        #expect(try run(#"{exp_labels: {job: j, severity: page}, exp_annotations: {summary: "x is 1", empty: ""}}"#))
        // A subset of the labels or of the annotations is not enough.
        #expect(try !run(#"{exp_labels: {severity: page}, exp_annotations: {summary: "x is 1", empty: ""}}"#))
        #expect(try !run(#"{exp_labels: {job: j, severity: page}, exp_annotations: {summary: "x is 1"}}"#))
        // An explicit alertname is overwritten by the test's, so it still matches.
        #expect(try run(#"{exp_labels: {job: j, severity: page, alertname: Other}, exp_annotations: {summary: "x is 1", empty: ""}}"#))
    }

    @Test func groupEvalOrderDecidesWhatALaterGroupSees() throws {
        // dst copies src; src = time(). When src's group runs first, dst at t reads src(t) = t;
        // otherwise dst reads the previous evaluation's src, t − 1m.
        let rules = """
            groups:
              - name: copy
                rules:
                  - record: dst
                    expr: src
              - name: source
                rules:
                  - record: src
                    expr: time()
            """
        func dst(order: String) throws -> [String] {
            try runRuleTest("""
                rule_files: [r.yml]
                \(order)
                tests:
                  - promql_expr_test: [{expr: dst, eval_time: 5m, exp_samples: [{labels: dst, value: 300}]}]
                """, rules: ["r.yml": rules]).messages
        }
        #expect(try dst(order: "group_eval_order: [source, copy]") == [])
        let fileOrder = try dst(order: "")
        #expect(fileOrder.count == 1)
        #expect(fileOrder.first?.contains("got: {__name__=\"dst\"} 2.4E+02") == true)
    }

    @Test func fuzzyCompareAllowsOneStepInTheLastBit() throws {
        // 0.1 + 0.2 = 0.30000000000000004, the float right after 0.3.
        func passes(_ fuzzy: Bool, _ value: String) throws -> Bool {
            try runRuleTest("""
                fuzzy_compare: \(fuzzy)
                tests:
                  - promql_expr_test: [{expr: '0.1 + 0.2', eval_time: 0m, exp_samples: [{labels: '{}', value: \(value)}]}]
                """).passed
        }
        #expect(try !passes(false, "0.3"))
        #expect(try passes(true, "0.3"))
        #expect(try passes(false, "0.30000000000000004"))
        // 0.29999999999999993 is the float before 0.3: two steps from the result, too far even when fuzzy.
        #expect(try !passes(true, "0.29999999999999993"))
        #expect(FloatComparison(fuzzy: true).equal(0.3, 0.30000000000000004))
        #expect(!FloatComparison(fuzzy: true).equal(.nan, .nan))
    }

    @Test func ruleErrorsStopTheGroupAtThatEvaluation() throws {
        let report = try runRuleTest("""
            rule_files: [r.yml]
            tests:
              - input_series:
                  - {series: 'x{a="1"}', values: '1 1 1'}
                  - {series: 'x{a="2"}', values: '1 1 1'}
                promql_expr_test:
                  - {expr: x, eval_time: 2m, exp_samples: []}
            """, rules: ["r.yml": """
                groups:
                  - name: g
                    limit: 1
                    rules:
                      - record: r
                        expr: x
                """])
        // Evaluated at 0s first; the failing expression test never runs.
        #expect(report.messages == ["    rule: r, time: 0s, err: exceeded limit of 1 with 2 series"])
    }

    @Test func ruleErrorTimeIsSinceTheEpoch() throws {
        // Both series become r{a="1"} once the rule sets __name__: Prometheus refuses the duplicate.
        let report = try runRuleTest("""
            rule_files: [r.yml]
            tests:
              - start_timestamp: 3600
                input_series: [{series: 'x{a="1"}', values: '1'}, {series: 'y{a="1"}', values: '1'}]
                promql_expr_test: [{expr: '1', eval_time: 1m, exp_samples: [{labels: '{}', value: 1}]}]
            """, rules: ["r.yml": """
                groups:
                  - name: g
                    rules:
                      - record: r
                        expr: '{__name__=~"x|y"}'
                """])
        // promtool prints ts.Sub(time.Unix(0, 0)): the absolute time as a Go duration.
        #expect(report.messages == [
            "    rule: r, time: 1h0m0s, err: vector contains metrics with the same labelset after applying rule labels",
        ])
    }

    @Test func scalarsComeBackAsOneSampleWithoutLabels() throws {
        let report = try runRuleTest("""
            tests:
              - promql_expr_test:
                  - {expr: '2 * 3', eval_time: 0m, exp_samples: [{labels: '{}', value: 6}]}
                  - {expr: '"text"', eval_time: 0m, exp_samples: []}
                  - {expr: 'nonsense(', eval_time: 0m, exp_samples: []}
                  - {expr: 'vector(1)', eval_time: 0m, exp_samples: [{labels: 'x{a="1"', value: 1}]}
            """)
        #expect(report.messages.count == 3)
        #expect(report.messages[0] == #"    expr: "\"text\"", time: 0s, err: rule result is not a vector or scalar"#)
        #expect(report.messages[1].hasPrefix(#"    expr: "nonsense(", time: 0s, err: 1:"#))
        #expect(report.messages[2].hasPrefix(#"    expr: "vector(1)", time: 0s, err: labels "x{a=\"1\"": 1:"#))
    }

    @Test func nanNeverEqualsNaN() throws {
        let report = try runRuleTest("""
            tests:
              - promql_expr_test: [{expr: 'NaN', eval_time: 0m, exp_samples: [{labels: '{}', value: .nan}]}]
            """)
        #expect(report.messages == ["    expr: \"NaN\", time: 0s,\n        exp: {} NaN\n        got: {} NaN"])
    }

    @Test func missingAlertnameIsAnError() throws {
        let report = try runRuleTest("""
            tests:
              - name: g1
                alert_rule_test: [{eval_time: 5m, exp_alerts: []}]
            """)
        #expect(report.messages == ["an item under alert_rule_test misses required attribute alertname at eval_time 5m (in TestGroup g1)"])
    }

    @Test func ruleFileErrorsFailEachGroupThatLoadsThem() throws {
        let report = try runRuleTest("""
            rule_files: [bad.yml]
            tests:
              - name: a
              - name: b
            """, rules: ["bad.yml": "groups:\n  - name: g\n    rules:\n      - record: r\n"])
        #expect(report.groups.map(\.failures.count) == [1, 1])
        #expect(report.messages.first?.hasSuffix(#"bad.yml:4:9: group "g", rule 1, "r": field 'expr' must be set in rule"#) == true)
    }

    @Test func externalLabelsAndURLReachTemplates() throws {
        let report = try runRuleTest("""
            rule_files: [r.yml]
            tests:
              - external_labels: {cluster: eu1}
                external_url: https://prom.example
                alert_rule_test:
                  - eval_time: 0m
                    alertname: W
                    exp_alerts: [{exp_annotations: {where: "eu1 https://prom.example"}}]
            """, rules: ["r.yml": """
                groups:
                  - name: g
                    rules:
                      - alert: W
                        expr: vector(1)
                        annotations: {where: "{{ $externalLabels.cluster }} {{ $externalURL }}"}
                """])
        #expect(report.messages == [])
    }

    @Test func inputBeyondTheEvaluationIsNotLoadedYet() throws {
        // promtool loads samples only up to the evaluation time (the largest eval_time here, 1m):
        // `x @ 600` looks ahead to a sample that was never stored.
        let report = try runRuleTest("""
            tests:
              - input_series: [{series: x, values: '0+1x20'}]
                promql_expr_test:
                  - {expr: 'x @ 600', eval_time: 1m, exp_samples: []}
                  - {expr: 'x @ 60', eval_time: 0m, exp_samples: [{labels: x, value: 1}]}
            """)
        #expect(report.messages == [])
    }

    @Test func runSelectsGroupsByName() throws {
        let test = """
            tests:
              - name: fast-one
                promql_expr_test: [{expr: '1', eval_time: 0m, exp_samples: [{labels: '{}', value: 2}]}]
              - name: slow-two
              - promql_expr_test: [{expr: '1', eval_time: 0m, exp_samples: [{labels: '{}', value: 2}]}]
            """
        let only = try runRuleTest(test, options: RuleTestOptions(run: try RE2Regex("two")))
        #expect(only.groups.map(\.reportName) == ["slow-two"])
        #expect(only.passed)
        let all = try runRuleTest(test)
        #expect(all.groups.map(\.reportName) == ["fast-one", "slow-two", "unnamed#2"])
        #expect(all.groups.map(\.passed) == [false, true, false])
    }

    @Test func recordingRulesAndAlertsAreQueryable() throws {
        let report = try runRuleTest("""
            rule_files: [r.yml]
            tests:
              - input_series: [{series: 'x{a="1"}', values: '1 1 1'}]
                promql_expr_test:
                  - {expr: r, eval_time: 2m, exp_samples: [{labels: 'r{a="1"}', value: 2}]}
                  - {expr: ALERTS, eval_time: 2m, exp_samples: [{labels: 'ALERTS{alertname="A", alertstate="firing", a="1"}', value: 1}]}
                  - {expr: ALERTS_FOR_STATE, eval_time: 2m, exp_samples: [{labels: 'ALERTS_FOR_STATE{alertname="A", a="1"}', value: 0}]}
            """, rules: ["r.yml": """
                groups:
                  - name: g
                    rules:
                      - record: r
                        expr: x * 2
                      - alert: A
                        expr: r > 1
                """])
        #expect(report.messages == [])
    }

    @Test func groupsRunInParallelAndReportInOrder() throws {
        var groups = ""
        for index in 0..<12 {
            groups += """
              - name: g\(index)
                input_series: [{series: x, values: '\(index)'}]
                promql_expr_test: [{expr: x, eval_time: 0m, exp_samples: [{labels: x, value: \(index % 3 == 0 ? index : -1)}]}]

            """
        }
        let report = try runRuleTest("tests:\n" + groups, options: RuleTestOptions(parallelism: 4))
        #expect(report.groups.map(\.reportName) == (0..<12).map { "g\($0)" })
        #expect(report.groups.map(\.passed) == (0..<12).map { $0 % 3 == 0 })
    }
}
