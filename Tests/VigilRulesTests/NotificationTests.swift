import Testing
import VigilAlerting
import VigilCore
import VigilStorage
@testable import VigilRules

/// What goes to the notifier, when, and the state changes reported
/// (Prometheus's `sendAlerts`/`needsSending` and `TestNotify`).
@Suite struct NotificationTests {
    @Test func resendDelayAndResolution() throws {
        // TestNotify: a = 2, 3 at 1s/2s, 3 at 5s, 0 at 6s; `a > 1`, every
        // second, resend delay 2s.
        let table = VectorTable(["a > 1": [1000: [sample(2, "__name__", "a")], 2000: [sample(3, "__name__", "a")],
                                           5000: [sample(3, "__name__", "a")]]])
        let sent = Collector<[Alert]>()
        let group = try group("""
            groups:
              - name: alert
                interval: 1s
                rules:
                  - alert: aTooHigh
                    expr: a > 1
            """, query: table.query, environment: RuleEnvironment(
                store: SeriesStore(), externalURL: "http://vigil:9090", resendDelay: 2000, notify: { sent.add($0) }))
        group.evaluate(at: 1000)
        var batch = sent.drain()
        #expect(batch.count == 1)
        let firing = try #require(batch.first?.first)
        #expect(firing.labels == labels("alertname", "aTooHigh"))
        #expect(firing.startsAt == 1000)
        #expect(firing.endsAt == Int64(1000 + 4 * 2000))
        #expect(firing.state == .firing)
        #expect(firing.generatorURL == "http://vigil:9090/graph?g0.expr=a+%3E+1&g0.tab=1")
        group.evaluate(at: 2000)
        #expect(sent.drain().isEmpty)
        group.evaluate(at: 5000)
        batch = sent.drain()
        #expect(batch.map { $0.map(\.endsAt) } == [[5000 + 8000]])
        group.evaluate(at: 6000)
        batch = sent.drain()
        #expect(batch.map { $0.map(\.endsAt) } == [[6000]])
        #expect(batch.first?.first?.startsAt == 1000)
        #expect(batch.first?.first?.state == .inactive)
        #expect(group.status().counters.alertsSent == 3)
    }

    @Test func resolvedAlertsAreResentForFifteenMinutes() throws {
        // Firing at 0 and 1m (for: 0), resolved from 2m. With a one-minute
        // resend delay an alert goes out when more than a minute has passed
        // since the last send; the resolved alert is forgotten once more
        // than 15 minutes have passed since it resolved.
        let up = [sample(1, "__name__", "up", "job", "api")]
        let sent = Collector<(Int64, Alert)>()
        let clock = Collector<Int64>()
        let group = try group("""
            groups:
              - name: g
                interval: 1m
                rules:
                  - alert: Up
                    expr: up
            """, query: VectorTable(["up": [0: up, minute: up]]).query,
            environment: RuleEnvironment(store: SeriesStore(), notify: { alerts in
                let time = clock.all.last ?? -1
                for alert in alerts { sent.add((time, alert)) }
            }))
        for step: Int64 in 0...19 {
            clock.add(step * minute)
            group.evaluate(at: step * minute)
            let kept = group.alerts(of: "Up")
            #expect(kept.count == (step <= 17 ? 1 : 0), "alert kept at \(step)m")
        }
        let sends = sent.all
        #expect(sends.map { $0.0 / minute } == [0, 2, 4, 6, 8, 10, 12, 14, 16])
        #expect(sends.first?.1.state == .firing)
        #expect(sends.first?.1.endsAt == 4 * minute)
        for (_, alert) in sends.dropFirst() {
            #expect(alert.state == .inactive)
            #expect(alert.startsAt == 0)
            #expect(alert.endsAt == 2 * minute)
        }
    }

