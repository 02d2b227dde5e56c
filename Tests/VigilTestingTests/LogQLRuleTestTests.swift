import VigilEngine
import Synchronization
import Testing
import VigilCore
import VigilRules
import VigilStorage
@testable import VigilTesting

/// A stand-in for the LogQL engine behind the seam, deterministic and small:
/// a "query" is a substring. The instant query counts, per stream, the lines
/// containing it in the 5 minutes up to the time, `(t − 5m, t]`; the log
/// query returns the lines containing it. Streams are those with an `app`
/// label. Calls are recorded.
final class SubstringLogQL: Sendable {
    let calls = Mutex<[String]>([])
    let streams: [LabelMatcher] = [try! LabelMatcher(.regexMatch, "app", ".+")]

    var backend: LogQLBackend {
        LogQLBackend(
            ruleLanguage: .promql,
            checkExpression: { expr in
                expr.contains("(") ? ExpressionProblem(line: 1, column: 1, message: "1:1: parse error: no parentheses here") : nil
            },
            instantQuery: { [self] query, time, logs in
                calls.withLock { $0.append("instant \(query) @\(time)") }
                if query == "streams" { return .other(typeName: "streams") }
                let nanos = time * 1_000_000
                var samples: [RuleSample] = []
                for stream in logs.select(streams) {
                    var count = 0
                    logs.forEachEntry(in: stream, from: nanos - 300_000_000_000 + 1, through: nanos + 1, direction: .forward) { _, line in
                        if String(decoding: line, as: UTF8.self).contains(query) { count += 1 }
                        return true
                    }
                    if count > 0 { samples.append(RuleSample(labels: logs.labels(of: stream), value: Double(count))) }
                }
                return .vector(samples)
            },
            logQuery: { [self] query, start, end, logs in
                calls.withLock { $0.append("logs \(query) [\(start), \(end))") }
                return logs.select(streams).compactMap { stream in
                    let entries = logs.entries(in: stream, from: start, through: end, direction: .forward)
                    let matching = (0..<entries.count).map { LogStreamResult.Entry(timestamp: entries.timestamps[$0], line: entries.line(at: $0)) }
                        .filter { $0.line.contains(query) }
                    return matching.isEmpty ? nil : LogStreamResult(labels: logs.labels(of: stream), entries: matching)
                }
            })
    }
}

