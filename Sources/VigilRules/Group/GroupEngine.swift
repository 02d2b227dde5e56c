import VigilAlerting
import VigilCore
import VigilStorage

/// The evaluation state of one group: its rules in file order, their
/// alerts, and the series each rule wrote last time (for staleness). Only
/// ``RuleGroup`` touches it, under its lock.
struct GroupEngine: Sendable {
    enum Entry: Sendable {
        case recording(Int)
        case alerting(Int)
    }

    struct RuleRuntime: Sendable {
        var health = RuleHealth.unknown
        var lastError: String?
        var lastEvaluation: Int64?
        var evaluationDuration = Duration.zero
    }

    let setup: GroupSetup
    var entries: [Entry] = []
    var recordingRules: [RecordingRule] = []
    var alertingRules: [AlertingRule] = []
    var runtime: [RuleRuntime] = []
    /// Per rule, the series it stored at its last successful evaluation.
    var previousSeries: [Set<Labels>] = []
    var counters = RuleGroupCounters()
    var lastEvaluationTimestamp: Int64?
    var lastEvaluation: Int64?
    var evaluationDuration = Duration.zero

    /// One evaluation of every rule at `time`, in file order: each rule's
    /// output is stored before the next rule runs, so later rules read it.
    /// A failing rule is marked and skipped; the others still run.
    mutating func evaluate(at time: Int64, wallTime: Int64) -> GroupEvaluationReport {
        let started = ContinuousClock.now
        var report = GroupEvaluationReport(time: time)
        var firing: [Alert] = []
        for index in entries.indices {
            let ruleStarted = ContinuousClock.now
            evaluateRule(index, at: time, report: &report, firing: &firing)
            runtime[index].lastEvaluation = wallTime
            runtime[index].evaluationDuration = ContinuousClock.now - ruleStarted
        }
        if let autolog = setup.environment.autolog {
            autolog.observe(alerts: firing.map(setup.withExternalLabels), at: time)
        }
        counters.evaluations += 1
        lastEvaluationTimestamp = time
        lastEvaluation = wallTime
        evaluationDuration = ContinuousClock.now - started
        return report
    }

    private mutating func evaluateRule(_ index: Int, at time: Int64, report: inout GroupEvaluationReport,
                                       firing: inout [Alert]) {
        let environment = setup.environment
        let output: [RuleSample]
        switch entries[index] {
        case .recording(let slot):
            do {
                output = try recordingRules[slot].evaluate(
                    at: time, queryOffset: setup.queryOffset, limit: setup.limit, query: setup.querier.query)
            } catch {
                fail(index, error, name: recordingRules[slot].name, report: &report)
                return
            }
        case .alerting(let slot):
            let previous = alertingRules[slot].active
            let result: Result<[RuleSample], RuleError>
            do {
                result = .success(try alertingRules[slot].evaluate(
                    at: time, queryOffset: setup.queryOffset, limit: setup.limit, query: setup.querier.query))
            } catch {
                result = .failure(error)
            }
            let changes = alertingRules[slot].changes(since: previous, at: time, group: setup.name, file: setup.file)
            if let onStateChange = environment.onStateChange {
                for change in changes { onStateChange(change) }
            }
            switch result {
            case .failure(let error):
                fail(index, error, name: alertingRules[slot].name, report: &report)
                return
            case .success(let samples):
                output = samples
            }
            let generatorURL = GeneratorURL.forExpression(alertingRules[slot].expression, externalURL: environment.externalURL)
            let due = alertingRules[slot].alertsToSend(
                at: time, resendDelay: environment.resendDelay, interval: setup.interval, generatorURL: generatorURL)
            if !due.isEmpty {
                counters.alertsSent += due.count
                report.alertsSent += due.count
                environment.notify?(due)
            }
            firing += alertingRules[slot].firingAlerts(generatorURL: generatorURL)
        }
        runtime[index].health = .ok
        runtime[index].lastError = nil
        store(output, rule: index, at: time &- setup.queryOffset, report: &report)
    }

    private mutating func fail(_ index: Int, _ error: RuleError, name: String, report: inout GroupEvaluationReport) {
        runtime[index].health = .err
        runtime[index].lastError = error.message
        counters.ruleFailures += 1
        report.failures.append(RuleFailure(rule: name, message: error.message))
    }

    /// Writes a rule's output, then a stale marker for every series it wrote
    /// last time but not now. Refused samples are counted and make the rule
    /// unhealthy; they do not stop the others.
    private mutating func store(_ output: [RuleSample], rule index: Int, at timestamp: Int64,
                                report: inout GroupEvaluationReport) {
        let store = setup.environment.store
        let rejected = store.append(output.map { LabeledSample($0.labels, timestamp, $0.value) })
        var refused = Set<Int>()
        for rejection in rejected {
            refused.insert(rejection.index)
            switch rejection.error.kind {
            case .outOfOrder: counters.discardedOutOfOrder += 1
            case .duplicateTimestamp: counters.discardedDuplicates += 1
            default: counters.discardedOther += 1
            }
            runtime[index].health = .err
            runtime[index].lastError = Self.prometheusText(rejection.error)
        }
        var written = Set<Labels>(minimumCapacity: output.count)
        for (position, sample) in output.enumerated() where !refused.contains(position) {
            written.insert(sample.labels)
        }
        counters.samplesWritten += written.count
        report.samplesWritten += written.count

        let gone = previousSeries[index].subtracting(written).sorted()
        if !gone.isEmpty {
            let markers = gone.map { LabeledSample($0, timestamp, StaleMarker.value) }
            // A marker the store refuses is expected when another rule or
            // a later evaluation already wrote the series: ignore it.
            let staleWritten = markers.count - store.append(markers).count
            counters.staleMarkersWritten += staleWritten
            report.staleMarkersWritten += staleWritten
        }
        previousSeries[index] = written
    }

    /// The bare storage error Prometheus keeps as the rule's last error.
    static func prometheusText(_ error: AppendError) -> String {
        switch error.kind {
        case .outOfOrder: return "out of order sample"
        case .duplicateTimestamp: return "duplicate sample for timestamp"
        default: return error.description
        }
    }
}

/// The fixed settings of a group.
struct GroupSetup: Sendable {
    let name: String
    let file: String
    let interval: Int64
    let queryOffset: Int64
    let limit: Int
    let querier: RuleQuerier
    let environment: RuleEnvironment

    /// The alert as Alertmanager will see it: external labels added where
    /// the alert lacks them (what the notifier does).
    func withExternalLabels(_ alert: Alert) -> Alert {
        var alert = alert
        for label in environment.externalLabels where !alert.labels.has(label.name) {
            alert.labels = alert.labels.setting(label.name, to: label.value)
        }
        return alert
    }
}

/// A rule that failed in an evaluation.
public struct RuleFailure: Sendable, Hashable {
    public var rule: String
    public var message: String
}

/// What one evaluation of a group did.
public struct GroupEvaluationReport: Sendable {
    /// The evaluation time, Unix ms.
    public var time: Int64
    public var samplesWritten = 0
    public var staleMarkersWritten = 0
    public var alertsSent = 0
    public var failures: [RuleFailure] = []

    public init(time: Int64) { self.time = time }
}
