import VigilCore
import VigilEngine
import VigilRules
import VigilStorage
import VigilTemplate

/// One test group run the way promtool's `testGroup.test` runs it, in its
/// own stores:
///
/// 1. rules are evaluated at `start + k × evaluation_interval` for every k up
///    to the largest `eval_time`, every group at every step, in
///    `group_eval_order`; before each step the input samples up to that time
///    are stored; a rule error at a step ends the group;
/// 2. after the step at `t`, each `alert_rule_test` whose `eval_time` lies in
///    `[t, t + evaluation_interval)` compares the firing alerts of that name
///    with `exp_alerts` (labels and annotations, exact sets);
/// 3. then each `promql_expr_test` queries the store at its `eval_time`, and
///    each `logql_expr_test` the logs.
struct TestGroupRun {
    let file: RuleTestFile
    let group: RuleTestGroup
    let rules: Result<LoadedRules, RuleLoadFailure>
    let options: RuleTestOptions
    let engine: Engine

    func run() -> RuleTestGroupReport {
        let clock = ContinuousClock()
        let started = clock.now
        var report = RuleTestGroupReport(name: group.name, reportName: group.reportName)
        if options.debug { report.debugLines.append("DEBUG: Starting test \(group.reportName)") }
        report.failures = execute(debug: &report.debugLines)
        report.duration = clock.now - started
        if options.debug {
            let (seconds, attoseconds) = report.duration.components
            let nanos = seconds &* 1_000_000_000 &+ attoseconds / 1_000_000_000
            report.debugLines.append("DEBUG: Test \(group.reportName) finished, took \(GoDuration.format(nanos))")
        }
        return report
    }

    private var start: Int64 { group.startTimestamp }
    private var evaluationInterval: Int64 { file.evaluationInterval }