    @Test func flappingSeries() throws {
        // Condition true, true, false, true, true, false with `for: 1m`:
        // the resolved alert is replaced by a new pending one (its `for`
        // clock starts again), and every change is reported.
        let up = [sample(1, "__name__", "up", "job", "api")]
        let changes = Collector<AlertStateChange>()
        let sent = Collector<Alert>()
        let group = try group("""
            groups:
              - name: g
                rules:
                  - alert: Up
                    expr: up
                    for: 1m
                    annotations:
                      summary: "{{ $labels.job }} up"
            """, query: VectorTable(["up": [0: up, minute: up, 3 * minute: up, 4 * minute: up]]).query,
            environment: RuleEnvironment(store: SeriesStore(), notify: { sent.add(contentsOf: $0) },
                                         onStateChange: { changes.add($0) }))
        for step: Int64 in 0...5 { group.evaluate(at: step * minute) }
        let expected: [(Int64, AlertState, AlertState, Int64)] = [
            (0, .inactive, .pending, 0), (1, .pending, .firing, 0), (2, .firing, .inactive, 0),
            (3, .inactive, .pending, 3 * minute), (4, .pending, .firing, 3 * minute), (5, .firing, .inactive, 3 * minute),
        ]
        #expect(changes.all.count == expected.count)
        for (change, (minutes, from, to, activeAt)) in zip(changes.all, expected) {
            #expect(change.time == minutes * minute)
            #expect((change.from, change.to) == (from, to))
            #expect(change.activeAt == activeAt)
            #expect(change.labels == labels("alertname", "Up", "job", "api"))
            #expect(change.annotations == [Label("summary", "api up")])
            #expect(change.rule == "Up")
            #expect(change.group == "g")
            #expect(change.value == 1)
        }
        #expect(sent.all.map(\.state) == [.firing, .inactive, .firing, .inactive])
        #expect(sent.all.map(\.startsAt) == [minute, minute, 4 * minute, 4 * minute])
        #expect(sent.all.map(\.endsAt) == [5 * minute, 2 * minute, 8 * minute, 5 * minute])
    }

    @Test func pendingThatFlapsNeverFires() throws {
        let up = [sample(1, "__name__", "up")]
        let changes = Collector<AlertStateChange>()
        let sent = Collector<Alert>()
        let group = try group("""
            groups:
              - name: g
                rules:
                  - alert: Up
                    expr: up
                    for: 5m
            """, query: VectorTable(["up": [0: up, 2 * minute: up, 4 * minute: up]]).query,
            environment: RuleEnvironment(store: SeriesStore(), notify: { sent.add(contentsOf: $0) },
                                         onStateChange: { changes.add($0) }))
        for step: Int64 in 0...5 { group.evaluate(at: step * minute) }
        #expect(changes.all.map { "\($0.time / minute):\($0.from.rawValue)>\($0.to.rawValue)" } == [
            "0:inactive>pending", "1:pending>inactive", "2:inactive>pending", "3:pending>inactive",
            "4:inactive>pending", "5:pending>inactive"])
        #expect(sent.all.isEmpty)
    }

    @Test func limitDropsAlertsAsStateChanges() throws {
        let two = [sample(1, "i", "1"), sample(1, "i", "2")]
        let changes = Collector<AlertStateChange>()
        let group = try group("""
            groups:
              - name: g
                limit: 1
                rules:
                  - alert: Many
                    expr: up
            """, query: VectorTable(["up": [0: [sample(1, "i", "1")], minute: two]]).query,
            environment: RuleEnvironment(store: SeriesStore(), onStateChange: { changes.add($0) }))
        group.evaluate(at: 0)
        group.evaluate(at: minute)
        #expect(changes.all.map { "\($0.labels.get("i")):\($0.from.rawValue)>\($0.to.rawValue)" }
                    == ["1:inactive>firing", "1:firing>inactive"])
    }

    @Test func firingAutologAlertsOpenSessions() throws {
        // Firing alerts labelled autolog="true" feed the session table at
        // every evaluation, with the external labels Alertmanager would see.
        let now = Collector<Int64>()
        let sessions = AutologSessions(defaultTTL: 30 * minute, now: { now.all.last ?? 0 })
        let errors = [sample(12, "service", "order-service", "path", "/api/v1/orders/checkout")]
        let group = try group("""
            groups:
              - name: g
                rules:
                  - alert: RepeatedErrors
                    expr: errors > 10
                    labels:
                      autolog: "true"
                    annotations:
                      summary: "{{ $labels.service }} fails"
                  - alert: Slow
                    expr: errors > 10
                    for: 5m
                    labels:
                      autolog: "true"
                  - alert: Quiet
                    expr: errors > 10
            """, query: VectorTable(["errors > 10": [0: errors, minute: errors]]).query,
            environment: RuleEnvironment(store: SeriesStore(), externalLabels: labels("environment", "production"),
                                         autolog: sessions))
        now.add(0)
        group.evaluate(at: 0)
        now.add(minute)
        group.evaluate(at: minute)
        now.add(2 * minute)
        group.evaluate(at: 2 * minute)
        let live = sessions.list()
        #expect(live.count == 1)
        let session = try #require(live.first)
        #expect(session.scope == AutologScope(app: "order-service", environment: "production", endpoint: "/api/v1/orders/checkout"))
        #expect(session.startedAt == 0)
        #expect(session.expiresAt == minute + 30 * minute)
        #expect(session.alertname == "RepeatedErrors")
        #expect(session.reason == "order-service fails")
        #expect(sessions.stats().refreshedByAlert == 1)
    }
}
