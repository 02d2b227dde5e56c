import VigilTestSupport
import Foundation
import Synchronization
import Testing
import VigilAlerting
import VigilCore
@testable import VigilReplay
import VigilRules

/// How replayed alerts are dated for Alertmanager, by hand and against the
/// real Alertmanager (Debian's `prometheus-alertmanager`).
@Suite struct AlertTimeMappingTests {
    @Test func nowBecomesTheWallClockAndDistancesShrinkWithSpeed() {
        let wall: Int64 = 1_800_000_000_000
        let simulated: Int64 = 1_766_891_040_000
        let asRecorded = AlertTimeMapping(pace: .asFastAsPossible)
        #expect(asRecorded.wallTime(of: simulated, simulatedNow: simulated, wallNow: wall) == wall)
        #expect(asRecorded.wallTime(of: simulated - 2 * minute, simulatedNow: simulated, wallNow: wall) == wall - 2 * minute)
        #expect(asRecorded.wallTime(of: simulated + 4 * minute, simulatedNow: simulated, wallNow: wall) == wall + 4 * minute)
        let fast = AlertTimeMapping(pace: .speed(60))
        #expect(fast.wallTime(of: simulated + 4 * minute, simulatedNow: simulated, wallNow: wall) == wall + 4 * second)
        #expect(fast.wallTime(of: simulated - 90 * second, simulatedNow: simulated, wallNow: wall) == wall - 1_500)
        // A resolved alert's end is its evaluation: now, resolved on arrival.
        let alert = Alert(labels: ["alertname": "X"], startsAt: simulated - hour, endsAt: simulated, state: .inactive)
        let mapped = fast.map(alert, simulatedNow: simulated, wallNow: wall)
        #expect(mapped.startsAt == wall - minute)
        #expect(mapped.endsAt == wall)
        #expect(mapped.labels == alert.labels)
        // Speeds that are no speed fall back to 1.
        #expect(AlertTimeMapping(speed: 0).speed == 1)
        #expect(AlertTimeMapping(speed: .infinity).speed == 1)
    }
}

/// A wall clock that moves only when the replay sleeps.
final class SteppingClock: Sendable {
    private let time: Mutex<Int64>
    private let sleeps = Mutex<[Int64]>([])

    init(start: Int64) { time = Mutex(start) }

    var clock: WallClock {
        WallClock(now: { self.time.withLock { $0 } }, sleep: { milliseconds in
            self.sleeps.withLock { $0.append(milliseconds) }
            self.time.withLock { $0 += milliseconds }
        })
    }

    var slept: [Int64] { sleeps.withLock { $0 } }
}

@Suite struct PacingTests {
    /// At `--speed 60` each 1-minute evaluation is a wall second after the
    /// previous one; as fast as possible, nothing waits.
    @Test func speedSpacesInstantsOnTheWallClock() throws {
        let files = try TemporaryFiles()
        let rules = try files.write("rules.yml", "groups:\n  - name: g\n    interval: 1m\n    rules:\n      - record: y\n        expr: x\n")
        let recording = Recording.load(metrics: [try files.write("data.txt", "load 1m\n  x 0+1x10\n")], logs: [])
        for (pace, expected) in [(ReplayPace.speed(60), [Int64](repeating: 1_000, count: 5)), (.asFastAsPossible, [])] {
            let stepping = SteppingClock(start: 1_000_000)
            let replay = try Replay(rules: ReplayRules(promqlFiles: [rules]), recording: recording, from: 0,
                                    to: 5 * minute, pace: pace, clock: stepping.clock)
            replay.run()
            #expect(stepping.slept == expected)
        }
    }
}

@Suite(.serialized, .enabled(if: AlertmanagerProcess.isAvailable, Comment(rawValue: AlertmanagerProcess.missingMessage)))
struct ReplayAlertmanagerTests {
    /// `Errors` holds from 2m to 5m and resolves at 6m; `Still` holds from
    /// 2m to the end (7m). With a 1m interval and resend delay, both are
    /// sent at 2m, 4m and 6m (more than 1m after the last send), `Errors`
    /// at 6m as resolved. The last copy of `Still` (sent at 6m) has
    /// `startsAt` = fired at 2m and `endsAt` = 6m + 4 × 1m.
    static let rules = """
        groups:
          - name: app
            interval: 1m
            rules:
              - alert: Errors
                expr: errors > 10
                labels:
                  severity: warning
                annotations:
                  summary: "{{ $labels.service }} errors"
              - alert: Still
                expr: still > 10
                labels:
                  severity: critical
        """
    static let data = """
        load 1m
          errors{service="api"} 0 0 20 20 20 20 0 0
          still{service="db"} 0 0 20 20 20 20 20 20

        """

