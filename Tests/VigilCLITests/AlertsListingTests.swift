import Foundation
import Testing
import VigilCore
import VigilReplay
import VigilRules
@testable import VigilCLI

/// `vigil alerts`: the state at a moment of a replay, as text and as
/// Prometheus's /api/v1/alerts JSON.
@Suite struct AlertsListingTests {
    /// `errors` climbs by 1 a minute from 0; `errors > 2` holds from 3m; with
    /// `for: 2m` the alert is pending at 3m and 4m and fires at 5m.
    /// Evaluating every minute up to 5m: firing since 3m, value 5.
    func replayed(to minutes: Int64) throws -> Replay {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-alerts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let rules = directory.appendingPathComponent("rules.yml").path
        let data = directory.appendingPathComponent("data.txt").path
        try """
            groups:
              - name: g
                interval: 1m
                rules:
                  - alert: TooManyErrors
                    expr: errors > 2
                    for: 2m
                    labels:
                      severity: page
                    annotations:
                      summary: "{{ $value }} errors"
            """.write(toFile: rules, atomically: true, encoding: .utf8)
        try "load 1m\n  errors{job=\"api\"} 0+1x10\n".write(toFile: data, atomically: true, encoding: .utf8)
        let replay = try Replay(rules: ReplayRules(config: VigilConfig(), promqlFiles: [rules], lokiFiles: []),
                                recording: Recording.load(metrics: [data], logs: []), from: 0, to: minutes * 60_000)
        replay.run()
        return replay
    }

    @Test func pendingThenFiring() throws {
        #expect(AlertsListing.text(try replayed(to: 4).activeAlerts(), at: 240_000) == """
            Alerts active at 1970-01-01T00:04:00Z: 1
              pending  since 1970-01-01T00:03:00Z  4          {alertname="TooManyErrors", job="api", severity="page"}
            """)
        #expect(AlertsListing.text(try replayed(to: 5).activeAlerts(), at: 300_000) == """
            Alerts active at 1970-01-01T00:05:00Z: 1
              firing   since 1970-01-01T00:03:00Z  5          {alertname="TooManyErrors", job="api", severity="page"}
            """)
    }

    @Test func jsonIsPrometheusAlertsAPI() throws {
        #expect(AlertsListing.json(try replayed(to: 5).activeAlerts()) == #"{"data":{"alerts":[{"activeAt":"1970-01-01T00:03:00Z","annotations":{"summary":"5 errors"},"labels":{"alertname":"TooManyErrors","job":"api","severity":"page"},"state":"firing","value":"5e+00"}]},"status":"success"}"#)
    }
}
