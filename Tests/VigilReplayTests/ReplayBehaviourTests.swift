import Foundation
import Testing
import VigilAlerting
import VigilCore
@testable import VigilReplay
import VigilRules
import VigilStorage

/// Replays of small recordings whose outcome follows from Prometheus's
/// semantics by hand. Series notation starts at time 0; groups evaluate
/// at k × interval after the start.
@Suite struct ReplayBehaviourTests {
    static func replay(rules: String, data: String, logs: String? = nil, config: String = "",
                       from: Int64? = nil, to: Int64? = nil, lokiFiles: [String]? = nil,
                       in files: TemporaryFiles? = nil) throws -> Replay {
        let files = try files ?? TemporaryFiles()
        let rulePath = try files.write("rules.yml", rules)
        let dataPath = try files.write("data.txt", data)
        let logPaths = try logs.map { [try files.write("logs.jsonl", $0)] } ?? []
        let settings = try VigilConfig.parse(yaml: config, file: files.path("vigil.yml"))
        let recording = Recording.load(metrics: [dataPath], logs: logPaths)
        #expect(recording.errors.isEmpty)
        return try Replay(rules: ReplayRules(config: settings, promqlFiles: [rulePath], lokiFiles: lokiFiles ?? []),
                          recording: recording, from: from, to: to)
    }

    // MARK: Progressive ingestion

    /// `x` is 0, 1, 2, … at 0m, 1m, 2m, … up to 60. At an evaluation at
    /// time t only samples at or before t exist:
    /// - `x offset -5m` looks at (t, t+5m]: always empty, although the
    ///   recording holds those samples;
    /// - `x @ 3600` looks at (55m, 60m]: empty until t = 56m, then the
    ///   newest sample there, x(t), until 60m (without progressive
    ///   ingestion it would be 60 at every evaluation).
    @Test func queriesCannotSeeBeyondTheSimulatedNow() throws {
        let replay = try Self.replay(rules: """
            groups:
              - name: peek
                interval: 1m
                rules:
                  - record: now
                    expr: x
                  - record: peek_ahead
                    expr: x offset -5m
                  - record: pinned
                    expr: x @ 3600
            """, data: "load 1m\n  x 0+1x60\n", from: 0, to: hour)
        let (_, summary) = events(of: replay)
        #expect(summary.evaluations == 60)
        #expect(points(replay.series, "now") == (1...60).map { "\($0):\($0)" })
        #expect(points(replay.series, "peek_ahead") == [])
        #expect(points(replay.series, "pinned") == ["56:56", "57:57", "58:58", "59:59", "60:60"])
    }

    /// Log lines become visible the same way: with the window ending at
    /// 2m, the line at 2m is in the rules' log store and the one at
    /// 2m + 1ns is not.
    @Test func logLinesBecomeVisibleWithSimulatedTime() throws {
        let logs = """
            {"labels":{"app":"a"},"line":"one","timestamp":"1970-01-01T00:01:00Z"}
            {"labels":{"app":"a"},"line":"two","timestamp":"1970-01-01T00:02:00Z"}
            {"labels":{"app":"a"},"line":"three","timestamp":"1970-01-01T00:02:00.000000001Z"}

            """
        let replay = try Self.replay(rules: "groups: []\n", data: "load 1m\n  x 0+1x5\n", logs: logs, from: 0, to: 2 * minute)
        let (_, summary) = events(of: replay)
        #expect(summary.logLinesFed == 2)
        let snapshot = replay.logs.snapshot()
        let stream = try #require(snapshot.streamID(for: ["app": "a"]))
        let entries = snapshot.entries(in: stream, from: .min, through: .max, direction: .forward)
        #expect((0..<entries.count).map(entries.line(at:)) == ["one", "two"])
    }

