import VigilTestSupport
import Foundation
import Testing
import VigilCore
@testable import VigilAlerting

/// Delivery checked through a real Alertmanager's own API and metrics.
@Suite(.serialized, .enabled(if: AlertmanagerProcess.isAvailable, Comment(rawValue: AlertmanagerProcess.missingMessage)))
struct AlertmanagerDeliveryTests {
    /// Fast retries so an outage of a second or two costs little wall time.
    static let quickBackoff = RetryBackoff(initial: .milliseconds(50), maximum: .milliseconds(200), multiplier: 2, jitter: 0.2)

    /// Alertmanager judges endsAt against its wall clock, so these tests use it too.
    static func nowMillis() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    static func notifier(_ endpoints: [AlertmanagerEndpoint], capacity: Int = 10_000, externalLabels: Labels = .empty) throws -> Notifier {
        try Notifier(
            alertmanagers: endpoints,
            options: NotifierOptions(externalLabels: externalLabels, queueCapacity: capacity, backoff: quickBackoff))
    }

    static func firing(_ name: String, _ extra: [String: String] = [:], annotations: [Label] = [], startsAt: Int64) -> Alert {
        var labels = extra
        labels["alertname"] = name
        let endsAt = ResendPolicy.validUntil(evaluatedAt: nowMillis(), groupInterval: 15_000)
        return Alert(labels: Labels(labels), annotations: annotations, startsAt: startsAt, endsAt: endsAt)
    }

