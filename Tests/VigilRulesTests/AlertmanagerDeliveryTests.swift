import VigilTestSupport
import Foundation
import Testing
import VigilAlerting
import VigilCore
import VigilStorage
@testable import VigilRules

/// Rule alerts through the notifier to a real Alertmanager (Debian's
/// `prometheus-alertmanager`), checked through its own API and metrics.
@Suite(.serialized, .enabled(if: AlertmanagerProcess.isAvailable, Comment(rawValue: AlertmanagerProcess.missingMessage)))
struct AlertmanagerDeliveryTests {
    static let rules = """
        groups:
          - name: app
            interval: 15s
            rules:
              - alert: RepeatedErrors
                expr: errors > 10
                labels:
                  severity: warning
                annotations:
                  summary: "{{ $labels.service }}: {{ $value }} errors"
              - alert: SlowBurn
                expr: errors > 10
                for: 10m
        """

    /// Alertmanager judges `endsAt` against its wall clock, so evaluations
    /// happen at (recent) wall-clock times.
    static func secondsAgo(_ seconds: Int64) -> Int64 {
        (Int64(Date().timeIntervalSince1970) - seconds) * 1000
    }

    static func notifier(_ alertmanager: AlertmanagerProcess) throws -> Notifier {
        try Notifier(
            alertmanagers: [AlertmanagerEndpoint(url: alertmanager.baseURL, timeout: .seconds(2))],
            options: NotifierOptions(
                externalLabels: ["cluster": "ci"],
                backoff: RetryBackoff(initial: .milliseconds(50), maximum: .milliseconds(200), multiplier: 2, jitter: 0.2)))
    }

    /// A group whose condition is switched by the test.
    static func group(notifier: Notifier, errors: Shared<Double?>) throws -> RuleGroup {
        let query: QueryFunc = { _, _ in
            errors.value.map { [sample($0, "service", "order-service", "path", "/api/v1/orders/checkout")] } ?? []
        }
        return try VigilRulesTests.group(rules, query: query, environment: RuleEnvironment(
            store: SeriesStore(), externalLabels: ["cluster": "ci"], externalURL: "http://vigil.example:9090",
            notify: { notifier.send($0) }))
    }

    @Test func firingAlertArrivesAndResolves() async throws {
        let alertmanager = try await AlertmanagerProcess.started()
        defer { alertmanager.stop() }
        let notifier = try Self.notifier(alertmanager)
        let errors = Shared<Double?>(12)
        let group = try Self.group(notifier: notifier, errors: errors)

        let firedAt = Self.secondsAgo(60)
        group.evaluate(at: firedAt)
        try await eventually("the firing alert is delivered") { notifier.stats()[0].sent == 1 }
        let stored = try await alertmanager.alerts()
        try #require(stored.count == 1, "only the firing alert; SlowBurn is pending")
        #expect(stored[0].labels == [
            "alertname": "RepeatedErrors", "service": "order-service", "path": "/api/v1/orders/checkout",
            "severity": "warning", "cluster": "ci",
        ])
        #expect(stored[0].annotations == ["summary": "order-service: 12 errors"])
        #expect(stored[0].startsAt == RFC3339Millis.format(firedAt))
        // Valid for 4 × max(interval 15s, resend delay 1m).
        #expect(stored[0].endsAt == RFC3339Millis.format(firedAt + 4 * minute))
        #expect(stored[0].generatorURL == "http://vigil.example:9090/graph?g0.expr=errors+%3E+10&g0.tab=1")
        #expect(stored[0].status.state == "active")

        // Within the resend delay nothing is sent again.
        group.evaluate(at: firedAt + 15_000)
        errors.value = nil
        group.evaluate(at: firedAt + 30_000)
        try await eventually("the resolution is delivered") { try await alertmanager.receivedResolved() == 1 }
        #expect(try await alertmanager.alerts().isEmpty)
        #expect(try await alertmanager.receivedFiring() == 1)
        let stats = await notifier.shutdown(flushTimeout: .seconds(5))
        #expect(stats[0].sent == 2)
    }

    @Test func alertsFiredWhileAlertmanagerIsDownArriveWhenItIsBack() async throws {
        let alertmanager = try await AlertmanagerProcess.started()
        defer { alertmanager.stop() }
        let notifier = try Self.notifier(alertmanager)
        let errors = Shared<Double?>(25)
        let group = try Self.group(notifier: notifier, errors: errors)

        alertmanager.stop()
        let firedAt = Self.secondsAgo(30)
        group.evaluate(at: firedAt)
        try await eventually("a delivery attempt has failed") { notifier.stats()[0].retries >= 1 }
        #expect(notifier.stats()[0].sent == 0)

        try await alertmanager.start()
        try await eventually("the alert arrives") { notifier.stats()[0].sent == 1 }
        let stored = try await alertmanager.alerts()
        #expect(stored.map(\.labels) == [[
            "alertname": "RepeatedErrors", "service": "order-service", "path": "/api/v1/orders/checkout",
            "severity": "warning", "cluster": "ci",
        ]])
        #expect(stored.first?.annotations == ["summary": "order-service: 25 errors"])
        #expect(stored.first?.startsAt == RFC3339Millis.format(firedAt))
        #expect(try await alertmanager.receivedFiring() == 1)
        await notifier.shutdown(flushTimeout: .seconds(5))
    }
}