    private func execute(debug: inout [String]) -> [RuleTestFailure] {
        // Setup problems end the group before any evaluation, in promtool's order.
        var feed = InputFeed(start: start, interval: group.interval)
        for series in group.inputSeries {
            switch series.parse(file: file.path) {
            case .valid(let description): feed.add(description)
            case .invalid(let message): return [RuleTestFailure(message: message)]
            }
        }
        let loaded: LoadedRules
        switch rules {
        case .success(let value): loaded = value
        case .failure(let failure): return failure.errors.map { RuleTestFailure(message: $0) }
        }
        for test in group.alertTests where test.alertname.isEmpty {
            let name = group.name.isEmpty ? "" : " (in TestGroup \(group.name))"
            return [RuleTestFailure(message: "an item under alert_rule_test misses required attribute alertname at eval_time "
                + PromDuration.format(test.evalTime) + name)]
        }
        if !group.logqlTests.isEmpty && options.logql == nil {
            return [RuleTestFailure(message: "\(file.path):\(group.logqlTests[0].position): logql_expr_test needs a LogQL "
                + "engine, and this build of Vigil has none")]
        }
        let logs: StreamExpansion.Expanded
        let logStore: LogStore
        do {
            logs = try StreamExpansion.expand(group.inputStreams, start: start, interval: group.interval, file: file.path)
            logStore = try StreamExpansion.store(logs)
        } catch {
            return [RuleTestFailure(message: error.message)]
        }
        let logSnapshot = logStore.snapshot()

        let store = SeriesStore()
        let timeline = AlertTimeline(names: Set(group.alertTests.map(\.alertname)))
        let environment = RuleEnvironment(
            store: store, externalLabels: group.externalLabels, externalURL: group.externalURL,
            evaluationInterval: group.interval, onStateChange: { timeline.record($0) })
        let promql = RuleQuerier.promql(engine: engine, store: store)
        let ruleGroups = loaded.ordered(by: file.groupEvalOrder).map { entry in
            RuleGroup(entry.definition, file: entry.file, querier: querier(for: entry.language, promql: promql, logs: logSnapshot),
                      environment: environment, restored: true)
        }
        let alertRuleNames = Set(loaded.groups.flatMap { $0.definition.rules.filter(\.isAlerting).map(\.name) })

        var failures: [RuleTestFailure] = []
        let checkTimes = Array(Set(group.alertTests.map(\.evalTime))).sorted()
        var nextCheck = 0
        let end = start &+ group.maxEvalTime
        var time = start
        while time <= end {
            let refused = feed.append(through: time, into: store)
            if !refused.isEmpty {
                failures += refused.map { RuleTestFailure(message: $0) }
            } else {
                var evaluationErrors: [RuleTestFailure] = []
                for ruleGroup in ruleGroups {
                    ruleGroup.evaluate(at: time)
                    for rule in ruleGroup.status().rules where rule.health == .err {
                        evaluationErrors.append(RuleTestFailure(message: "    rule: \(rule.name), time: "
                            + "\(GoDuration.format(time &* 1_000_000)), err: \(rule.lastError ?? "")"))
                    }
                }
                if !evaluationErrors.isEmpty { return failures + evaluationErrors }
            }
            while nextCheck < checkTimes.count, time - start <= checkTimes[nextCheck],
                  checkTimes[nextCheck] < time - start + evaluationInterval {
                let checked = checkTimes[nextCheck]
                let tests = group.alertTests.filter { $0.evalTime == checked }
                let firing = firingAlerts(named: Set(tests.map(\.alertname)), in: ruleGroups)
                for test in tests {
                    let context = AlertCheckContext(ruleExists: alertRuleNames.contains(test.alertname), checkedAt: time,
                                                    start: start, timeline: timeline)
                    if let failure = AlertCheck(test: test, groupName: group.name)
                        .failure(got: firing[test.alertname] ?? [], context: context) {
                        failures.append(failure)
                    }
                }
                nextCheck += 1
            }
            let (next, overflow) = time.addingReportingOverflow(evaluationInterval)
            if overflow { break }
            time = next
        }

        let comparison = FloatComparison(fuzzy: file.fuzzyCompare)
        for test in group.promqlTests {
            if let failure = check(test, store: store, comparison: comparison) { failures.append(failure) }
        }
        if let backend = options.logql {
            let earliest = min(start &* 1_000_000, logs.earliest ?? Int64.max)
            for test in group.logqlTests {
                if let failure = check(test, backend: backend, logs: logSnapshot, earliest: earliest, comparison: comparison) {
                    failures.append(failure)
                }
            }
        }
        if options.debug { debug += DebugDump.lines(engine: engine, store: store, start: start, maxEvalTime: group.maxEvalTime) }
        return failures
    }

    private func querier(for language: RuleTestLanguage, promql: RuleQuerier, logs: LogSnapshot) -> RuleQuerier {
        switch language {
        case .promql:
            return promql
        case .logql:
            // LoadedRules refuses LogQL files without a backend, so one is present here.
            guard let backend = options.logql else { return promql }
            let instant = backend.instantQuery
            return RuleQuerier(language: backend.ruleLanguage,
                               query: RuleQuerier.vector(from: { query, time in try instant(query, time, logs) }),
                               canonicalText: backend.canonicalText)
        }
    }

    /// The firing alerts of the alerting rules with these names, from every group.
    private func firingAlerts(named names: Set<String>, in groups: [RuleGroup]) -> [String: [AlertInstance]] {
        var result: [String: [AlertInstance]] = [:]
        for group in groups {
            for rule in group.status().rules where rule.kind == .alerting && names.contains(rule.name) {
                for alert in rule.alerting?.alerts ?? [] where alert.state == .firing {
                    result[rule.name, default: []].append(AlertInstance(labels: alert.labels.pairs, annotations: alert.annotations))
                }
            }
        }
        return result
    }