    @Test func firingAlertArrivesAndResolvedAlertLeaves() async throws {
        let alertmanager = try await AlertmanagerProcess.started()
        defer { alertmanager.stop() }
        let notifier = try Self.notifier(
            [AlertmanagerEndpoint(url: alertmanager.baseURL)], externalLabels: ["cluster": "ci", "replica": "a"])

        let firedAt = Self.nowMillis() - 60_000
        let evaluatedAt = Self.nowMillis()
        let expression = #"sum by (service_name) (rate({service_name=~".+"} |= "FATAL" [2m])) > 0"#
        let generatorURL = GeneratorURL.forExpression(expression, externalURL: "http://vigil.example:9090")
        let labels: Labels = ["alertname": "FatalErrorDetected", "service_name": "jaiye-api", "autolog": "true", "replica": "b"]
        let annotations = [Label("summary", "FATAL <log> lines & more"), Label("runbook", "")]
        let fatal = Alert(
            ruleAlertLabels: labels, annotations: annotations, state: .firing, firedAt: firedAt, resolvedAt: nil,
            validUntil: ResendPolicy.validUntil(evaluatedAt: evaluatedAt, groupInterval: 15_000), generatorURL: generatorURL)
        notifier.send([fatal])
        try await eventually("the firing alert is delivered") { notifier.stats()[0].sent == 1 }

        let stored = try await alertmanager.alerts()
        try #require(stored.count == 1)
        // External labels fill in missing names only: replica stays "b".
        #expect(stored[0].labels == [
            "alertname": "FatalErrorDetected", "service_name": "jaiye-api", "autolog": "true", "replica": "b", "cluster": "ci",
        ])
        #expect(stored[0].annotations == ["summary": "FATAL <log> lines & more", "runbook": ""])
        #expect(stored[0].startsAt == RFC3339Millis.format(firedAt))
        #expect(stored[0].endsAt == RFC3339Millis.format(evaluatedAt + 4 * 60_000))
        #expect(stored[0].generatorURL == generatorURL)
        #expect(stored[0].status.state == "active")
        #expect(try await alertmanager.receivedFiring() == 1)

        // Resolved: endsAt becomes the resolve time. Alertmanager 0.25 keeps the
        // alert but its API leaves out every alert whose endsAt has passed.
        let resolvedAt = Self.nowMillis()
        let resolved = Alert(
            ruleAlertLabels: labels, annotations: annotations, state: .inactive, firedAt: firedAt,
            resolvedAt: resolvedAt, validUntil: nil, generatorURL: generatorURL)
        notifier.send([resolved])
        try await eventually("the resolved alert is delivered") { notifier.stats()[0].sent == 2 }
        try await eventually("Alertmanager no longer lists the alert") { try await alertmanager.alerts().isEmpty }
        #expect(try await alertmanager.receivedResolved() == 1)
        #expect(try await alertmanager.metric(#"alertmanager_alerts{state="active"}"#) == 0)

        let stats = await notifier.shutdown(flushTimeout: .seconds(5))
        #expect(stats[0].requestsSent == 2)
        #expect(stats[0].failed == 0)
        #expect(stats[0].dropped == 0)
    }

    @Test func alertsSentDuringAnOutageArriveOnceAfterIt() async throws {
        let alertmanager = try await AlertmanagerProcess.started()
        defer { alertmanager.stop() }
        let notifier = try Self.notifier([AlertmanagerEndpoint(url: alertmanager.baseURL, timeout: .seconds(2))])
        let startsAt = Self.nowMillis() - 30_000

        let a = Self.firing("A", startsAt: startsAt)
        notifier.send([a])
        try await eventually("A is delivered") { notifier.stats()[0].sent == 1 }

        alertmanager.stop()
        var resolvedA = a
        resolvedA.state = .inactive
        resolvedA.endsAt = Self.nowMillis()
        notifier.send([Self.firing("B", annotations: [Label("version", "1")], startsAt: startsAt)])
        notifier.send([Self.firing("C", startsAt: startsAt), resolvedA])
        try await eventually("a retry has failed") { notifier.stats()[0].retries >= 2 }
        // B changes while Alertmanager is away: only the newest B may arrive.
        notifier.send([Self.firing("B", annotations: [Label("version", "2")], startsAt: startsAt)])

        try await alertmanager.start()
        try await eventually("the queue drains") {
            let stats = notifier.stats()[0]
            return stats.queueLength == 0 && stats.sent == 4
        }

        let stored = try await alertmanager.alerts().sorted { $0.labels["alertname"]! < $1.labels["alertname"]! }
        #expect(stored.map { $0.labels["alertname"] } == ["B", "C"])
        #expect(stored.first?.annotations == ["version": "2"])
        // The restarted Alertmanager counts from zero: exactly B, C and A's resolution reached it.
        #expect(try await alertmanager.receivedFiring() == 2)
        #expect(try await alertmanager.receivedResolved() == 1)
        let stats = await notifier.shutdown(flushTimeout: .seconds(5))
        #expect(stats[0].superseded == 1)
        #expect(stats[0].dropped == 0)
        #expect(stats[0].consecutiveFailures == 0)
        #expect(stats[0].retries >= 2 && stats[0].failed >= stats[0].retries)
    }

    @Test func fullQueueDropsTheOldestAlerts() async throws {
        // Alertmanager is not running yet: its port refuses connections.
        let alertmanager = try AlertmanagerProcess()
        defer { alertmanager.stop() }
        let notifier = try Self.notifier([AlertmanagerEndpoint(url: alertmanager.baseURL)], capacity: 5)
        let startsAt = Self.nowMillis() - 10_000
        notifier.send((0..<8).map { Self.firing("Overflow\($0)", startsAt: startsAt) })
        #expect(notifier.stats()[0].dropped == 3)
        #expect(notifier.stats()[0].queueLength == 5)
        try await eventually("a delivery has failed") { notifier.stats()[0].failed >= 5 }

        try await alertmanager.start()
        try await eventually("the queue drains") { notifier.stats()[0].sent == 5 }
        let names = try await alertmanager.alerts().compactMap { $0.labels["alertname"] }.sorted()
        #expect(names == (3..<8).map { "Overflow\($0)" })
        #expect(try await alertmanager.receivedFiring() == 5)
        let stats = await notifier.shutdown(flushTimeout: .seconds(5))
        #expect(stats[0].dropped == 3)
    }

    @Test func moreThan256AlertsGoInSeveralPosts() async throws {
        let alertmanager = try await AlertmanagerProcess.started()
        defer { alertmanager.stop() }
        let notifier = try Self.notifier([AlertmanagerEndpoint(url: alertmanager.baseURL)])
        let startsAt = Self.nowMillis() - 10_000
        notifier.send((0..<600).map { Self.firing("Batch", ["instance": "host-\($0)"], startsAt: startsAt) })
        try await eventually("all 600 are delivered") { notifier.stats()[0].sent == 600 }
        // 256 + 256 + 88.
        #expect(notifier.stats()[0].requestsSent == 3)
        #expect(try await alertmanager.alerts().count == 600)
        #expect(try await alertmanager.receivedFiring() == 600)
        await notifier.shutdown(flushTimeout: .seconds(5))
    }

    @Test func aDownOrHungAlertmanagerDoesNotDelayAnother() async throws {
        let alertmanager = try await AlertmanagerProcess.started()
        defer { alertmanager.stop() }
        let hung = try SilentPeer()
        let refusing = try TestSockets.freePort()
        let notifier = try Self.notifier([
            AlertmanagerEndpoint(url: "http://127.0.0.1:\(hung.port)", timeout: .seconds(60)),
            AlertmanagerEndpoint(url: "http://127.0.0.1:\(refusing)"),
            AlertmanagerEndpoint(url: alertmanager.baseURL),
        ])
        notifier.send([Self.firing("Independent", startsAt: Self.nowMillis() - 1_000)])
        try await eventually("the healthy Alertmanager has the alert") { notifier.stats()[2].sent == 1 }
        try await eventually("the refusing one is retrying") { notifier.stats()[1].retries >= 2 }

        let stats = notifier.stats()
        // The hung request is still waiting for its answer (its timeout is a minute away).
        #expect(stats[0].sent == 0 && stats[0].failed == 0 && stats[0].queueLength == 1)
        #expect(stats[1].sent == 0 && stats[1].queueLength == 1 && stats[1].lastError != nil)
        #expect(try await alertmanager.alerts().map { $0.labels["alertname"] } == ["Independent"])

        // Shutdown does not wait for the hung request: at the deadline whatever is left is dropped.
        let final = await notifier.shutdown(flushTimeout: .milliseconds(300))
        #expect(final.map(\.dropped) == [1, 1, 0])
        #expect(final.map(\.queueLength) == [0, 0, 0])
    }

    @Test func aBatchAlertmanagerRefusesIsNotRetried() async throws {
        let alertmanager = try await AlertmanagerProcess.started()
        defer { alertmanager.stop() }
        let notifier = try Self.notifier([AlertmanagerEndpoint(url: alertmanager.baseURL)])
        let now = Self.nowMillis()
        // Alertmanager rejects an alert that ends before it starts (HTTP 400) but stores the valid ones.
        let backwards = Alert(labels: ["alertname": "Backwards"], startsAt: now, endsAt: now - 60_000)
        notifier.send([Self.firing("Valid", startsAt: now - 1_000), backwards])
        try await eventually("the refusal is recorded") { notifier.stats()[0].dropped == 2 }
        var stats = notifier.stats()[0]
        #expect(stats.failed == 2 && stats.retries == 0 && stats.sent == 0)
        #expect(stats.lastError?.contains("HTTP 400") == true)
        #expect(stats.lastError?.contains("start time must be before end time") == true)

        // The queue is not stuck behind the refused batch.
        notifier.send([Self.firing("After", startsAt: now - 1_000)])
        try await eventually("the next alert is delivered") { notifier.stats()[0].sent == 1 }
        let names = try await alertmanager.alerts().compactMap { $0.labels["alertname"] }.sorted()
        #expect(names == ["After", "Valid"])
        stats = await notifier.shutdown(flushTimeout: .seconds(5))[0]
        #expect(stats.dropped == 2)
    }

    @Test func shutdownFlushesTheQueueAndRefusesLateAlerts() async throws {
        let alertmanager = try await AlertmanagerProcess.started()
        defer { alertmanager.stop() }
        let notifier = try Self.notifier([AlertmanagerEndpoint(url: alertmanager.baseURL)])
        let startsAt = Self.nowMillis() - 1_000
        notifier.send((0..<300).map { Self.firing("Flush", ["instance": "\($0)"], startsAt: startsAt) })
        let stats = await notifier.shutdown(flushTimeout: .seconds(10))
        #expect(stats[0].sent == 300)
        #expect(stats[0].queueLength == 0 && stats[0].dropped == 0)
        #expect(try await alertmanager.alerts().count == 300)

        notifier.send([Self.firing("TooLate", startsAt: startsAt)])
        #expect(notifier.stats()[0].dropped == 1)
    }
}