    /// A recording taken from a Prometheus that ran rules holds their
    /// output. Series named as the replayed rules write them (`ALERTS`,
    /// recording rules) are left out, so the replay's output is not mixed
    /// with the old one; other series stay.
    @Test func recordedRuleOutputIsReplaced() throws {
        let replay = try Self.replay(rules: """
            groups:
              - name: g
                interval: 1m
                rules:
                  - record: doubled
                    expr: x * 2
                  - alert: XUp
                    expr: x > 0
            """, data: """
            load 1m
              x 1x5
              doubled 7x5
              ALERTS{alertname="Old", alertstate="firing"} 1x5
              ALERTS_FOR_STATE{alertname="Old"} 0x5
              other 3x5

            """, from: 0, to: 3 * minute)
        #expect(replay.plan.notices == [.recordedSeriesReplaced(["ALERTS": 1, "ALERTS_FOR_STATE": 1, "doubled": 1])])
        #expect(replay.plan.notices[0].description
                == "recorded series the rules write are replaced by the replay's: ALERTS (1), ALERTS_FOR_STATE (1), doubled (1)")
        let (_, summary) = events(of: replay)
        #expect(summary.samplesFed == 4 + 4)
        #expect(points(replay.series, "doubled") == ["1:2", "2:2", "3:2"])
        let alerts = replay.series.snapshot()
        let names = alerts.labelValues("alertname")
        #expect(names == ["XUp"])
        #expect(points(replay.series, "other") == ["0:3", "1:3", "2:3", "3:3"])
    }

    // MARK: Windows

    /// `requests_total` grows by 60 a minute from 0m to 120m, so its rate
    /// over 5m is 1/s wherever the window holds two samples. Starting at
    /// 60m, the hour before is history: the first evaluation (61m) already
    /// has a rate and fires at once; nothing happens after 70m.
    @Test func fromAndToBoundTheEvaluationsButNotTheHistory() throws {
        let replay = try Self.replay(rules: """
            groups:
              - name: load
                interval: 1m
                rules:
                  - alert: Busy
                    expr: rate(requests_total[5m]) > 0.5
            """, data: "load 1m\n  requests_total 0+60x120\n", from: hour, to: hour + 10 * minute)
        #expect(replay.plan.window == ReplayWindow(from: hour, to: hour + 10 * minute))
        let (events, summary) = events(of: replay)
        #expect(timeline(events) == ["61 Busy inactive->firing {}"])
        #expect(summary.evaluations == 10)
        // Samples up to the end of the window: 0m … 70m.
        #expect(summary.samplesFed == 71)
        #expect(summary.alertRules.map(\.firingAtEnd) == [1])
    }

    /// Without a window: from the first sample to the last sample plus the
    /// longest `for` (10m) plus 15 minutes of resolved retention. The
    /// series ends at 20m; its last sample stays visible while the 5m
    /// lookback `(t − 5m, t]` holds it, so the alert (pending at 1m, firing
    /// at 11m) resolves at 25m, within the window.
    @Test func defaultWindowLetsAlertsResolve() throws {
        let replay = try Self.replay(rules: """
            groups:
              - name: up
                interval: 1m
                rules:
                  - alert: Up
                    expr: up == 1
                    for: 10m
            """, data: "load 1m\n  up 1x20\n")
        #expect(replay.plan.window == ReplayWindow(from: 0, to: 20 * minute + 10 * minute + 15 * minute))
        let (events, _) = events(of: replay)
        #expect(timeline(events) == ["1 Up inactive->pending {}", "11 Up pending->firing {}", "25 Up firing->inactive {}"])
    }

    @Test func windowResolution() throws {
        #expect(try ReplayWindow.resolve(from: nil, to: nil, data: 1000...5000, longestHold: 0)
                == ReplayWindow(from: 1000, to: 5000 + 15 * minute))
        #expect(try ReplayWindow.resolve(from: 2000, to: 3000, data: nil, longestHold: hour)
                == ReplayWindow(from: 2000, to: 3000))
        #expect(throws: ReplayError.self) { try ReplayWindow.resolve(from: nil, to: nil, data: nil, longestHold: 0) }
        #expect(throws: ReplayError.self) { try ReplayWindow.resolve(from: 5000, to: 4000, data: nil, longestHold: 0) }
        #expect(ReplayWindow(from: 1_766_887_203_208, to: 0).origin == 1_766_887_200_000)
        #expect(ReplayWindow(from: -30_000, to: 0).origin == -60_000)
    }

    // MARK: Determinism

    @Test func theSameReplayTwiceGivesTheSameOutput() throws {
        let files = try TemporaryFiles()
        func run() throws -> [String] {
            let replay = try Self.replay(rules: Self.flappingRules, data: Self.flappingData, in: files)
            let formatter = JSONReplayFormatter(plan: replay.plan)
            var lines = formatter.header()
            let summary = replay.run { lines += formatter.lines(for: $0) }
            return lines + formatter.summary(summary)
        }
        let first = try run()
        #expect(first.count > 10)
        #expect(try run() == first)
    }

    static let flappingRules = """
        groups:
          - name: errors
            interval: 30s
            rules:
              - alert: Errors
                expr: errors > 0
                for: 1m
                labels:
                  severity: warning
                  autolog: "true"
        """
    /// Three services whose errors come and go at different times.
    static let flappingData = """
        load 30s
          errors{service="a", env="prod"} 0 0 1 1 1 1 0 0 1 1 1 1 1 1 0 0
          errors{service="b", env="prod"} 1 1 1 0 1 1 1 1 0 0 0 0 0 0 0 0
          errors{service="c", env="qa"}   0 0 0 0 0 0 0 0 0 0 0 0 2 2 2 2

        """

    // MARK: Autolog

    /// TTL 2m. `errors` is above 0 at 1m, 1.5m, 2m and 2.5m: with `for: 1m`
    /// the alert is pending at 1m, fires at 2m and resolves at 3m. The
    /// session opens at 2m (until 4m), is extended at 2.5m (until 4.5m),
    /// and expires at 4.5m.
    @Test func autologSessionsOpenRefreshAndExpire() throws {
        let replay = try Self.replay(rules: Self.flappingRules, data: """
            load 30s
              errors{service="a", env="prod"} 0 0 1 1 1 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0

            """, config: "autolog:\n  default_ttl: 2m\n")
        let (all, summary) = events(of: replay)
        let autolog = all.compactMap { event -> String? in
            guard case .autolog(let change) = event else { return nil }
            return "\(minutes(change.time)) \(change.kind) \(change.session.scope.app)/\(change.session.scope.environment ?? "*") until \(minutes(change.session.expiresAt))"
        }
        #expect(autolog == ["2 opened a/prod until 4", "2.5 refreshed a/prod until 4.5", "4.5 expired a/prod until 4.5"])
        #expect(timeline(all, hiding: ["alertname", "autolog", "severity"]) == [
            #"1 Errors inactive->pending {env="prod", service="a"}"#,
            #"2 Errors pending->firing {env="prod", service="a"}"#,
            #"3 Errors firing->inactive {env="prod", service="a"}"#,
        ])
        var session = AutologSessionTally(
            scope: AutologScope(app: "a", environment: "prod"), openedAt: 2 * minute, alertname: "Errors",
            expiresAt: 4 * minute + 30 * second)
        session.refreshes = 1
        session.expired = true
        #expect(summary.autologSessions == [session])
    }

    // MARK: Rule failures and LogQL

    /// Both series get `job="c"` from the rule: the result has two
    /// identical label sets, which fails the rule at every evaluation.
    /// The failure is reported once, and counted every time.
    @Test func ruleFailuresAreReportedWhenTheyStart() throws {
        let replay = try Self.replay(rules: """
            groups:
              - name: clash
                interval: 1m
                rules:
                  - record: merged
                    expr: x
                    labels:
                      job: c
            """, data: "load 1m\n  x{job=\"a\"} 1x5\n  x{job=\"b\"} 2x5\n", from: 0, to: 3 * minute)
        let (all, summary) = events(of: replay)
        #expect(all == [.ruleFailure(RuleFailureEvent(
            time: minute, group: "clash", file: replay.plan.groups[0].file, rule: "merged",
            message: "vector contains metrics with the same labelset after applying rule labels"))])
        #expect(summary.ruleFailures == 3)
        #expect(points(replay.series, "merged") == [])
    }

    /// Loki rule files run on the LogQL engine over the replayed logs.
    /// Error lines at 2m30s and 3m10s; `count_over_time(... [2m])` looks at
    /// (t-2m, t]: 0 up to 2m, 1 at 3m, 2 at 4m, 1 at 5m, 0 from 6m. With
    /// `for: 0` the alert fires at 3m and resolves at 6m.
    @Test func lokiRulesRunOverTheReplayedLogs() throws {
        let files = try TemporaryFiles()
        let lokiRules = try files.write("loki.yml", """
            groups:
              - name: logs
                interval: 1m
                rules:
                  - alert: ErrorLogged
                    expr: count_over_time({app="a"} |= "error" [2m]) > 0
            """)
        let logs = """
            {"labels":{"app":"a"},"line":"ok","timestamp":"1970-01-01T00:01:00Z"}
            {"labels":{"app":"a"},"line":"error one","timestamp":"1970-01-01T00:02:30Z"}
            {"labels":{"app":"a"},"line":"error two","timestamp":"1970-01-01T00:03:10Z"}

            """
        let replay = try Self.replay(rules: "groups: []\n", data: "load 1m\n  x 0+1x10\n", logs: logs,
                                     from: 0, to: 8 * minute, lokiFiles: [lokiRules], in: files)
        #expect(replay.plan.notices == [])
        let (all, summary) = events(of: replay)
        #expect(timeline(all) == [
            #"3 ErrorLogged inactive->firing {app="a"}"#,
            #"6 ErrorLogged firing->inactive {app="a"}"#,
        ])
        #expect(summary.ruleFailures == 0)
    }

    @Test func ruleFileErrorsStopTheReplay() throws {
        #expect(throws: ReplayError.self) {
            _ = try Self.replay(rules: "groups:\n  - name: bad\n    rules:\n      - alert: X\n        expr: up ==\n", data: "load 1m\n  up 1\n")
        }
    }
}
