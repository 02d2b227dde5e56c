import Foundation
import Testing
import VigilCore
@testable import VigilRules

@Suite struct RuleFileLoaderTests {
    let loader = RuleFileLoader(validator: .standard())

    func errors(_ yaml: String) -> [String] {
        do {
            _ = try loader.parse(yaml: yaml, file: "r.yml", language: .promql)
            return []
        } catch let failure as RuleFileErrors {
            return failure.errors.map(\.description)
        } catch {
            return ["unexpected \(error)"]
        }
    }

    @Test func loadsEveryField() throws {
        let file = try loader.parse(yaml: """
            groups:
              - name: app
                interval: 30s
                query_offset: 1m
                limit: 10
                labels:
                  team: payments
                rules:
                  - record: job:up:sum
                    expr: sum by (job) (up)
                    labels:
                      source: recording
                  - alert: Down
                    expr: up == 0
                    for: 5m
                    keep_firing_for: 10m
                    labels:
                      severity: critical
                    annotations:
                      summary: "{{ $labels.job }} is down"
                      runbook: https://example.org/down
            """, file: "r.yml", language: .promql)
        let group = try #require(file.groups.first)
        #expect(group.name == "app")
        #expect(group.interval == 30_000)
        #expect(group.queryOffset == 60_000)
        #expect(group.limit == 10)
        #expect(group.labels == Labels(["team": "payments"]))
        #expect(group.rules.count == 2)
        #expect(group.rules[0].kind == .recording("job:up:sum"))
        #expect(group.rules[0].labels == Labels(["source": "recording"]))
        let alert = group.rules[1]
        #expect(alert.kind == .alerting("Down"))
        #expect(alert.expr == "up == 0")
        #expect(alert.forDuration == 300_000)
        #expect(alert.keepFiringFor == 600_000)
        #expect(alert.annotations == [Label("summary", "{{ $labels.job }} is down"),
                                      Label("runbook", "https://example.org/down")])
        #expect(file.ruleCount == 2)
    }

    @Test func emptyFileHasNoGroups() throws {
        #expect(try loader.parse(yaml: "", file: "r.yml", language: .promql).groups.isEmpty)
        #expect(try loader.parse(yaml: "groups: []\n", file: "r.yml", language: .promql).groups.isEmpty)
    }

    @Test func unknownFieldsAreErrorsAtTheirKey() {
        #expect(errors("""
            groups:
              - name: g
                rules:
                  - alert: A
                    expr: up == 0
                    severity: critical
            """) == ["r.yml:6:9: field severity not found in type rulefmt.Rule"])
        #expect(errors("groupz: []\n") == ["r.yml:1:1: field groupz not found in type rulefmt.RuleGroups"])
    }

    @Test func typeAndDurationErrors() {
        #expect(errors("""
            groups:
              - name: g
                limit: many
                interval: 5x
                rules: []
            """) == [
                "r.yml:3:12: cannot unmarshal !!str `many` into int",
                #"r.yml:4:15: unknown unit "x" in duration "5x""#,
            ])
        #expect(errors("groups: {name: g}\n") == ["r.yml:1:9: cannot unmarshal !!map into []rulefmt.RuleGroup"])
    }

    @Test func duplicateKeysAreRejected() {
        #expect(errors("""
            groups:
              - name: g
                name: h
                rules: []
            """) == [#"r.yml:2:5: mapping key "name" is defined more than once in this mapping"#])
    }

    @Test func yamlSyntaxErrorsHavePositions() {
        let found = errors("groups:\n  - name: g\n    rules: [\n")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("r.yml:4:1: yaml: ") == true)
    }

    @Test func ruleKindErrors() {
        #expect(errors("""
            groups:
              - name: g
                rules:
                  - record: a
                    alert: B
                    expr: up
                  - expr: up
                  - alert: C
            """) == [
                #"r.yml:4:17: group "g", rule 1, "B": only one of 'record' and 'alert' must be set"#,
                #"r.yml:7:9: group "g", rule 2, "": one of 'record' or 'alert' must be set"#,
                #"r.yml:8:9: group "g", rule 3, "C": field 'expr' must be set in rule"#,
            ])
    }

    @Test func recordingRulesTakeNoAlertFields() {
        #expect(errors("""
            groups:
              - name: g
                rules:
                  - record: job:up
                    expr: up
                    for: 1m
                    keep_firing_for: 1m
                    annotations:
                      a: b
            """) == [
                #"r.yml:4:17: group "g", rule 1, "job:up": invalid field 'annotations' in recording rule"#,
                #"r.yml:4:17: group "g", rule 1, "job:up": invalid field 'for' in recording rule"#,
                #"r.yml:4:17: group "g", rule 1, "job:up": invalid field 'keep_firing_for' in recording rule"#,
            ])
    }

    @Test func groupNameErrors() {
        #expect(errors("""
            groups:
              - name: g
                rules: []
              - name: g
                rules: []
              - rules: []
            """) == [
                #"r.yml:4:5: groupname: "g" is repeated in the same file"#,
                "r.yml:6:5: Groupname must not be empty",
            ])
    }

    @Test func metricNameLabelIsRejected() {
        #expect(errors("""
            groups:
              - name: g
                rules:
                  - alert: A
                    expr: up
                    labels:
                      __name__: x
            """) == [#"r.yml:7:11: group "g", rule 1, "A": invalid label name: __name__"#])
    }

    @Test func expressionErrorsPointIntoTheFile() {
        // Inline expression: the parser's column is shifted by the column the value starts at.
        #expect(errors("""
            groups:
              - name: g
                rules:
                  - alert: A
                    expr: sum(up{job="a"} by (job)
            """) == [#"r.yml:5:31: group "g", rule 1, "A": could not parse expression: 1:17: parse error: unexpected <by> in aggregation, expected "," or ")""#])
        // Literal block: expression line 2 is the second line of the block,
        // indented by the block's indentation (10 columns).
        #expect(errors("""
            groups:
              - name: g
                rules:
                  - alert: A
                    expr: |
                      sum(rate(x[5m]))
                        > on(job) foo{job=}
            """) == [#"r.yml:7:31: group "g", rule 1, "A": could not parse expression: 2:21: parse error: unexpected "}" in label matching, expected string"#])
    }

    @Test func templateErrorsAreReportedPerLabelAndAnnotation() {
        #expect(errors("""
            groups:
              - name: g
                rules:
                  - alert: A
                    expr: up == 0
                    annotations:
                      summary: "{{ $labels.job "
            """) == [#"r.yml:7:11: group "g", rule 1, "A": annotation "summary": template: __alert_A:1: unclosed action"#])
    }

    @Test func everyProblemInAFileIsReported() {
        #expect(errors("""
            groups:
              - name: g
                rules:
                  - alert: A
                    expr: up ==
                  - record: b
                    expr: rate(x)
            """).count == 2)
    }

    @Test func onlyOneDocumentPerFile() {
        #expect(errors("groups: []\n---\ngroups: []\n") == ["r.yml:3:1: only one YAML document is allowed in a rule file"])
    }
}

@Suite struct CorpusRuleFileTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Corpus/rules/prometheus").standardizedFileURL

    @Test func bundledPrometheusRulesLoad() throws {
        let loader = RuleFileLoader(validator: .standard())
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).filter { $0.hasSuffix(".yml") }
        #expect(!files.isEmpty)
        var rules = 0
        for name in files {
            rules += try loader.load(path: Self.corpus.appendingPathComponent(name).path, language: .promql).ruleCount
        }
        #expect(rules == 27)  // promtool 2.42: 13 + 14 rules
    }
}
