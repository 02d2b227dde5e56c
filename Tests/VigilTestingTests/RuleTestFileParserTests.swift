import Foundation
import Testing
import VigilCore
import VigilRules
@testable import VigilTesting

/// The test file format: every field, promtool's YAML typing rules, and
/// errors with file:line:column.
@Suite struct RuleTestFileParserTests {
    private func parse(_ yaml: String, path: String = "t.yml") throws -> RuleTestFile {
        try RuleTestFileParser.parse(yaml: yaml, path: path)
    }

    private func errors(_ yaml: String) -> [String] {
        do {
            _ = try RuleTestFileParser.parse(yaml: yaml, path: "t.yml")
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    @Test func everyPromtoolField() throws {
        let file = try parse("""
            rule_files: [rules.yml]
            evaluation_interval: 30s
            group_eval_order: [b, a]
            fuzzy_compare: true
            tests:
              - name: first
                interval: 15s
                start_timestamp: 1609459200
                external_labels: {cluster: eu1}
                external_url: http://vigil.example
                input_series:
                  - series: 'up{job="api"}'
                    values: '1+1x2 _ stale'
                alert_rule_test:
                  - eval_time: 2m
                    alertname: Down
                    exp_alerts:
                      - exp_labels: {severity: page, job: api}
                        exp_annotations: {summary: down}
                promql_expr_test:
                  - expr: up
                    eval_time: 1m
                    exp_samples:
                      - labels: 'up{job="api"}'
                        value: 2
              - input_series: []
            """)
        #expect(file.evaluationInterval == 30_000)
        #expect(file.groupEvalOrder == ["b", "a"])
        #expect(file.fuzzyCompare)
        #expect(file.unmatchedPatterns == ["rules.yml"])
        #expect(file.tests.count == 2)
        let group = file.tests[0]
        #expect(group.name == "first")
        #expect(group.interval == 15_000)
        #expect(group.startTimestamp == 1_609_459_200_000)
        #expect(group.externalLabels == ["cluster": "eu1"])
        #expect(group.externalURL == "http://vigil.example")
        #expect(group.inputSeries.count == 1)
        let series = try #require(group.inputSeries[0].parse(file: "t.yml").value)
        #expect(series.labels == ["__name__": "up", "job": "api"])
        #expect(series.values == [.float(1), .float(2), .float(3), .omitted, .stale])
        #expect(group.alertTests.count == 1)
        #expect(group.alertTests[0].evalTime == 120_000)
        #expect(group.alertTests[0].alertname == "Down")
        #expect(group.alertTests[0].expected == [ExpectedAlert(
            labels: [Label("job", "api"), Label("severity", "page")], annotations: [Label("summary", "down")])])
        #expect(group.promqlTests.count == 1)
        #expect(group.promqlTests[0].expr == "up")
        #expect(group.promqlTests[0].evalTime == 60_000)
        #expect(group.promqlTests[0].expected[0].labels.value == ["__name__": "up", "job": "api"])
        #expect(group.promqlTests[0].expected[0].value == 2)
        #expect(group.maxEvalTime == 120_000)
        // A group without `interval` takes the evaluation interval; without a name it is reported by index.
        #expect(file.tests[1].interval == 30_000)
        #expect(file.tests[1].reportName == "unnamed#1")
        #expect(file.tests[1].startTimestamp == 0)
    }

    @Test func defaultsFollowPromtool() throws {
        let file = try parse("tests: [{}]\n")
        #expect(file.evaluationInterval == 60_000)
        #expect(!file.fuzzyCompare)
        #expect(file.tests[0].interval == 60_000)
        // An empty file has no tests and passes, as in promtool.
        #expect(try parse("").tests.isEmpty)
    }

    @Test func startTimestampForms() throws {
        func start(_ text: String) throws -> Int64 {
            try parse("tests:\n  - start_timestamp: \(text)\n").tests[0].startTimestamp
        }
        #expect(try start("1609459200") == 1_609_459_200_000)
        #expect(try start("\"2021-01-01T00:00:00Z\"") == 1_609_459_200_000)
        #expect(try start("2021-01-01T01:00:00.250+01:00") == 1_609_459_200_250)
        // Go's ParseFloat then Modf: fractions of a second, milliseconds rounded down.
        #expect(try start("1609459200.5") == 1_609_459_200_500)
        #expect(try start("0") == 0)
        #expect(errors("tests:\n  - start_timestamp: yesterday\n")
            == [#"t.yml:2:22: cannot parse "yesterday" to a valid timestamp"#])
    }

    @Test func floatsAsYAMLv2ReadsThem() throws {
        func value(_ text: String) throws -> Double {
            let file = try parse("tests:\n  - promql_expr_test:\n      - exp_samples:\n          - value: \(text)\n")
            return file.tests[0].promqlTests[0].expected[0].value
        }
        #expect(try value("1e3") == 1000)
        #expect(try value("-2.5") == -2.5)
        #expect(try value("0x10") == 16)
        #expect(try value("010") == 8)
        #expect(try value("1_000") == 1000)
        #expect(try value(".5") == 0.5)
        #expect(try value(".inf") == .infinity)
        #expect(try value("-.Inf") == -.infinity)
        #expect(try value(".nan").isNaN)
        #expect(try value("~") == 0)
        let prefix = "tests:\n  - promql_expr_test:\n      - exp_samples:\n          - value: "
        #expect(errors(prefix + "\"1\"\n") == ["t.yml:4:20: cannot unmarshal !!str `1` into float64"])
        #expect(errors(prefix + "Inf\n") == ["t.yml:4:20: cannot unmarshal !!str `Inf` into float64"])
        #expect(errors(prefix + "true\n") == ["t.yml:4:20: cannot unmarshal !!bool `true` into float64"])
    }

    @Test func booleansAsYAMLv2ReadsThem() throws {
        #expect(try parse("fuzzy_compare: yes\n").fuzzyCompare)
        #expect(try parse("fuzzy_compare: On\n").fuzzyCompare)
        #expect(try !parse("fuzzy_compare: off\n").fuzzyCompare)
        #expect(errors("fuzzy_compare: 1\n") == ["t.yml:1:16: cannot unmarshal !!int `1` into bool"])
    }

    @Test func strictFieldsWithPositions() {
        #expect(errors("rule_file: [a.yml]\n") == ["t.yml:1:1: field rule_file not found in type main.unitTestFile"])
        #expect(errors("""
            tests:
              - name: a
                input_series:
                  - series: up
                    value: 1
            """) == ["t.yml:5:9: field value not found in type main.series"])
        #expect(errors("""
            tests:
              - alert_rule_test:
                  - eval_time: 5
                    alertname: A
            """) == [#"t.yml:3:20: not a valid duration string: "5""#])
        #expect(errors("tests: {a: 1}\n") == ["t.yml:1:8: cannot unmarshal !!map into []main.testGroup"])
        #expect(errors("tests:\n  - name: a\n    name: b\n")
            == [#"t.yml:2:5: mapping key "name" is defined more than once in this mapping"#])
        // Every problem is reported at once.
        #expect(errors("evaluation_interval: 1x\ngroup_eval_order: a\n").count == 2)
    }

    @Test func repeatedGroupInEvaluationOrder() {
        #expect(errors("group_eval_order: [a, b, a]\n") == ["t.yml: group name repeated in evaluation order: a"])
    }

    @Test func seriesNotationErrorsFailOnlyTheirGroup() throws {
        let file = try parse("""
            tests:
              - input_series:
                  - series: 'up{job="a"'
                    values: '1 2'
                  - series: '{}'
                    values: '1'
                  - series: 'h'
                    values: '{{schema:0 sum:1 count:1}}'
            """)
        let series = file.tests[0].inputSeries.map { $0.parse(file: "t.yml") }
        guard case .invalid(let message) = series[0] else { Issue.record("expected a parse error"); return }
        #expect(message.hasPrefix(#"t.yml:3:9: input series "up{job=\"a\" 1 2": 1:"#))
        guard case .invalid(let empty) = series[1] else { Issue.record("expected an error"); return }
        #expect(empty == #"t.yml:5:9: input series "{}" has no labels"#)
        guard case .invalid(let histogram) = series[2] else { Issue.record("expected an error"); return }
        #expect(histogram.contains("native histogram samples are not supported"))
    }

    @Test func expectedLabelsParseLikeParseMetric() throws {
        let file = try parse("""
            tests:
              - promql_expr_test:
                  - expr: x
                    exp_samples:
                      - labels: '{}'
                      - labels: 'x{a="1", b="2"}'
                      - labels: 'x{a="1"'
                      - labels: '{a="1"}'
                        histogram: '{{schema:0 sum:1 count:1}}'
            """)
        let samples = file.tests[0].promqlTests[0].expected
        #expect(samples[0].labels.value == .empty)
        #expect(samples[1].labels.value == ["__name__": "x", "a": "1", "b": "2"])
        #expect(samples[2].labels.value == nil)
        #expect(samples[3].histogram == "{{schema:0 sum:1 count:1}}")
    }

    @Test func ruleFilesResolveRelativeToTheTestFile() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("vigil-ruletests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory + "/rules", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for name in ["b.yml", "a.yml", "c.txt"] {
            _ = FileManager.default.createFile(atPath: "\(directory)/rules/\(name)", contents: Data("groups: []\n".utf8))
        }
        let file = try parse("""
            rule_files: ['rules/*.yml', 'missing/*.yml', '\(directory)/rules/c.txt']
            loki_rule_files: ['./rules/../rules/a.yml']
            """, path: directory + "/tests/t.yml")
        #expect(file.ruleFiles == [RuleFileReference(path: directory + "/rules/c.txt", language: .promql)])
        #expect(file.unmatchedPatterns == [directory + "/tests/rules/*.yml", directory + "/tests/missing/*.yml",
                                           directory + "/tests/rules/a.yml"])
        let beside = try parse("rule_files: ['rules/*.yml']\nloki_rule_files: ['rules/../rules/a.yml']\n",
                               path: directory + "/t.yml")
        #expect(beside.ruleFiles == [
            RuleFileReference(path: directory + "/rules/a.yml", language: .promql),
            RuleFileReference(path: directory + "/rules/b.yml", language: .promql),
            RuleFileReference(path: directory + "/rules/a.yml", language: .logql),
        ])
        #expect(errors("rule_files: ['[']\n") == ["t.yml: syntax error in pattern"])
    }

    @Test func cleanJoinsPathsAsGo() {
        #expect(RuleFilePaths.resolve("../r.yml", relativeTo: "a/b") == "a/r.yml")
        #expect(RuleFilePaths.resolve("./x//y.yml", relativeTo: "") == "x/y.yml")
        #expect(RuleFilePaths.resolve("/abs/r.yml", relativeTo: "a") == "/abs/r.yml")
        #expect(RuleFilePaths.resolve("../../r.yml", relativeTo: "a") == "../r.yml")
    }

    // MARK: Vigil's LogQL fields

    @Test func everyLogQLField() throws {
        let file = try parse("""
            loki_rule_files: [loki.yml]
            tests:
              - name: logs
                interval: 30s
                input_streams:
                  - labels: '{app="api", env="prod"}'
                    lines: ['first', 'second']
                    entries:
                      - at: 90s
                        line: 'at ninety'
                      - timestamp: 1000000123
                        line: 'absolute ns'
                      - timestamp: '1970-01-01T00:00:02.5Z'
                        line: 'absolute rfc3339'
                    repeat:
                      - line: 'error {{ .i }}'
                        from: 5m
                        every: 10s
                        times: 3
                logql_expr_test:
                  - expr: 'count_over_time({app="api"}[5m])'
                    eval_time: 5m
                    exp_samples:
                      - labels: '{app="api", env="prod"}'
                        value: 4
                  - expr: '{app="api"} |= "error"'
                    eval_time: 6m
                    exp_logs:
                      - labels: '{app="api", env="prod"}'
                        line: 'error 0'
                        at: 5m
                      - labels: '{app="api", env="prod"}'
                        line: 'error 1'
                        timestamp: 310000000000
                  - expr: '{app="none"}'
                    exp_logs: []
            """)
        let group = file.tests[0]
        #expect(group.inputStreams.count == 1)
        let stream = group.inputStreams[0]
        #expect(stream.labels.value == ["app": "api", "env": "prod"])
        #expect(stream.items.count == 6)
        guard case .slot(1, let second) = stream.items[1] else { Issue.record("lines are slots"); return }
        #expect(second == "second")
        guard case .entry(.after(90_000), _) = stream.items[2],
              case .entry(.absolute(1_000_000_123), _) = stream.items[3],
              case .entry(.absolute(2_500_000_000), _) = stream.items[4],
              case .repeated(let template, 300_000, 10_000, 3, _) = stream.items[5] else {
            Issue.record("entries and repeat items"); return
        }
        #expect(template == "error {{ .i }}")
        #expect(group.logqlTests.count == 3)
        guard case .samples(let samples) = group.logqlTests[0].expectation,
              case .logs(let logs) = group.logqlTests[1].expectation,
              case .logs(let none) = group.logqlTests[2].expectation else { Issue.record("expectation kinds"); return }
        #expect(samples[0].value == 4)
        #expect(logs.map(\.time) == [.after(300_000), .absolute(310_000_000_000)])
        #expect(none.isEmpty)
        #expect(file.ruleFiles.isEmpty)
        #expect(file.unmatchedPatterns == ["loki.yml"])
    }

    @Test func logQLFieldErrors() throws {
        #expect(errors("""
            tests:
              - logql_expr_test:
                  - expr: x
                    exp_samples: []
                    exp_logs: []
            """) == ["t.yml:3:9: give either exp_samples (a metric query) or exp_logs (a log query), not both"])
        #expect(errors("""
            tests:
              - input_streams:
                  - labels: '{a="b"}'
                    entries:
                      - line: x
                      - at: 1m
                        timestamp: 5
                        line: y
                    repeat:
                      - line: x
                        times: -1
                      - line: y
                        times: 2
                        every: 0s
            """) == [
                "t.yml:5:13: an entry needs 'at' (after the start) or 'timestamp'",
                "t.yml:6:13: give either 'at' or 'timestamp', not both",
                "t.yml:10:13: 'times' must not be negative",
                "t.yml:12:13: 'every' must be positive",
            ])
        let file = try parse("""
            tests:
              - input_streams:
                  - labels: '{a=~"b"}'
                  - labels: '{}'
                  - labels: 'metric{a="b"}'
            """)
        let labels = file.tests[0].inputStreams.map(\.labels)
        guard case .invalid(let regex) = labels[0], case .invalid(let empty) = labels[1],
              case .invalid(let named) = labels[2] else { Issue.record("expected errors"); return }
        #expect(regex.hasPrefix(#"t.yml:3:9: stream "{a=~\"b\"}": 1:"#))
        #expect(empty == #"t.yml:4:9: stream "{}": a stream needs at least one label"#)
        #expect(named == #"t.yml:5:9: stream "metric{a=\"b\"}": a stream selector starts with '{'"#)
    }
}
