import Synchronization
import VigilAlerting
import VigilCore

/// A rule group: its rules evaluated in file order at one time, their
/// output stored, alerts sent, state changes reported (Prometheus's
/// `rules.Group`).
///
/// ``evaluate(at:wallTime:)`` runs one evaluation; ``RuleManager`` calls it
/// on the group's schedule, and offline tools (replays, rule unit tests)
/// may call it directly. Evaluations of one group are serialised; the
/// status can be read at any time, also while an evaluation runs. The
/// callbacks in the environment run on the evaluating thread while the
/// group is locked: they must not evaluate this group.
public final class RuleGroup: Sendable {
    public let name: String
    public let file: String
    public let language: RuleLanguage
    /// Milliseconds between evaluations.
    public let interval: Int64
    /// Rules query (and write their output) this long before the evaluation time.
    public let queryOffset: Int64
    public let limit: Int

    private let engine: Mutex<GroupEngine>
    private let published: Mutex<RuleGroupStatus>

    /// - Parameters:
    ///   - restored: false when the group should wait for
    ///     ``restoreForState(at:)`` before writing `ALERTS` (Prometheus at
    ///     start-up); true for groups that start fresh.
    public init(_ definition: RuleGroupDefinition, file: String, querier: RuleQuerier,
                environment: RuleEnvironment, restored: Bool = true) {
        name = definition.name
        self.file = file
        language = querier.language
        interval = definition.interval ?? environment.evaluationInterval
        queryOffset = definition.queryOffset ?? environment.defaultQueryOffset
        limit = definition.limit
        let setup = GroupSetup(name: name, file: file, interval: interval, queryOffset: queryOffset, limit: limit,
                               querier: querier, environment: environment)
        var engine = GroupEngine(setup: setup)
        for rule in definition.rules {
            let expression = querier.canonicalText(rule.expr)
            let labels = rule.effectiveLabels(in: definition)
            switch rule.kind {
            case .recording(let record):
                engine.entries.append(.recording(engine.recordingRules.count))
                engine.recordingRules.append(RecordingRule(name: record, expression: expression, labels: labels))
            case .alerting(let alert):
                engine.entries.append(.alerting(engine.alertingRules.count))
                engine.alertingRules.append(AlertingRule(
                    name: alert, expression: expression, holdDuration: rule.forDuration,
                    keepFiringFor: rule.keepFiringFor, labels: labels, annotations: rule.annotations,
                    externalLabels: environment.externalLabels, externalURL: environment.externalURL,
                    restored: restored))
            }
            engine.runtime.append(GroupEngine.RuleRuntime())
            engine.previousSeries.append([])
        }
        published = Mutex(engine.status())
        self.engine = Mutex(engine)
    }

    /// Evaluates every rule at `time` (Unix ms). `wallTime` is what the
    /// status reports as the evaluation's start (default: `time`).
    @discardableResult
    public func evaluate(at time: Int64, wallTime: Int64? = nil) -> GroupEvaluationReport {
        let (report, status) = engine.withLock { engine in
            let report = engine.evaluate(at: time, wallTime: wallTime ?? time)
            return (report, engine.status())
        }
        published.withLock { $0 = status }
        return report
    }

    /// Restores the `for` clocks of the current alerts from the
    /// `ALERTS_FOR_STATE` series as of `time`, then lets every alerting rule
    /// write `ALERTS` (see ``RuleManager`` for when this runs).
    public func restoreForState(at time: Int64) {
        let status = engine.withLock { engine in
            engine.restoreForState(at: time)
            return engine.status()
        }
        published.withLock { $0 = status }
    }

    /// Lets every alerting rule write `ALERTS` without restoring (what
    /// `promtool test rules` does).
    public func markRestored() {
        let status = engine.withLock { engine in
            for index in engine.alertingRules.indices { engine.alertingRules[index].restored = true }
            return engine.status()
        }
        published.withLock { $0 = status }
    }

    /// The rules, their alerts and the last evaluation.
    public func status() -> RuleGroupStatus {
        published.withLock { $0 }
    }

    /// Holds back `ALERTS` until ``restoreForState(at:)`` (a manager that
    /// restores calls this before the first evaluation).
    func awaitRestore() {
        let status = engine.withLock { engine in
            for index in engine.alertingRules.indices { engine.alertingRules[index].restored = false }
            return engine.status()
        }
        published.withLock { $0 = status }
    }

    /// Counts an evaluation the scheduler skipped.
    func countMissed(_ count: Int) {
        let status = engine.withLock { engine in
            engine.counters.missedIterations += count
            return engine.status()
        }
        published.withLock { $0 = status }
    }
}

extension GroupEngine {
    func status() -> RuleGroupStatus {
        var rules: [RuleStatus] = []
        for (index, entry) in entries.enumerated() {
            let run = runtime[index]
            switch entry {
            case .recording(let slot):
                let rule = recordingRules[slot]
                rules.append(RuleStatus(
                    kind: .recording, name: rule.name, query: rule.expression, labels: rule.labels,
                    health: run.health, lastError: run.lastError, lastEvaluation: run.lastEvaluation,
                    evaluationDuration: run.evaluationDuration, alerting: nil))
            case .alerting(let slot):
                let rule = alertingRules[slot]
                rules.append(RuleStatus(
                    kind: .alerting, name: rule.name, query: rule.expression,
                    labels: rule.labelTemplates.map { Label($0.name, $0.text) },
                    health: run.health, lastError: run.lastError, lastEvaluation: run.lastEvaluation,
                    evaluationDuration: run.evaluationDuration,
                    alerting: AlertingRuleStatus(
                        holdDuration: rule.holdDuration, keepFiringFor: rule.keepFiringFor,
                        annotations: rule.annotationTemplates.map { Label($0.name, $0.text) },
                        state: run.lastEvaluation == nil ? nil : rule.state,
                        alerts: rule.active.keys.sorted().compactMap { rule.active[$0] },
                        restored: rule.restored)))
            }
        }
        return RuleGroupStatus(
            name: setup.name, file: setup.file, language: setup.querier.language, interval: setup.interval,
            queryOffset: setup.queryOffset, limit: setup.limit, rules: rules,
            lastEvaluationTimestamp: lastEvaluationTimestamp, lastEvaluation: lastEvaluation,
            evaluationDuration: evaluationDuration, counters: counters)
    }
}
