import Foundation
import Testing
import VigilAlerting
import VigilCore
@testable import VigilReplay
import VigilRules

/// The recorded incident (`Corpus/incident/`) replayed through the bundled
/// Prometheus rules, checked against the timelines of
/// `Corpus/incident/README.md`.
///
/// The README gives, per alert series, when the condition holds: from the
/// first evaluation at which it is true to the first at which it is false
/// again (half-open, in minutes after 02:00:00Z). Pending, firing and
/// resolved times follow from the rule's `for` as Prometheus's state
/// machine does. Where the README's values (computed by its author
/// without Prometheus's rate extrapolation) differ from what Prometheus
/// computes, the expectation below is Prometheus's, each marked; real
/// Prometheus 2.42 (`python3 Corpus/incident/check_expectations.py
/// --prometheus`, which runs it over the same data) gives exactly these
/// intervals for all 31 series.
@Suite(.serialized) struct IncidentTimelineTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let corpus = root.appendingPathComponent("Corpus")
    /// 2025-12-28T02:00:00Z, where the README's minutes count from.
    static let origin: Int64 = 1_766_887_200_000

    /// Loaded once: every test replays the same recording.
    static let recording = Recording.load(
        metrics: [corpus.appendingPathComponent("incident/metrics.om.zst").path],
        logs: [corpus.appendingPathComponent("incident/logs.jsonl.zst").path])

    static func config() throws -> VigilConfig {
        try VigilConfig.load(path: corpus.appendingPathComponent("vigil.yml").path)
    }

    /// One alert series: its rule, `for`, the labels that tell it apart
    /// (as the README names it), and when its condition holds.
    struct Series {
        var rule: String
        var hold: Double
        var key: String
        /// Half-open minute intervals; nil end: still true at the end.
        var intervals: [(Double, Double?)]
    }

    /// README, "Rule by rule", the Prometheus tables. Keys are the values
    /// of the labels `keyLabels` lists for the rule, space-separated.
    static let expected: [Series] = [
        // application.yml
        Series(rule: "HighErrorRate", hold: 2, key: "order-service production", intervals: [(65.5, 114.0)]),
        // README 144.0–154.0; Prometheus: 153.5 (the README notes it too).
        Series(rule: "HighErrorRate", hold: 2, key: "cart-service production", intervals: [(144.0, 153.5)]),
        Series(rule: "CriticalErrorRate", hold: 2, key: "order-service production", intervals: [(67.0, 112.5)]),
        // README 64.0–115.0 for both checkout series; Prometheus: from 63.5 (the README notes it too).
        Series(rule: "RepeatedErrors", hold: 0, key: "order-service production POST /api/v1/orders/checkout order-service-6c9f7d8b4-k2xlp",
               intervals: [(63.5, 115.0)]),
        Series(rule: "RepeatedErrors", hold: 0, key: "order-service production POST /api/v1/orders/checkout order-service-6c9f7d8b4-w7tqz",
               intervals: [(63.5, 115.0)]),
        // README 66.5–114.0; Prometheus: until 114.5.
        Series(rule: "RepeatedErrors", hold: 0, key: "order-service production GET /api/v1/orders order-service-6c9f7d8b4-w7tqz",
               intervals: [(66.5, 114.5)]),
        // README 66.5–85.5 and 89.0–113.0; Prometheus: the first until 86.0.
        Series(rule: "RepeatedErrors", hold: 0, key: "order-service production GET /api/v1/orders order-service-6c9f7d8b4-k2xlp",
               intervals: [(66.5, 86.0), (89.0, 113.0)]),
        Series(rule: "RepeatedErrors", hold: 0, key: "order-service production GET /api/v1/orders/{id} order-service-6c9f7d8b4-w7tqz",
               intervals: [(66.0, 114.0)]),
        // README 66.5–85.0 and 88.0–114.5; Prometheus: the second from 87.5.
        Series(rule: "RepeatedErrors", hold: 0, key: "order-service production GET /api/v1/orders/{id} order-service-6c9f7d8b4-k2xlp",
               intervals: [(66.5, 85.0), (87.5, 114.5)]),
        Series(rule: "RepeatedErrors", hold: 0, key: "cart-service production POST /api/v1/cart/items cart-service-7c8d9e0f1b-h5j6k",
               intervals: [(141.0, 157.0)]),
        Series(rule: "HighP95Latency", hold: 5, key: "order-service production", intervals: [(65.0, 115.0)]),
        Series(rule: "HighP99Latency", hold: 5, key: "order-service production", intervals: [(64.0, 115.0)]),
        Series(rule: "HighP99Latency", hold: 5, key: "cart-service production", intervals: [(91.0, 105.5)]),
        Series(rule: "ApplicationDown", hold: 1, key: "order-service-6c9f7d8b4-k2xlp", intervals: [(82.0, 84.5)]),
        Series(rule: "HighMemoryUsage", hold: 5, key: "order-service-6c9f7d8b4-k2xlp", intervals: [(71.0, 84.5)]),
        Series(rule: "DBConnectionPoolExhaustion", hold: 3, key: "order-service-6c9f7d8b4-w7tqz", intervals: [(64.5, 110.5)]),
        Series(rule: "DBConnectionPoolExhaustion", hold: 3, key: "order-service-6c9f7d8b4-k2xlp",
               intervals: [(64.5, 84.5), (86.0, 110.5)]),
        Series(rule: "SagaOrderStalled", hold: 5, key: "production", intervals: [(92.0, 111.0)]),
        // infrastructure.yml
        Series(rule: "StackComponentDown", hold: 2, key: "tempo", intervals: [(86.5, 92.5)]),
        Series(rule: "OtelCollectorDroppedSpans", hold: 5, key: "memory_limiter", intervals: [(76.5, 101.0)]),
        Series(rule: "OtelCollectorDroppedLogs", hold: 5, key: "memory_limiter", intervals: [(74.5, 103.0)]),
        Series(rule: "OtelCollectorDroppedMetrics", hold: 5, key: "memory_limiter", intervals: [(80.5, 88.0)]),
        Series(rule: "OtelCollectorExportFailures", hold: 5, key: "otlp/tempo", intervals: [(86.5, 97.0)]),
        Series(rule: "OtelCollectorHighMemory", hold: 5, key: "", intervals: [(72.0, 98.5)]),
        Series(rule: "PrometheusStorageHigh", hold: 15, key: "", intervals: [(93.5, 140.5)]),
        Series(rule: "DiskSpaceWarning", hold: 10, key: "/var/lib/docker", intervals: [(74.0, 127.0)]),
        Series(rule: "DiskSpaceCritical", hold: 5, key: "/var/lib/docker", intervals: [(94.5, 107.0)]),
        Series(rule: "AlertmanagerNotificationsFailing", hold: 10, key: "email", intervals: [(64.5, 96.5)]),
        Series(rule: "Watchdog", hold: 0, key: "", intervals: [(0.5, nil)]),
        Series(rule: "PostgresQueryTooSlow", hold: 5, key: "-3749382911526711872 projectordb", intervals: [(51.0, 121.0)]),
        Series(rule: "PostgresQueryRegression", hold: 30, key: "-3749382911526711872 projectordb", intervals: [(61.0, 137.0)]),
        // LokiIngestionStalled: never true.
    ]

    /// The labels the README names each rule's series by.
    static let keyLabels: [String: [String]] = [
        "HighErrorRate": ["service", "environment"], "CriticalErrorRate": ["service", "environment"],
        "RepeatedErrors": ["service", "environment", "method", "path", "pod"],
        "HighP95Latency": ["service", "environment"], "HighP99Latency": ["service", "environment"],
        "ApplicationDown": ["pod"], "HighMemoryUsage": ["pod"], "DBConnectionPoolExhaustion": ["pod"],
        "SagaOrderStalled": ["environment"], "StackComponentDown": ["job"],
        "OtelCollectorDroppedSpans": ["processor"], "OtelCollectorDroppedLogs": ["processor"],
        "OtelCollectorDroppedMetrics": ["processor"], "OtelCollectorExportFailures": ["exporter"],
        "OtelCollectorHighMemory": [], "PrometheusStorageHigh": [], "LokiIngestionStalled": [],
        "DiskSpaceWarning": ["mountpoint"], "DiskSpaceCritical": ["mountpoint"],
        "AlertmanagerNotificationsFailing": ["integration"], "Watchdog": [],
        "PostgresQueryTooSlow": ["queryid", "datname"], "PostgresQueryRegression": ["queryid", "datname"],
    ]

    /// The state changes Prometheus's state machine makes for a condition
    /// holding over `intervals` on the rule's grid, for evaluations from
    /// `start` on (an interval already true at `start` begins there).
    static func transitions(_ series: Series, from start: Double = 0) -> [(Double, String)] {
        var out: [(Double, String)] = []
        for (begin, end) in series.intervals {
            if let end, end <= start { continue }
            let active = max(begin, start)
            if series.hold == 0 {
                out.append((active, "inactive->firing"))
                if let end { out.append((end, "firing->inactive")) }
                continue
            }
            out.append((active, "inactive->pending"))
            let fires = active + series.hold
            if end.map({ fires < $0 }) ?? true {
                out.append((fires, "pending->firing"))
                if let end { out.append((end, "firing->inactive")) }
            } else if let end {
                out.append((end, "pending->inactive"))
            }
        }
        return out
    }

    static func line(_ minute: Double, _ rule: String, _ change: String, _ key: String) -> String {
        let time = minute == minute.rounded() ? String(Int(minute)) : String(minute)
        return "\(time) \(rule) \(change) [\(key)]"
    }

    static func observed(_ events: [ReplayEvent]) -> [String] {
        events.compactMap { event in
            guard case .alert(let change) = event else { return nil }
            let key = (keyLabels[change.rule] ?? []).map { change.labels.get($0) }.joined(separator: " ")
            let minute = Double(change.time - origin) / 60_000
            return line(minute, change.rule, "\(change.from)->\(change.to)", key)
        }
    }

    static func expectedLines(from start: Double = 0, through end: Double = .infinity) -> [String] {
        expected.flatMap { series in
            transitions(series, from: start).filter { $0.0 <= end }.map { line($0.0, series.rule, $0.1, series.key) }
        }
    }

    static func byTime(_ lines: [String]) -> [String] {
        lines.sorted { lhs, rhs in
            let left = Double(lhs.prefix { $0 != " " }) ?? 0, right = Double(rhs.prefix { $0 != " " }) ?? 0
            return left != right ? left < right : lhs < rhs
        }
    }

    // MARK: Tests

    /// Replays the incident on a thread of its own (see `onOwnThread`).
    /// The replay of the bundled config, or of its PromQL rules only. The
    /// Loki rules' own timelines are checked by
    /// VigilRulesTests/IncidentLogRulesTests.
    static func replayed(from: Int64? = nil, to: Int64? = nil, withLokiRules: Bool = false) async throws
        -> (replay: Replay, events: [ReplayEvent], summary: ReplaySummary) {
        try await onOwnThread {
            let rules = withLokiRules ? ReplayRules(config: try config()) : ReplayRules(config: try config(), lokiFiles: [])
            let replay = try Replay(rules: rules, recording: recording, from: from, to: to)
            let (all, summary) = events(of: replay)
            return (replay, all, summary)
        }
    }

    @Test func recordingLoadsCompletely() async throws {
        let recording = try await onOwnThread { Self.recording }
        #expect(recording.failures.isEmpty)
        #expect(recording.errors.isEmpty)
        // The README's counts: 633 series, 346,039 samples; 14 streams, 21,258 lines.
        #expect(recording.series.seriesCount == 633)
        #expect(recording.series.sampleCount == 346_039)
        #expect(recording.logs.streamCount == 14)
        #expect(recording.logs.entryCount == 21_258)
    }

    /// Every alert of every Prometheus rule, over the whole recording with
    /// the Loki rules running too: exactly the expected transitions, and
    /// nothing else.
    @Test func everyPromQLAlertFollowsTheREADMETimeline() async throws {
        let (replay, everything, summary) = try await Self.replayed(withLokiRules: true)
        let all = everything.filter { event in
            guard case .alert(let change) = event else { return true }
            return change.file.contains("rules/prometheus/")
        }
        #expect(replay.plan.notices == [])
        // From the first sample (a log line at 02:00:03.208) to the last sample
        // (05:00:02.x) plus the longest `for` (30m) plus 15m.
        #expect(ReplayTimeFormat.rfc3339(replay.plan.window.from) == "2025-12-28T02:00:03.208Z")
        #expect(replay.plan.window.origin == Self.origin)
        #expect(Self.byTime(Self.observed(all)) == Self.byTime(Self.expectedLines()))
        #expect(summary.ruleFailures == 0)
        #expect(summary.samplesFed == 346_039)
        #expect(summary.alertRules.first { $0.rule == "LokiIngestionStalled" }?.pending == 0)
        // AutoExplainStalled (Loki) is firing at the end: the recording's last
        // plan is logged at +176.6m, so the 30m absence holds from +206.6m
        // (pending at 207, firing at 217), before the replay ends at +225m.
        #expect(summary.alertRules.filter { $0.firingAtEnd > 0 }.map(\.rule) == ["Watchdog", "AutoExplainStalled"])

        // Autolog sessions (README): per endpoint from RepeatedErrors
        // (checkout at 64.0, which Prometheus fires at 63.5; {id} at 66.0;
        // /orders at 66.5; cart items at 141.0) and per service from the Loki
        // rule SustainedHighErrorCount (order-service 65–154; cart-service
        // 95–140, again from 144), each expiring 30m after the last
        // evaluation at which one of its alerts fired.
        let sessions = summary.autologSessions.map { session in
            "\(session.scope.app)/\(session.scope.environment ?? "*") \(session.scope.endpoint ?? "*") "
                + "\(minutes(session.openedAt - Self.origin))–\(minutes(session.expiresAt - Self.origin)) "
                + (session.expired ? "expired" : "open")
        }
        #expect(sessions == [
            "order-service/production /api/v1/orders/checkout 63.5–144.5 expired",
            "order-service/production * 65–154 expired",
            "order-service/production /api/v1/orders/{id} 66–144 expired",
            "order-service/production /api/v1/orders 66.5–144 expired",
            "cart-service/production * 95–140 expired",
            "cart-service/production /api/v1/cart/items 141–186.5 expired",
            "cart-service/production * 144–193 expired",
        ])
    }

    /// Starting at minute 65 with the first hour as history (the README's
    /// "quiet start"): rate windows are full at the first evaluation, and
    /// conditions already true then start their `for` there.
    @Test func aWindowStartsFreshWithHistory() async throws {
        let from = Self.origin + 65 * minute, to = Self.origin + 70 * minute
        let (_, all, summary) = try await Self.replayed(from: from, to: to)
        // 30s groups evaluate at 65.5 … 70 (10 times, 3 groups), 1m groups at 66 … 70 (5 times, 2 groups).
        #expect(summary.evaluations == 10 * 3 + 5 * 2)
        // The first evaluations are at 65.5 (30s groups) and 66 (1m groups).
        let expected = Self.expected.flatMap { series -> [String] in
            let first = ["SagaOrderStalled", "PostgresQueryTooSlow", "PostgresQueryRegression"].contains(series.rule) ? 66.0 : 65.5
            return Self.transitions(series, from: first).filter { $0.0 <= 70 }.map { Self.line($0.0, series.rule, $0.1, series.key) }
        }
        #expect(expected.count == 20)
        #expect(Self.byTime(Self.observed(all)) == Self.byTime(expected))
        #expect(all.allSatisfy { $0.time > from && $0.time <= to })
    }

    @Test func replaysAreDeterministic() async throws {
        @Sendable func run() throws -> [String] {
            let replay = try Replay(rules: ReplayRules(config: try Self.config()), recording: Self.recording,
                                    from: Self.origin + 60 * minute, to: Self.origin + 90 * minute)
            let formatter = JSONReplayFormatter(plan: replay.plan)
            var text = TextReplayFormatter(plan: replay.plan)
            var lines = formatter.header() + text.header()
            let summary = replay.run { events in lines += formatter.lines(for: events) + text.lines(for: events) }
            return lines + formatter.summary(summary) + text.summary(summary)
        }
        let (first, second) = try await onOwnThread { (try run(), try run()) }
        #expect(first.count > 100)
        #expect(second == first)
    }
}