@Suite struct LogQLRuleTestTests {
    @Test func streamFormsExpandToTimedLines() throws {
        let file = try RuleTestFileParser.parse(yaml: """
            tests:
              - interval: 30s
                start_timestamp: 100
                input_streams:
                  - labels: '{app="api", i="shadowed"}'
                    lines: ['a', 'b']
                    entries:
                      - {at: 15s, line: 'c'}
                      - {timestamp: 99000000001, line: 'd'}
                      - {at: 0s, line: 'e'}
                    repeat:
                      - line: '{{ .app }} #{{ .i }} at {{ __timestamp__ | unixEpoch }}'
                        from: 1m
                        every: 20s
                        times: 3
                      - {line: 'tick', times: 2}
            """, path: "t.yml")
        let expanded = try StreamExpansion.expand(file.tests[0].inputStreams, start: 100_000, interval: 30_000, file: "t.yml")
        #expect(expanded.streams.count == 1)
        let entries = expanded.streams[0].entries
        let lines = (0..<entries.count).map { "\((entries.timestamps[$0] - 100_000_000_000) / 1_000_000) \(entries.line(at: $0))" }
        // Same-time lines keep the order written: lines, then entries, then repeats.
        #expect(lines == [
            "-999 d", "0 a", "0 e", "0 tick", "15000 c", "30000 b", "30000 tick",
            "60000 api #0 at 160", "80000 api #1 at 180", "100000 api #2 at 200",
        ])
        #expect(expanded.earliest == 99_000_000_001)
        #expect(expanded.lineCount == 10)
    }

    @Test func templateAndLimitErrorsNameThePlace() throws {
        let file = try RuleTestFileParser.parse(yaml: """
            tests:
              - input_streams:
                  - labels: '{app="api"}'
                    repeat: [{line: '{{ .app ', times: 1}]
                  - labels: '{app="b"}'
                    repeat: [{line: 'x', times: 20000000}]
            """, path: "t.yml")
        #expect(throws: GroupSetupError.self) {
            try StreamExpansion.expand([file.tests[0].inputStreams[0]], start: 0, interval: 60_000, file: "t.yml")
        }
        do {
            _ = try StreamExpansion.expand([file.tests[0].inputStreams[1]], start: 0, interval: 60_000, file: "t.yml")
            Issue.record("expected the line limit")
        } catch {
            #expect(error.message == "t.yml:6:18: more than 10000000 input lines in one test group")
        }
    }

    static let lokiRules = """
        groups:
          - name: logs
            rules:
              - record: errors:count5m
                expr: error
              - alert: ManyErrors
                expr: error
                for: 1m
                labels: {severity: warning}
                annotations: {summary: "{{ $labels.app }}: {{ $value }} errors"}
        """

    @Test func lokiRulesRunThroughTheSeam() throws {
        let fake = SubstringLogQL()
        // One error line a minute from 0s: the (t − 5m, t] count is k + 1 at k minutes (up to 5).
        let report = try runRuleTest("""
            loki_rule_files: [loki.yml]
            tests:
              - input_streams:
                  - labels: '{app="api"}'
                    repeat: [{line: 'error {{ .i }}', every: 1m, times: 10}]
                alert_rule_test:
                  - {eval_time: 0m, alertname: ManyErrors, exp_alerts: []}
                  - eval_time: 1m
                    alertname: ManyErrors
                    exp_alerts: [{exp_labels: {app: api, severity: warning}, exp_annotations: {summary: "api: 2 errors"}}]
                promql_expr_test:
                  - {expr: 'errors:count5m', eval_time: 2m, exp_samples: [{labels: 'errors:count5m{app="api"}', value: 3}]}
                logql_expr_test:
                  - {expr: error, eval_time: 7m, exp_samples: [{labels: '{app="api"}', value: 5}]}
                  - expr: 'error 1'
                    eval_time: 3m
                    exp_logs: [{labels: '{app="api"}', line: 'error 1', at: 1m}]
            """, rules: ["loki.yml": Self.lokiRules], options: RuleTestOptions(logql: fake.backend))
        #expect(report.messages == [])
        let calls = fake.calls.withLock { $0 }
        // Rules at 0, 1m, 2m (the largest eval_time of alert and PromQL tests), two rules each;
        // then the LogQL tests: the instant query in ms, the log query over [start, eval time] in ns.
        #expect(calls == [
            "instant error @0", "instant error @0", "instant error @60000", "instant error @60000",
            "instant error @120000", "instant error @120000",
            "instant error @420000",
            "logs error 1 [0, 180000000001)",
        ])
    }

    @Test func logQLFailuresShowPromtoolStyleTextAndADiff() throws {
        let fake = SubstringLogQL()
        let report = try runRuleTest("""
            tests:
              - input_streams:
                  - labels: '{app="api"}'
                    lines: ['ok', 'error one', 'error two']
                logql_expr_test:
                  - {expr: error, eval_time: 2m, exp_samples: [{labels: '{app="api"}', value: 3}]}
                  - expr: error
                    eval_time: 2m
                    exp_logs:
                      - {labels: '{app="api"}', line: 'error one'}
                      - {labels: '{app="api"}', line: 'error 2', at: 2m}
                  - {expr: streams, eval_time: 0m, exp_samples: []}
            """, options: RuleTestOptions(logql: fake.backend))
        #expect(report.failures.count == 3)
        #expect(report.messages[0] == """
                expr: "error", time: 2m,
                    exp: {app="api"} 3E+00
                    got: {app="api"} 2E+00
            """)
        #expect(report.messages[1] == """
                expr: "error", time: 2m,
                    exp: [
                        {app="api"} @* "error one"
                        {app="api"} @2m "error 2"
                    ]
                    got: [
                        {app="api"} @1m "error one"
                        {app="api"} @2m "error two"
                    ]
            """)
        #expect(report.failures[1].details == [
            "        diff (-exp +got), times after the start:",
            "            --- exp",
            "            +++ got",
            "            @@ -1,2 +1,2 @@",
            #"             {app="api"} @* "error one""#,
            #"            -{app="api"} @2m "error 2""#,
            #"            +{app="api"} @2m "error two""#,
        ])
        #expect(report.messages[2] == #"    expr: "streams", time: 0s, err: the query returns streams, not a vector or scalar (compare a log query's lines with exp_logs)"#)
    }

    @Test func logQLNeedsAnEngine() throws {
        let report = try runRuleTest("""
            loki_rule_files: [loki.yml]
            tests:
              - name: rules
              - name: exprs
                logql_expr_test: [{expr: x, eval_time: 0m}]
            """, rules: ["loki.yml": Self.lokiRules], options: RuleTestOptions(logql: nil))
        #expect(report.groups.count == 2)
        #expect(report.groups[0].failures.first?.message.hasSuffix(
            "loki.yml: LogQL rule files need a LogQL engine, and this build of Vigil has none") == true)
        #expect(report.groups[1].failures.count == 1)
    }

    @Test func lokiRuleExpressionsAreCheckedByTheBackend() throws {
        let report = try runRuleTest("""
            loki_rule_files: [loki.yml]
            tests: [{name: a}]
            """, rules: ["loki.yml": """
                groups:
                  - name: g
                    rules:
                      - alert: Bad
                        expr: 'count_over_time({a="b"}[5m])'
                """], options: RuleTestOptions(logql: SubstringLogQL().backend))
        #expect(report.messages.count == 1)
        #expect(report.messages[0].hasSuffix(
            #"loki.yml:5:16: group "g", rule 1, "Bad": could not parse expression: 1:1: parse error: no parentheses here"#))
    }

    @Test func oneFileTestsBothLanguages() throws {
        let fake = SubstringLogQL()
        let report = try runRuleTest("""
            rule_files: [prom.yml]
            loki_rule_files: [loki.yml]
            tests:
              - input_series: [{series: 'up{job="api"}', values: '0 0 0'}]
                input_streams: [{labels: '{app="api"}', lines: ['error', 'error', 'error']}]
                alert_rule_test:
                  - eval_time: 2m
                    alertname: Down
                    exp_alerts: [{exp_labels: {job: api}}]
                  - eval_time: 2m
                    alertname: ManyErrors
                    exp_alerts: [{exp_labels: {app: api, severity: warning}, exp_annotations: {summary: "api: 3 errors"}}]
            """, rules: ["loki.yml": Self.lokiRules, "prom.yml": """
                groups:
                  - name: g
                    rules:
                      - alert: Down
                        expr: up == 0
                """], options: RuleTestOptions(logql: fake.backend))
        #expect(report.messages == [])
    }
}
