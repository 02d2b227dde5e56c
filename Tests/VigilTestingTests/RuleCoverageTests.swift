import Testing
import VigilCore
@testable import VigilTesting

@Suite struct RuleCoverageTests {
    static let rules = """
        groups:
          - name: alerts
            rules:
              - alert: Tested
                expr: up == 0
              - alert: ViaALERTS
                expr: up == 0
                labels: {team: a}
              - alert: WrongTeam
                expr: up == 0
                labels: {team: a}
              - alert: Untested
                expr: up == 0
          - name: records
            rules:
              - record: job:up:sum
                expr: sum by (job) (up)
              - record: env:up:sum
                expr: sum(up)
                labels: {env: prod}
              - record: unused:sum
                expr: sum(up)
        """

    @Test func alertTestsAndSelectorsCoverRules() throws {
        let directory = try ScratchDirectory()
        try directory.write("rules.yml", Self.rules)
        let first = try directory.write("a_test.yml", """
            rule_files: [rules.yml]
            tests:
              - name: main
                alert_rule_test: [{eval_time: 0m, alertname: Tested, exp_alerts: []}]
                promql_expr_test:
                  - {expr: 'count(ALERTS{alertname="ViaALERTS", team="a"})', eval_time: 0m}
                  - {expr: 'ALERTS_FOR_STATE{alertname=~"Wrong.*", team="b"}', eval_time: 0m}
                  - {expr: 'rate(job:up:sum[5m])', eval_time: 0m}
                  - {expr: 'env:up:sum{env="dev"}', eval_time: 0m}
              - name: skipped
                alert_rule_test: [{eval_time: 0m, alertname: Untested, exp_alerts: []}]
            """)
        // A second test file naming the same rule file does not count its rules twice.
        let second = try directory.write("b_test.yml", "rule_files: [rules.yml]\n")
        let options = RuleTestOptions(run: try RE2Regex("main"))
        let reports = RuleTestRunner(options: options).run(paths: [first, second])
        let coverage = RuleCoverage(reports: reports, options: options)
        #expect(coverage.rules.count == 7)
        #expect(coverage.covered.map(\.name).sorted() == ["Tested", "ViaALERTS", "job:up:sum"])
        #expect(coverage.report == [
            "Rule test coverage:",
            "  Alerting rules:  2/4 covered (50.0%)",
            "  Recording rules: 1/3 covered (33.3%)",
            "  Total:           3/7 covered (42.9%)",
            "  Untested rules:",
            "    group \"alerts\" in rules.yml:",
            "      - alert: Untested",
            "      - alert: WrongTeam",
            "    group \"records\" in rules.yml:",
            "      - record: env:up:sum",
            "      - record: unused:sum",
        ])
        #expect(coverage.isBelow(threshold: 42.9) == false)
        #expect(coverage.isBelow(threshold: 43))
        #expect(!coverage.isBelow(threshold: 0))
    }

    @Test func noRulesIsFullCoverage() {
        let coverage = RuleCoverage()
        #expect(coverage.percentage == 100)
        #expect(coverage.report == ["Rule test coverage:", "  Alerting rules:  0/0 covered",
                                    "  Recording rules: 0/0 covered", "  Total:           0/0 covered"])
    }
}
