import Synchronization
import VigilAlerting
import VigilCore
import VigilRules
import VigilStorage

/// Replays a recording through rule files in simulated time.
///
/// Simulated time moves from instant to instant: the next evaluation of
/// any group, or the next expiry of an autolog session. At each instant
/// the replay first lets sessions that ran out expire, then makes visible
/// every recorded sample and log line up to the instant (so no query sees
/// the future), then evaluates the groups due (`RuleManager.advance(to:)`
/// on groups aligned to `k × interval`), and hands over what happened as
/// ``ReplayEvent``s. Alerts due for sending go to Alertmanager re-dated by
/// an ``AlertTimeMapping``.
///
/// The groups start fresh, as `promtool test rules` does: no `for` state
/// is restored, and `ALERTS` is written from the first evaluation.
public final class Replay: Sendable {
    /// How a replay delivers alerts.
    public struct Delivery: Sendable {
        public var notifier: Notifier
        public var mapping: AlertTimeMapping
        /// The Alertmanager URLs, for the plan.
        public var alertmanagers: [String]

        public init(notifier: Notifier, mapping: AlertTimeMapping, alertmanagers: [String]) {
            self.notifier = notifier
            self.mapping = mapping
            self.alertmanagers = alertmanagers
        }
    }

    public let plan: ReplayPlan
    /// The stores the rules read and write; they hold what simulated time
    /// has reached.
    public let series: SeriesStore
    public let logs: LogStore

    private let manager: RuleManager
    private let autolog: AutologSessions
    private let state: Mutex<RunState>
    private let changes: Locked<[AlertStateChange]>
    private let autologClock: Locked<Int64>
    private let clock: WallClock

    private struct RunState: @unchecked Sendable {
        // Feeds and tracker are used only by `run`, which holds this lock throughout.
        var seriesFeed: SeriesFeed
        var logFeed: LogFeed
        var tracker: AutologTracker
        var started = false
    }

    /// - Parameters:
    ///   - from, to: the window (see ``ReplayWindow/resolve(from:to:data:longestHold:)`` for the defaults).
    ///   - clock: paces the replay and dates deliveries.
    public init(rules: ReplayRules, recording: Recording, from: Int64? = nil, to: Int64? = nil,
                pace: ReplayPace = .asFastAsPossible, delivery: Delivery? = nil,
                queriers: ReplayQueriers = .standard, clock: WallClock = .system) throws(ReplayError) {
        let series = SeriesStore()
        let logs = LogStore()
        let changes = Locked<[AlertStateChange]>([])
        // The window starts here (or the resolve below throws).
        let start = from ?? recording.timeRange?.lowerBound ?? 0
        let simulated = SimulatedClock(start: start)
        let autologClock = Locked<Int64>(start)
        let autolog = rules.config.makeAutologSessions(now: { autologClock.value })
        var notify: NotifyFunc?
        if let delivery {
            // Groups notify while they evaluate, with the simulated clock at the evaluation time.
            notify = { alerts in
                let now = simulated.now
                let wallNow = clock.now()
                delivery.notifier.send(alerts.map { delivery.mapping.map($0, simulatedNow: now, wallNow: wallNow) })
            }
        }
        let environment = rules.config.environment(
            store: series, notify: notify, autolog: autolog,
            onStateChange: { change in changes.withLock { $0.append(change) } })
        var groups: [RuleGroup] = []
        var notices: [ReplayNotice] = []
        do {
            groups = try RuleGroupLoader().groups(from: rules.promqlFiles, querier: queriers.promql(series),
                                                  environment: environment)
            if !rules.lokiFiles.isEmpty {
                groups += try RuleGroupLoader().groups(from: rules.lokiFiles, querier: queriers.logql(series, logs),
                                                       environment: environment)
            }
        } catch {
            throw .ruleFiles(error)
        }
        let statuses = groups.map { $0.status() }
        let longestHold = statuses.flatMap(\.rules).compactMap(\.alerting)
            .map { max($0.holdDuration, $0.keepFiringFor) }.max() ?? 0
        let window = try ReplayWindow.resolve(from: from, to: to, data: recording.timeRange, longestHold: longestHold)

        let recordedSeries = recording.series.snapshot()
        let recordedLogs = recording.logs.snapshot()
        var written: Set<String> = []
        for status in statuses {
            for rule in status.rules {
                if rule.kind == .recording { written.insert(rule.name) } else { written.formUnion(["ALERTS", "ALERTS_FOR_STATE"]) }
            }
        }
        let seriesFeed = SeriesFeed(recording: recordedSeries, into: series, rulesWrite: written)
        if !seriesFeed.replaced.isEmpty { notices.append(.recordedSeriesReplaced(seriesFeed.replaced)) }
        plan = ReplayPlan(
            window: window, pace: pace,
            groups: statuses.map { status in
                PlannedGroup(
                    name: status.name, file: status.file, language: status.language, interval: status.interval,
                    ruleCount: status.rules.count,
                    alertRules: status.rules.filter { $0.kind == .alerting }.map { PlannedAlertRule(group: status, rule: $0) })
            },
            notices: notices, recordedSeries: recordedSeries.seriesCount, recordedSamples: recordedSeries.sampleCount,
            recordedStreams: recordedLogs.streamCount, recordedLogLines: recordedLogs.entryCount,
            alertmanagers: delivery?.alertmanagers ?? [])
        self.series = series
        self.logs = logs
        self.changes = changes
        self.autologClock = autologClock
        self.autolog = autolog
        self.clock = clock
        manager = RuleManager(
            groups: groups, clock: .simulated(simulated),
            options: RuleManager.Options(alignment: .aligned, restoreForState: false))
        state = Mutex(RunState(
            seriesFeed: seriesFeed,
            logFeed: LogFeed(recording: recordedLogs, into: logs),
            tracker: AutologTracker(sessions: autolog)))
    }