    static func replay(alertmanager: AlertmanagerProcess, pace: ReplayPace, clock: WallClock) throws -> (Replay, Notifier) {
        let files = try TemporaryFiles()
        let rules = try files.write("rules.yml", Self.rules)
        let config = try VigilConfig.parse(yaml: """
            global:
              external_labels: {cluster: ci}
              external_url: http://vigil.example:9090
            """, file: files.path("vigil.yml"))
        let recording = Recording.load(metrics: [try files.write("data.txt", Self.data)], logs: [])
        let notifier = try Notifier(
            alertmanagers: [AlertmanagerEndpoint(url: alertmanager.baseURL, timeout: .seconds(2))],
            options: NotifierOptions(externalLabels: config.global.externalLabels))
        let replay = try Replay(
            rules: ReplayRules(config: config, promqlFiles: [rules]), recording: recording, from: 0, to: 7 * minute,
            pace: pace,
            delivery: Replay.Delivery(notifier: notifier, mapping: AlertTimeMapping(pace: pace),
                                      alertmanagers: [alertmanager.baseURL]),
            clock: clock)
        return (replay, notifier)
    }

    static func wallNow() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// As fast as possible, with the wall clock standing at W: `Still`
    /// arrives active with startsAt W − 4m and endsAt W + 4m (times kept as
    /// recorded, shifted to now); `Errors` arrives resolved.
    @Test func alertsArriveDatedToTheWallClock() async throws {
        let alertmanager = try await AlertmanagerProcess.started()
        defer { alertmanager.stop() }
        let now = Self.wallNow()
        let (replay, notifier) = try Self.replay(
            alertmanager: alertmanager, pace: .asFastAsPossible, clock: WallClock(now: { now }, sleep: { _ in }))
        replay.run()
        let stats = await notifier.shutdown(flushTimeout: .seconds(10))
        #expect(stats[0].dropped == 0 && stats[0].failed == 0)
        try await eventually("the resolution is received") { try await alertmanager.receivedResolved() == 1 }
        let active = try await alertmanager.alerts()
        try #require(active.count == 1)
        #expect(active[0].labels == ["alertname": "Still", "service": "db", "severity": "critical", "cluster": "ci"])
        #expect(active[0].status.state == "active")
        #expect(active[0].startsAt == RFC3339Millis.format(now - 4 * minute))
        #expect(active[0].endsAt == RFC3339Millis.format(now + 4 * minute))
        #expect(active[0].generatorURL == "http://vigil.example:9090/graph?g0.expr=still+%3E+10&g0.tab=1")
    }

    /// At `--speed 6`, simulated 6m is 60 wall seconds after the start;
    /// the stepping clock starts 60 s before the real now, so the sends at
    /// 6m are dated now. `Still` started 4m / 6 = 40 s before and stays
    /// valid for 4m / 6 = 40 s more. (Copies sent at earlier instants are
    /// dated in the real past and arrive already ended; the last copy wins.)
    @Test func atSpeedDistancesAreScaled() async throws {
        let alertmanager = try await AlertmanagerProcess.started()
        defer { alertmanager.stop() }
        let now = Self.wallNow()
        let stepping = SteppingClock(start: now - 60_000)
        let (replay, notifier) = try Self.replay(alertmanager: alertmanager, pace: .speed(6), clock: stepping.clock)
        replay.run()
        #expect(stepping.slept.reduce(0, +) == 70_000)
        let stats = await notifier.shutdown(flushTimeout: .seconds(10))
        #expect(stats[0].dropped == 0 && stats[0].failed == 0)
        try await eventually("Alertmanager holds the last copy of Still") {
            try await alertmanager.alerts().map(\.endsAt) == [RFC3339Millis.format(now + 40_000)]
        }
        let active = try await alertmanager.alerts()
        #expect(active.first?.labels["alertname"] == "Still")
        #expect(active.first?.startsAt == RFC3339Millis.format(now - 40_000))
    }
}
