import Foundation
import Testing
import VigilCore
import VigilEngine
import VigilStorage
import VigilSyntax
@testable import VigilRules

/// Loki ruler files: LogQL rules loaded, validated and evaluated by the
/// LogQL engine over a log store, their outputs in the series store.
@Suite struct LogQLRuleTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static var lokiRuleFiles: [String] {
        let directory = packageRoot.appendingPathComponent("Corpus/rules/loki")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".yml") }.sorted().map { directory.appendingPathComponent($0).path }
    }

    /// The shared LogQL conformance cases (`$VIGIL_CONFORMANCE_DIR/logql`
    /// or `../shared/conformance/logql`), if present.
    static var casesFile: String? {
        var candidates: [String] = []
        if let override = ProcessInfo.processInfo.environment["VIGIL_CONFORMANCE_DIR"], !override.isEmpty {
            candidates.append(URL(fileURLWithPath: override).appendingPathComponent("logql/cases.json").path)
        }
        candidates.append(packageRoot.deletingLastPathComponent()
            .appendingPathComponent("shared/conformance/logql/cases.json").path)
        return candidates.first { FileManager.default.fileExists(atPath: $0) }
    }

    func loadLokiRules() throws -> [RuleFile] {
        let loader = RuleFileLoader(validator: .standard())
        return try Self.lokiRuleFiles.map { try loader.load(path: $0, language: .logql) }
    }

    @Test func corpusRulesValidateAsLogQL() throws {
        let files = try loadLokiRules()
        #expect(files.map(\.ruleCount) == [2, 9])
        // The same files are not PromQL.
        #expect(throws: RuleFileErrors.self) {
            try RuleFileLoader(validator: .standard()).load(path: Self.lokiRuleFiles[0], language: .promql)
        }
    }

    @Test func logQueriesAndBadExpressionsAreRejected() throws {
        let yaml = """
            groups:
              - name: g
                rules:
                  - alert: Lines
                    expr: '{app="x"} |= "error"'
                  - record: broken
                    expr: sum(rate({app="x"}[5m])
            """
        do {
            _ = try RuleFileLoader(validator: .standard()).parse(yaml: yaml, file: "loki.yml", language: .logql)
            Issue.record("expected errors")
        } catch let errors as RuleFileErrors {
            #expect(errors.errors.map(\.description) == [
                #"loki.yml:5:15: group "g", rule 1, "Lines": could not parse expression: "#
                    + RuleFileValidator.logQueryInRule,
                #"loki.yml:7:38: group "g", rule 2, "broken": could not parse expression: 1:24: parse error: "#
                    + "syntax error: unexpected $end, expecting )",
            ])
        }
    }

    @Test func querierReturnsVectorsAndCanonicalText() throws {
        let logs = LogStore()
        var batch = LogEntries()
        batch.append(timestamp: 30 * 1_000_000_000, line: "error x")
        batch.append(timestamp: 50 * 1_000_000_000, line: "fine")
        try logs.push(["app": "api"], batch)
        let querier = RuleQuerier.logql(engine: LogQLEngine(), logStore: logs)
        #expect(querier.language == .logql)
        #expect(querier.canonicalText("sum by (app) (count_over_time({app=\"api\"} |= \"error\" [1m]))")
                == #"sum by (app)(count_over_time({app="api"} |= "error"[1m]))"#)
        // Milliseconds in, as every rule query: 60 s sees both lines.
        #expect(try querier.query(#"count_over_time({app="api"}[1m])"#, 60_000)
                == [RuleSample(labels: ["app": "api"], value: 2)])
        #expect(try querier.query("2 * 3", 60_000) == [RuleSample(labels: .empty, value: 6)])
        #expect(try querier.query(#"count_over_time({app="api"}[1m])"#, 10_000) == [])
        // Errors read as Loki's ruler reports them.
        do {
            _ = try querier.query(#"count_over_time({app="api"} | json [1m]) > 0"#, 60_000)
            Issue.record("expected a pipeline error")
        } catch {
            #expect("\(error)".hasPrefix("rule evaluation failed: pipeline error: 'JSONParserErr'"))
        }
    }

    /// Every rule of the Loki files, evaluated at the times of the
    /// `alert_rules` cases over the cases' log streams, against the vectors
    /// Loki computed for the same expressions there: each alert (pending or
    /// firing) is a sample of Loki's result plus the rule's labels and
    /// `alertname`, with its value.
    @Test func seedAlertsAgreeWithLoki() throws {
        guard let path = Self.casesFile else {
            print("LogQL conformance cases not found: set VIGIL_CONFORMANCE_DIR or place them in "
                  + "../shared/conformance/logql; skipping.")
            return
        }
        let logs = LogStore()
        let report = try LokiJSONReader.read(contentsOf: path, into: logs)
        #expect(report.errors.isEmpty)
        let cases = try Self.instantCases(path)
        var checked = 0, recordedChecks = 0
        for file in try loadLokiRules() {
            for definition in file.groups {
                for rule in definition.rules {
                    let expr = try LogQLParser().parse(rule.expr)
                    let matching = cases.filter { $0.expr == expr }
                    // Every rule runs at every case time without failing.
                    for time in Set(cases.map(\.timeMillis)).sorted() {
                        let (status, store) = try evaluate(rule, in: definition, at: time, over: logs)
                        #expect(status.health == .ok, "\(rule.name) at \(time): \(status.lastError ?? "")")
                        if case .recording(let name) = rule.kind {
                            // A case thresholding this expression (`expr > x`) shows part of what it records.
                            let recorded = store.values(named: name, at: time)
                            for thresholded in cases where thresholded.timeMillis == time {
                                guard case .binary(let node) = thresholded.expr, node.lhs == expr else { continue }
                                for sample in thresholded.samples {
                                    let labels = Labels(sample.labels.pairs + [Label(Labels.metricName, name)])
                                    let value = recorded[labels] ?? .nan
                                    #expect(abs(value - sample.value) <= 1e-9 * abs(sample.value), "\(name) \(labels)")
                                    recordedChecks += 1
                                }
                            }
                        }
                        guard let expected = matching.first(where: { $0.timeMillis == time }) else { continue }
                        let wanted = Dictionary(uniqueKeysWithValues: expected.samples.map { sample in
                            let extra = rule.effectiveLabels(in: definition) + [Label("alertname", rule.name)]
                            return (Labels(sample.labels.pairs + extra), sample.value)
                        })
                        let alerts = status.alerting?.alerts ?? []
                        let got = Dictionary(uniqueKeysWithValues: alerts.map { ($0.labels, $0.value) })
                        #expect(got.keys.sorted() == wanted.keys.sorted(), "\(rule.name) at \(time)")
                        for (labels, value) in wanted {
                            let actual = got[labels] ?? .nan
                            #expect(abs(actual - value) <= 1e-9 * abs(value), "\(rule.name) \(labels)")
                        }
                        checked += 1
                    }
                }
            }
        }
        // Eight seed alerts, two instants each; the recording rule under HighErrorLogRate's threshold.
        #expect(checked == 16)
        #expect(recordedChecks > 0)
    }

    /// One rule, alone in a copy of its group, evaluated once at `time`.
    private func evaluate(_ rule: RuleDefinition, in definition: RuleGroupDefinition, at time: Int64,
                          over logs: LogStore) throws -> (RuleStatus, SeriesStore) {
        var single = definition
        single.rules = [rule]
        let store = SeriesStore()
        let group = RuleGroup(single, file: "loki.yml", querier: .logql(engine: LogQLEngine(), logStore: logs),
                              environment: RuleEnvironment(store: store))
        group.evaluate(at: time)
        guard let status = group.status().rules.first else { throw TestFailure("no rule status") }
        return (status, store)
    }

    struct InstantCase {
        var expr: LogQLExpr
        var timeMillis: Int64
        var samples: [(labels: Labels, value: Double)]
    }

    /// The instant `alert_rules` cases of a cases.json, with Loki's vectors.
    static func instantCases(_ path: String) throws -> [InstantCase] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let queries = root["queries"] as? [[String: Any]] else { throw TestFailure("no queries in \(path)") }
        var cases: [InstantCase] = []
        for query in queries where query["area"] as? String == "alert_rules" && query["type"] as? String == "instant" {
            guard let text = query["query"] as? String, let time = (query["time"] as? String).flatMap({ Int64($0) }),
                  let expected = query["expected"] as? [String: Any], let result = expected["data"] as? [String: Any],
                  let samples = result["result"] as? [[String: Any]] else { throw TestFailure("malformed case") }
            cases.append(InstantCase(expr: try LogQLParser().parse(text), timeMillis: time / 1_000_000, samples: try samples.map { sample in
                guard let metric = sample["metric"] as? [String: String], let value = sample["value"] as? [Any],
                      value.count == 2, let text = value[1] as? String, let number = Double(text) else {
                    throw TestFailure("malformed sample \(sample)")
                }
                return (Labels(metric.map { Label($0.key, $0.value) }), number)
            }))
        }
        return cases
    }
}