    /// The pending and firing alerts as of the last evaluation (after
    /// ``run(_:)``: at the end of the window), like Prometheus's
    /// `/api/v1/alerts`.
    public func activeAlerts() -> [ActiveAlert] { manager.activeAlerts() }

    /// The autolog sessions live at the end of the window.
    public func autologSessions() -> [AutologSession] { autolog.list() }

    /// Runs the replay from start to end, handing over each instant's
    /// events as they happen, and returns the summary. A replay runs once;
    /// later calls return an empty summary at once.
    @discardableResult
    public func run(_ onEvents: ([ReplayEvent]) -> Void = { _ in }) -> ReplaySummary {
        let window = plan.window
        var summary = ReplaySummary(window: window)
        return state.withLock { state in
            guard !state.started else { return summary }
            state.started = true
            var pacer = Pacer(pace: plan.pace, clock: clock, from: window.from)
            // One tally per alert name in a group: state changes name their
            // rule, and rules of one group may share a name (one per severity).
            var ruleIndex: [String: Int] = [:]
            for rule in plan.alertRules where ruleIndex[Self.key(rule.file, rule.group, rule.name)] == nil {
                ruleIndex[Self.key(rule.file, rule.group, rule.name)] = summary.alertRules.count
                summary.alertRules.append(AlertRuleTally(file: rule.file, group: rule.group, rule: rule.name))
            }
            var failing: [String: String] = [:]

            // History: everything recorded up to the start is there from the start.
            state.seriesFeed.feed(through: window.from)
            state.logFeed.feed(through: window.from)
            while true {
                let nextEvaluation = manager.nextEvaluations().min()
                let nextExpiry = state.tracker.nextExpiry
                guard let instant = [nextEvaluation, nextExpiry].compactMap({ $0 }).min(), instant <= window.to else { break }
                pacer.wait(until: instant)
                autologClock.withLock { $0 = instant }
                var events = state.tracker.expired().map(ReplayEvent.autolog)
                state.seriesFeed.feed(through: instant)
                state.logFeed.feed(through: instant)
                if nextEvaluation == instant {
                    let due = manager.nextEvaluations().enumerated().filter { $0.element == instant }.map(\.offset)
                    let reports = (try? manager.advance(to: instant)) ?? []
                    summary.evaluations += reports.count
                    events += changes.withLock { pending in
                        defer { pending.removeAll() }
                        return pending.map(ReplayEvent.alert)
                    }
                    events += failures(in: due, at: instant, ruleIndex: ruleIndex, failing: &failing, summary: &summary)
                    events += state.tracker.changes(at: instant).map(ReplayEvent.autolog)
                }
                for event in events { summary.count(event, ruleIndex: ruleIndex) }
                if !events.isEmpty { onEvents(events) }
            }
            // The stores end where simulated time ends.
            state.seriesFeed.feed(through: window.to)
            state.logFeed.feed(through: window.to)
            for alert in manager.activeAlerts() {
                guard let index = ruleIndex[Self.key(alert.file, alert.group, alert.rule)] else { continue }
                if alert.alert.state == .firing { summary.alertRules[index].firingAtEnd += 1 }
                if alert.alert.state == .pending { summary.alertRules[index].pendingAtEnd += 1 }
            }
            summary.samplesFed = state.seriesFeed.fed
            summary.samplesRefused = state.seriesFeed.refused.count
            summary.logLinesFed = state.logFeed.fed
            return summary
        }
    }

    /// Rules of the groups just evaluated that started failing, or fail
    /// with a new message; counts every failure.
    private func failures(in groups: [Int], at time: Int64, ruleIndex: [String: Int], failing: inout [String: String],
                          summary: inout ReplaySummary) -> [ReplayEvent] {
        var events: [ReplayEvent] = []
        for index in groups {
            let status = manager.groups[index].status()
            for (position, rule) in status.rules.enumerated() {
                let key = Self.key(status.file, status.name, String(position))
                guard rule.health == .err, let message = rule.lastError else {
                    failing[key] = nil
                    continue
                }
                summary.ruleFailures += 1
                if rule.kind == .alerting, let tally = ruleIndex[Self.key(status.file, status.name, rule.name)] {
                    summary.alertRules[tally].failures += 1
                    summary.alertRules[tally].lastError = message
                }
                if failing[key] != message {
                    failing[key] = message
                    events.append(.ruleFailure(RuleFailureEvent(
                        time: time, group: status.name, file: status.file, rule: rule.name, message: message)))
                }
            }
        }
        return events
    }

    /// Identifies a rule across files and groups.
    static func key(_ file: String, _ group: String, _ rule: String) -> String {
        file + "\u{0}" + group + "\u{0}" + rule
    }
}