    private func check(_ test: PromQLTestCase, store: SeriesStore, comparison: FloatComparison) -> RuleTestFailure? {
        let prefix = "    expr: \(GoString.quote(test.expr)), time: \(PromDuration.format(test.evalTime)), err: "
        let got: [SampleInstance]
        do {
            let result = try engine.instantQuery(test.expr, at: start &+ test.evalTime, on: store.snapshot())
            switch result.value {
            case .vector(let samples): got = samples.map { SampleInstance(labels: $0.labels, value: $0.value) }
            case .scalar(_, let value): got = [SampleInstance(labels: .empty, value: value)]
            case .string, .matrix: return RuleTestFailure(message: prefix + RuleQueryError.notVectorOrScalar.message)
            }
        } catch {
            return RuleTestFailure(message: prefix + error.description)
        }
        switch Self.expectedSamples(test.expected) {
        case .invalid(let message): return RuleTestFailure(message: prefix + message)
        case .valid(let expected):
            return SampleCheck(expr: test.expr, evalTime: test.evalTime, comparison: comparison).failure(expected: expected, got: got)
        }
    }

    private static func expectedSamples(_ samples: [ExpectedSample]) -> Parsed<[SampleInstance]> {
        var result: [SampleInstance] = []
        for sample in samples {
            switch sample.labels {
            case .invalid(let message): return .invalid("labels \(GoString.quote(sample.labelsText)): \(message)")
            case .valid(let labels):
                if !sample.histogram.isEmpty {
                    return .invalid("labels \(GoString.quote(sample.labelsText)): histogram \(GoString.quote(sample.histogram)): "
                        + "native histogram samples are not supported (Vigil's series store holds float samples)")
                }
                result.append(SampleInstance(labels: labels, value: sample.value))
            }
        }
        return .valid(result)
    }

    private func check(_ test: LogQLTestCase, backend: LogQLBackend, logs: LogSnapshot, earliest: Int64,
                       comparison: FloatComparison) -> RuleTestFailure? {
        let prefix = "    expr: \(GoString.quote(test.expr)), time: \(PromDuration.format(test.evalTime)), err: "
        let evalTime = start &+ test.evalTime
        switch test.expectation {
        case .samples(let samples):
            let got: [SampleInstance]
            do {
                switch try backend.instantQuery(test.expr, evalTime, logs) {
                case .vector(let samples): got = samples.map { SampleInstance(labels: $0.labels, value: $0.value) }
                case .scalar(let value): got = [SampleInstance(labels: .empty, value: value)]
                case .string: return RuleTestFailure(message: prefix + RuleQueryError.notVectorOrScalar.message)
                case .other(let type):
                    return RuleTestFailure(message: prefix + "the query returns \(type), not a vector or scalar "
                        + "(compare a log query's lines with exp_logs)")
                }
            } catch {
                return RuleTestFailure(message: prefix + "\(error)")
            }
            switch Self.expectedSamples(samples) {
            case .invalid(let message): return RuleTestFailure(message: prefix + message)
            case .valid(let expected):
                return SampleCheck(expr: test.expr, evalTime: test.evalTime, comparison: comparison)
                    .failure(expected: expected, got: got)
            }
        case .logs(let entries):
            var expected: [LogCheck.Expected] = []
            for entry in entries {
                guard case .valid(let labels) = entry.labels else {
                    if case .invalid(let message) = entry.labels {
                        return RuleTestFailure(message: prefix + "labels \(GoString.quote(entry.labelsText)): \(message)")
                    }
                    continue
                }
                expected.append(LogCheck.Expected(labels: labels, line: entry.line,
                                                  time: entry.time?.nanoseconds(start: start)))
            }
            let streams: [LogStreamResult]
            do {
                streams = try backend.logQuery(test.expr, earliest, evalTime &* 1_000_000 &+ 1, logs)
            } catch {
                return RuleTestFailure(message: prefix + "\(error)")
            }
            return LogCheck(expr: test.expr, evalTime: test.evalTime, start: start).failure(expected: expected, got: streams)
        }
    }
}
