import Testing
import VigilCore
@testable import VigilTesting

/// What a failing test prints beyond promtool's text: a unified diff,
/// closest-match hints and the alert's timeline; plus the promtool output
/// layout and the JUnit report.
@Suite struct RuleTestFailureOutputTests {
    static let rules = """
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

    private func failure(_ values: String, evalTime: String, expected: String) throws -> RuleTestFailure? {
        try runRuleTest("""
            rule_files: [r.yml]
            tests:
              - input_series: [{series: 'up{job="prometheus", instance="localhost:9090"}', values: '\(values)'}]
                alert_rule_test: [{eval_time: \(evalTime), alertname: InstanceDown, exp_alerts: [\(expected)]}]
            """, rules: ["r.yml": Self.rules]).failures.first
    }

    @Test func alertDiffHintAndTimeline() throws {
        let failure = try #require(try failure("0x14", evalTime: "10m", expected: """
            {exp_labels: {severity: warning, instance: "localhost:9090", job: prometheus},
             exp_annotations: {summary: "Instance localhost:9090 down"}}
            """))
        #expect(failure.details == [
            "        diff (-exp +got):",
            "            --- exp",
            "            +++ got",
            "            @@ -1 +1 @@",
            #"            -{alertname="InstanceDown", instance="localhost:9090", job="prometheus", severity="warning"} annotations {summary="Instance localhost:9090 down"}"#,
            #"            +{alertname="InstanceDown", instance="localhost:9090", job="prometheus", severity="page"} annotations {summary="Instance localhost:9090 down"}"#,
            "        hints:",
            #"            exp {alertname="InstanceDown", instance="localhost:9090", job="prometheus", severity="warning"}: the closest firing alert differs: label severity differs: exp "warning", got "page""#,
            "        timeline of InstanceDown, times after the start:",
            #"            {alertname="InstanceDown", instance="localhost:9090", job="prometheus", severity="page"}: 0s pending, 5m firing"#,
        ])
        #expect(failure.fullText.hasPrefix(failure.message + "\n        diff (-exp +got):"))
    }

    @Test func pendingAlertIsNotFiringYet() throws {
        // up == 0 from 0s with for 5m: pending at 0s, not firing at 3m (checked at the 3m evaluation).
        let failure = try #require(try failure("0x14", evalTime: "3m30s", expected: """
            {exp_labels: {severity: page, instance: "localhost:9090", job: prometheus},
             exp_annotations: {summary: "Instance localhost:9090 down"}}
            """))
        #expect(Array(failure.details.suffix(5)) == [
            "        hints:",
            "            no InstanceDown alert was firing at 3m",
            #"            exp {alertname="InstanceDown", instance="localhost:9090", job="prometheus", severity="page"}: no such alert was firing"#,
            "        timeline of InstanceDown, times after the start (checked at the evaluation at 3m):",
            #"            {alertname="InstanceDown", instance="localhost:9090", job="prometheus", severity="page"}: 0s pending"#,
        ])
        #expect(failure.details.contains("            @@ -1 +0,0 @@"))
    }

    @Test func timelineShowsResolvedAndDroppedAlerts() throws {
        // Down 0–2m (for 5m): pending at 0s, dropped at 3m. Down again from 5m: pending 5m, firing 10m, resolved 12m.
        let failure = try #require(try failure("0 0 0 1 1 0 0 0 0 0 0 0 1 1", evalTime: "13m", expected: """
            {exp_labels: {severity: page, instance: "localhost:9090", job: prometheus}}
            """))
        #expect(failure.details.last
            == #"            {alertname="InstanceDown", instance="localhost:9090", job="prometheus", severity="page"}: 0s pending, 3m dropped (condition gone before `for` elapsed), 5m pending, 10m firing, 12m resolved"#)
    }

    @Test func unknownAlertNameIsPointedOut() throws {
        let report = try runRuleTest("""
            rule_files: [r.yml]
            tests:
              - alert_rule_test: [{eval_time: 0m, alertname: InstanceDwon, exp_alerts: [{exp_labels: {severity: page}}]}]
            """, rules: ["r.yml": Self.rules])
        let failure = try #require(report.failures.first)
        #expect(failure.details.contains("            no alerting rule is named InstanceDwon"))
        #expect(!failure.details.contains { $0.contains("timeline") })
    }

    @Test func sampleHints() throws {
        let report = try runRuleTest("""
            tests:
              - input_series:
                  - {series: 'x{a="2"}', values: '1'}
                  - {series: 'y', values: '3'}
                  - {series: 'z', values: '5'}
                promql_expr_test:
                  - expr: '{__name__=~"x|y|z"}'
                    eval_time: 0m
                    exp_samples:
                      - {labels: 'x{a="1"}', value: 1}
                      - {labels: 'y', value: 4}
            """)
        let failure = try #require(report.failures.first)
        #expect(failure.details == [
            "        diff (-exp +got):",
            "            --- exp",
            "            +++ got",
            "            @@ -1,2 +1,3 @@",
            #"            -{__name__="x", a="1"} 1"#,
            #"            -{__name__="y"} 4"#,
            #"            +{__name__="x", a="2"} 1"#,
            #"            +{__name__="y"} 3"#,
            #"            +{__name__="z"} 5"#,
            "        hints:",
            #"            {__name__="x", a="1"}: not in the result; the closest sample differs: label a differs: exp "1", got "2""#,
            #"            {__name__="y"}: value differs: exp 4, got 3"#,
            #"            {__name__="z"} 5: in the result but not expected"#,
        ])
    }

    @Test func unifiedDiffHunks() {
        let old = (1...12).map { "line \($0)" }
        var new = old
        new[1] = "changed 2"
        new.insert("inserted", at: 10)
        #expect(UnifiedDiff.lines(expected: old, got: new) == [
            "--- exp", "+++ got",
            "@@ -1,5 +1,5 @@", " line 1", "-line 2", "+changed 2", " line 3", " line 4", " line 5",
            "@@ -8,5 +8,6 @@", " line 8", " line 9", " line 10", "+inserted", " line 11", " line 12",
        ])
        #expect(UnifiedDiff.lines(expected: ["a"], got: ["a"]).isEmpty)
        #expect(UnifiedDiff.lines(expected: [], got: ["a"]) == ["--- exp", "+++ got", "@@ -0,0 +1 @@", "+a"])
    }

    @Test func outputLayoutFollowsPromtool() throws {
        let passing = RuleTestFileReport(path: "ok.yml", warnings: ["  WARNING: no file match pattern x.yml"],
                                         groups: [RuleTestGroupReport(name: "", reportName: "unnamed#0")])
        let failing = RuleTestFileReport(path: "bad.yml", groups: [RuleTestGroupReport(
            name: "g", reportName: "g",
            failures: [RuleTestFailure(message: "    expr: \"x\", time: 0s, err: boom", details: ["        more"])])])
        let writes = RuleTestOutput.writes(for: [passing, failing])
        #expect(writes.map { "\($0.0 == .standardOutput ? "out" : "err"):\($0.1)" } == [
            "out:Unit Testing:  ok.yml\n",
            "err:  WARNING: no file match pattern x.yml\n",
            "out:  SUCCESS\n",
            "out:\n",
            "out:Unit Testing:  bad.yml\n",
            "err:  FAILED:\n",
            "err:    expr: \"x\", time: 0s, err: boom\n        more\n",
            "out:\n",
            "out:\n",
        ])
        #expect(RuleTestOutput.writes(for: [failing], details: false)[2].1 == "    expr: \"x\", time: 0s, err: boom\n")
    }

    @Test func junitReport() {
        let reports = [
            RuleTestFileReport(path: "a&b.yml", file: RuleTestFile(path: "a&b.yml"), groups: [
                RuleTestGroupReport(name: "g1", reportName: "g1"),
                RuleTestGroupReport(name: "", reportName: "unnamed#1",
                                    failures: [RuleTestFailure(message: "x <\"1\">\ny"), RuleTestFailure(message: "z")]),
            ]),
            RuleTestFileReport(path: "broken.yml", fileErrors: ["broken.yml:1:1: field x not found in type main.unitTestFile"]),
        ]
        #expect(JUnitReport.xml(for: reports, timestamp: "2026-01-02T03:04:05") == "<testsuites>"
            + "<testsuite name=\"a&amp;b.yml\" tests=\"2\" failures=\"2\" errors=\"0\" skipped=\"0\" timestamp=\"2026-01-02T03:04:05\">"
            + "<testcase name=\"g1\"></testcase>"
            + "<testcase name=\"unnamed#1\"><failure>x &lt;&#34;1&#34;&gt;&#xA;y</failure><failure>z</failure></testcase>"
            + "</testsuite>"
            + "<testsuite name=\"broken.yml\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\" timestamp=\"\">"
            + "<testcase name=\"unknown\"><error>broken.yml:1:1: field x not found in type main.unitTestFile</error></testcase>"
            + "</testsuite></testsuites>")
    }
}
