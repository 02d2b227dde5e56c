import Foundation
import Testing
import VigilCore
@testable import VigilReplay
import VigilRules

/// The text and JSON layouts of a replay's output.
@Suite struct OutputFormatTests {
    static func flappingReplay() throws -> Replay {
        try ReplayBehaviourTests.replay(rules: ReplayBehaviourTests.flappingRules, data: ReplayBehaviourTests.flappingData,
                                        config: "autolog:\n  default_ttl: 2m\n")
    }

    static func text(_ replay: Replay, showRefreshes: Bool = false) -> [String] {
        var formatter = TextReplayFormatter(plan: replay.plan, showRefreshes: showRefreshes)
        var lines = formatter.header()
        let summary = replay.run { lines += formatter.lines(for: $0) }
        return lines + formatter.summary(summary)
    }

    /// Errors at 30s steps: `a` is above 0 at 1m–2.5m and 4m–6.5m, `b` at
    /// 0–1m and 2m–3.5m, `c` (qa) at 6m–7.5m, then stays visible for the
    /// 5m lookback. With `for: 1m` and a 2m autolog TTL:
    @Test func textLayout() throws {
        let lines = Self.text(try Self.flappingReplay())
        #expect(lines == [
            "Replaying 1970-01-01T00:00:00Z to 1970-01-01T00:23:30Z (23m30s) as fast as possible; offsets count from 00:00:00Z",
            "  data:   3 series, 48 samples; 0 log streams, 0 lines",
            "  rules:  1 rule (1 alerting) in 1 group",
            "",
            #"1970-01-01T00:00:30Z  +0m30s    Errors   inactive → pending  1          {env="prod", service="b"}"#,
            #"1970-01-01T00:01:00Z  +1m       Errors   inactive → pending  1          {env="prod", service="a"}"#,
            #"1970-01-01T00:01:30Z  +1m30s    Errors   pending → inactive  1          {env="prod", service="b"}"#,
            #"1970-01-01T00:02:00Z  +2m       Errors   pending → firing    1          {env="prod", service="a"}"#,
            #"1970-01-01T00:02:00Z  +2m       Errors   inactive → pending  1          {env="prod", service="b"}"#,
            "1970-01-01T00:02:00Z  +2m       autolog  opened              a/prod until 00:04:00Z by Errors",
            #"1970-01-01T00:03:00Z  +3m       Errors   firing → resolved   1          {env="prod", service="a"}"#,
            #"1970-01-01T00:03:00Z  +3m       Errors   pending → firing    1          {env="prod", service="b"}"#,
            "1970-01-01T00:03:00Z  +3m       autolog  opened              b/prod until 00:05:00Z by Errors",
            #"1970-01-01T00:04:00Z  +4m       Errors   inactive → pending  1          {env="prod", service="a"}"#,
            #"1970-01-01T00:04:00Z  +4m       Errors   firing → resolved   1          {env="prod", service="b"}"#,
            "1970-01-01T00:04:30Z  +4m30s    autolog  expired             a/prod (opened +2m, extended 1 time)",
            #"1970-01-01T00:05:00Z  +5m       Errors   pending → firing    1          {env="prod", service="a"}"#,
            "1970-01-01T00:05:00Z  +5m       autolog  opened              a/prod until 00:07:00Z by Errors",
            "1970-01-01T00:05:30Z  +5m30s    autolog  expired             b/prod (opened +3m, extended 1 time)",
            #"1970-01-01T00:06:00Z  +6m       Errors   inactive → pending  2          {env="qa", service="c"}"#,
            #"1970-01-01T00:07:00Z  +7m       Errors   firing → resolved   1          {env="prod", service="a"}"#,
            #"1970-01-01T00:07:00Z  +7m       Errors   pending → firing    2          {env="qa", service="c"}"#,
            "1970-01-01T00:07:00Z  +7m       autolog  opened              c/qa until 00:09:00Z by Errors",
            "1970-01-01T00:08:30Z  +8m30s    autolog  expired             a/prod (opened +5m, extended 3 times)",
            #"1970-01-01T00:12:30Z  +12m30s   Errors   firing → resolved   2          {env="qa", service="c"}"#,
            "1970-01-01T00:14:00Z  +14m      autolog  expired             c/qa (opened +7m, extended 10 times)",
            "",
            "Summary: 47 group evaluations, 0 failed rule evaluations, 48 samples and 0 log lines replayed",
            "  alert rule  pending  firing  resolved  cleared  at the end",
            "  Errors            5       4         4        1",
            "  (cleared: pending alerts whose condition ended before they fired)",
            "Autolog sessions opened: 4",
            "  a/prod  opened +2m       expired +4m30s by Errors, extended 1 time",
            "  b/prod  opened +3m       expired +5m30s by Errors, extended 1 time",
            "  a/prod  opened +5m       expired +8m30s by Errors, extended 3 times",
            "  c/qa    opened +7m       expired +14m by Errors, extended 10 times",
        ])
    }

    @Test func refreshesAreShownOnRequest() throws {
        let lines = Self.text(try Self.flappingReplay(), showRefreshes: true)
        let refreshes = lines.filter { $0.contains(" refreshed ") }
        #expect(refreshes.count == 1 + 1 + 3 + 10)
        #expect(refreshes.first == "1970-01-01T00:02:30Z  +2m30s    autolog  refreshed           a/prod until 00:04:30Z")
    }

    /// Alerts of one rule changing the same way at one instant: their
    /// shared labels once, then one line per alert with what sets it apart.
    /// The rule's own labels (`severity`) and `alertname` are left out.
    @Test func simultaneousChangesShareALine() throws {
        let replay = try ReplayBehaviourTests.replay(rules: """
            groups:
              - name: g
                interval: 1m
                rules:
                  - alert: Down
                    expr: up == 0
                    labels:
                      severity: page
                  - alert: Watchdog
                    expr: vector(1)
            """, data: "load 1m\n  up{job=\"api\", pod=\"p1\"} 0 0\n  up{job=\"api\", pod=\"p2\"} 0 0\n", from: 0, to: minute)
        var formatter = TextReplayFormatter(plan: replay.plan)
        var lines: [String] = []
        replay.run { lines += formatter.lines(for: $0) }
        #expect(lines == [
            #"1970-01-01T00:01:00Z  +1m       Down      inactive → firing   2 alerts   {job="api"}"#,
            #"                                                              0          {pod="p1"}"#,
            #"                                                              0          {pod="p2"}"#,
            "1970-01-01T00:01:00Z  +1m       Watchdog  inactive → firing   1",
        ])
    }

    /// Two rules named alike, one per severity: `severity` tells their
    /// alerts apart, so it stays; `team`, the same on both, is left out.
    /// Changes are grouped by alert name, and the summary has one row for it.
    @Test func rulesSharingANameKeepTheLabelsThatDiffer() throws {
        let replay = try ReplayBehaviourTests.replay(rules: """
            groups:
              - name: g
                interval: 1m
                rules:
                  - alert: Latency
                    expr: latency > 1
                    labels: {severity: warning, team: web}
                  - alert: Latency
                    expr: latency > 2
                    labels: {severity: critical, team: web}
            """, data: "load 1m\n  latency 3 3\n", from: 0, to: minute)
        var formatter = TextReplayFormatter(plan: replay.plan)
        var lines: [String] = []
        let summary = replay.run { lines += formatter.lines(for: $0) }
        #expect(lines == [
            "1970-01-01T00:01:00Z  +1m       Latency  inactive → firing   2 alerts",
            #"                                                             3          {severity="warning"}"#,
            #"                                                             3          {severity="critical"}"#,
        ])
        #expect(summary.alertRules.map(\.rule) == ["Latency"])
        #expect(summary.alertRules.map(\.firing) == [2])
    }

    @Test func jsonLayout() throws {
        let replay = try Self.flappingReplay()
        let formatter = JSONReplayFormatter(plan: replay.plan)
        var lines = formatter.header()
        let summary = replay.run { lines += formatter.lines(for: $0) }
        lines += formatter.summary(summary)
        let objects = try lines.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        let kinds = objects.map { $0["event"] as? String ?? "?" }
        #expect(kinds.first == "replay" && kinds.last == "summary")
        #expect(kinds.filter { $0 == "alert" }.count == 14)
        // Opened, refreshed and expired: every refresh is there for tools.
        #expect(kinds.filter { $0 == "autolog" }.count == 4 + 15 + 4)
        #expect(objects[0]["from"] as? String == "1970-01-01T00:00:00.000Z")
        #expect(objects[0]["speed"] as? String == "max")

        // The first firing of `a`, whole.
        let firing = try #require(lines.first { $0.contains(#""to":"firing""#) })
        #expect(firing == #"{"active_at":"1970-01-01T00:01:00.000Z","annotations":{},"event":"alert","#
            + #""file":"\#(replay.plan.groups[0].file)","from":"pending","group":"errors","#
            + #""labels":{"alertname":"Errors","autolog":"true","env":"prod","service":"a","severity":"warning"},"#
            + #""offset":"+2m","rule":"Errors","time":"1970-01-01T00:02:00.000Z","to":"firing","value":1}"#)
        let resolved = try #require(objects.first { $0["to"] as? String == "resolved" })
        #expect(resolved["from"] as? String == "firing" && resolved["time"] as? String == "1970-01-01T00:03:00.000Z")
        let expired = try #require(objects.first { $0["action"] as? String == "expired" })
        #expect(expired["app"] as? String == "a" && expired["environment"] as? String == "prod")
        #expect(expired["expires_at"] as? String == "1970-01-01T00:04:30.000Z")
        #expect(expired["endpoint"] == nil)

        let rules = try #require(objects.last?["alert_rules"] as? [[String: Any]])
        #expect(rules.count == 1)
        #expect(rules[0]["pending"] as? Int == 5 && rules[0]["firing"] as? Int == 4 && rules[0]["cleared"] as? Int == 1)
    }
}
