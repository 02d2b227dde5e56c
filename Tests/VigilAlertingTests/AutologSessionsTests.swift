import Foundation
import Synchronization
import Testing
import VigilCore
@testable import VigilAlerting

/// A clock the test moves by hand.
final class FakeClock: Sendable {
    private let millis: Mutex<Int64>
    init(_ start: Int64) { millis = Mutex(start) }
    var now: Int64 { millis.withLock { $0 } }
    func advance(_ delta: Int64) { millis.withLock { $0 += delta } }
    var reader: @Sendable () -> Int64 { { self.now } }
}

@Suite struct AutologSessionsTests {
    static let t0: Int64 = 1_766_890_800_000 // 2025-12-28T03:00:00Z
    static let minute: Int64 = 60_000

    static func fatal(_ extra: [String: String] = [:], state: AlertState = .firing) -> Alert {
        var labels = ["alertname": "FatalErrorDetected", "autolog": "true", "service_name": "jaiye-api",
                      "deployment_environment": "production"]
        labels.merge(extra) { _, new in new }
        return Alert(labels: Labels(labels), annotations: [Label("summary", "FATAL log lines")], state: state)
    }

    @Test func aFiringAutologAlertOpensASessionForItsScope() throws {
        let clock = FakeClock(Self.t0)
        let table = AutologSessions(now: clock.reader)
        let touched = table.observe(alerts: [Self.fatal()], at: Self.t0)
        let expected = AutologSession(
            scope: AutologScope(app: "jaiye-api", environment: "production"), startedAt: Self.t0,
            expiresAt: Self.t0 + 30 * Self.minute, trigger: .alert, reason: "FATAL log lines", alertname: "FatalErrorDetected")
        #expect(touched == [expected])
        #expect(table.check(app: "jaiye-api", environment: "production") == expected)
        #expect(table.check(app: "jaiye-api", environment: "staging") == nil)
        #expect(table.check(app: "other", environment: "production") == nil)
    }

    @Test func firingAgainRefreshesAndTheTTLEndsIt() {
        let clock = FakeClock(Self.t0)
        let table = AutologSessions(now: clock.reader)
        table.observe(alerts: [Self.fatal()], at: Self.t0)
        clock.advance(10 * Self.minute)
        table.observe(alerts: [Self.fatal()], at: clock.now)
        let session = table.check(app: "jaiye-api", environment: "production")
        #expect(session?.startedAt == Self.t0)
        #expect(session?.expiresAt == Self.t0 + 40 * Self.minute)

        // Resolved or pending alerts neither refresh nor close it.
        clock.advance(5 * Self.minute)
        table.observe(alerts: [Self.fatal(state: .inactive), Self.fatal(state: .pending)], at: clock.now)
        #expect(table.check(app: "jaiye-api", environment: "production")?.expiresAt == Self.t0 + 40 * Self.minute)

        clock.advance(25 * Self.minute - 1) // one millisecond before expiry
        #expect(table.check(app: "jaiye-api", environment: "production") != nil)
        clock.advance(1)
        #expect(table.check(app: "jaiye-api", environment: "production") == nil)
        #expect(table.list().isEmpty)
        var expected = AutologStats()
        expected.openedByAlert = 1
        expected.refreshedByAlert = 1
        expected.expired = 1
        #expect(table.stats() == expected)

        // Firing after expiry opens a new session.
        table.observe(alerts: [Self.fatal()], at: clock.now)
        #expect(table.check(app: "jaiye-api", environment: "production")?.startedAt == clock.now)
        #expect(table.stats().openedByAlert == 2)
    }

    @Test func onlyFiringAlertsLabelledAutologTrueCount() {
        let clock = FakeClock(Self.t0)
        let table = AutologSessions(now: clock.reader)
        let plain = Alert(labels: ["alertname": "HighLatency", "service_name": "jaiye-api"])
        let off = Self.fatal(["autolog": "false"])
        let appless = Alert(labels: ["alertname": "FatalErrorDetected", "autolog": "true"])
        #expect(table.observe(alerts: [plain, off, appless, Self.fatal(state: .pending)], at: Self.t0).isEmpty)
        #expect(table.list().isEmpty)
        #expect(table.stats().skippedWithoutApp == 1)
    }

    @Test func scopeLabelsFollowTheDocumentedPrecedence() {
        let all: Labels = [
            "service_name": "svc", "service": "s", "app": "a", "job": "j",
            "deployment_environment": "prod", "environment": "e", "env": "x",
            "endpoint": "/e", "http_route": "/r1", "route": "/r2", "path": "/p",
        ]
        #expect(AutologScope(alertLabels: all) == AutologScope(app: "svc", environment: "prod", endpoint: "/e"))
        let fallback: Labels = ["job": "api", "env": "dev", "path": "/health"]
        #expect(AutologScope(alertLabels: fallback) == AutologScope(app: "api", environment: "dev", endpoint: "/health"))
        #expect(AutologScope(alertLabels: ["app": "a", "service": "s", "http_route": "/r", "route": "/x"])
            == AutologScope(app: "s", environment: nil, endpoint: "/r"))
        #expect(AutologScope(alertLabels: ["instance": "host:9090"]) == nil)
    }

    @Test func wildcardSessionsCoverEveryEndpointAndEnvironment() throws {
        let clock = FakeClock(Self.t0)
        let table = AutologSessions(now: clock.reader)
        try table.enable(app: "api", environment: "prod", reason: "whole app")
        try table.enable(app: "api", environment: "prod", endpoint: "/pay", reason: "one endpoint")
        try table.enable(app: "web", reason: "every environment")

        #expect(table.check(app: "api", environment: "prod", endpoint: "/pay")?.reason == "one endpoint")
        #expect(table.check(app: "api", environment: "prod", endpoint: "/login")?.reason == "whole app")
        #expect(table.check(app: "api", environment: "prod")?.reason == "whole app")
        #expect(table.check(app: "api", environment: "dev", endpoint: "/pay") == nil)
        #expect(table.check(app: "web", environment: "dev", endpoint: "/x")?.reason == "every environment")
        #expect(table.check(app: "web")?.reason == "every environment")

        // An endpoint session alone does not switch on the whole app.
        table.disable(app: "api", environment: "prod")
        #expect(table.check(app: "api", environment: "prod") == nil)
        #expect(table.check(app: "api", environment: "prod", endpoint: "/pay")?.reason == "one endpoint")
        #expect(table.check(app: "api", environment: "prod", endpoint: "") == nil)
    }

    @Test func manualSessionsEnableDisableAndList() throws {
        let clock = FakeClock(Self.t0)
        let table = AutologSessions(defaultTTL: 10 * Self.minute, now: clock.reader)
        let manual = try table.enable(app: "jaiye", environment: "production", ttl: 5 * Self.minute, reason: "debugging INC-42")
        #expect(manual.trigger == .manual && manual.expiresAt == Self.t0 + 5 * Self.minute && manual.alertname == nil)
        try table.enable(app: "jaiye", environment: "production", endpoint: "/orders")
        try table.enable(app: "aa")
        #expect(table.list().map(\.scope) == [
            AutologScope(app: "aa"), AutologScope(app: "jaiye", environment: "production"),
            AutologScope(app: "jaiye", environment: "production", endpoint: "/orders"),
        ])
        #expect(table.check(app: "aa")?.expiresAt == Self.t0 + 10 * Self.minute)

        // An alert extends a manual session but keeps it manual.
        clock.advance(Self.minute)
        table.observe(alerts: [Alert(labels: ["alertname": "X", "autolog": "true", "app": "jaiye", "env": "production"])], at: clock.now)
        let extended = table.check(app: "jaiye", environment: "production")
        #expect(extended?.trigger == .manual && extended?.reason == "debugging INC-42")
        #expect(extended?.expiresAt == Self.t0 + 11 * Self.minute)

        #expect(table.disable(app: "jaiye", environment: "production")?.reason == "debugging INC-42")
        #expect(table.disable(app: "jaiye", environment: "production") == nil)
        #expect(table.check(app: "jaiye", environment: "production") == nil)
        #expect(table.stats().active == 2 && table.stats().disabled == 1 && table.stats().enabledManually == 3)

        #expect(throws: AutologError.missingApp) { try table.enable(app: "") }
        let error = #expect(throws: AutologError.self) { try table.enable(app: "x", ttl: 0) }
        #expect(error?.description == "autolog: ttl must be positive, got 0s")
    }

    @Test func recordsEncodeInTheAPIShapeAndDecodeBack() throws {
        let session = AutologSession(
            scope: AutologScope(app: "jaiye", environment: "production", endpoint: "/api/orders"),
            startedAt: Self.t0, expiresAt: Self.t0 + 30 * Self.minute, trigger: .alert, reason: "FATAL log lines",
            alertname: "FatalErrorDetected")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(session), as: UTF8.self)
        #expect(json == #"{"alertname":"FatalErrorDetected","app":"jaiye","enabled":true,"endpoint":"/api/orders","#
            + #""environment":"production","expiresAt":"2025-12-28T03:30:00.000Z","reason":"FATAL log lines","#
            + #""startedAt":"2025-12-28T03:00:00.000Z","trigger":"alert"}"#)
        #expect(try JSONDecoder().decode(AutologSession.self, from: Data(json.utf8)) == session)

        let off = AutologCheckResult(scope: AutologScope(app: "jaiye", environment: "production"), session: nil)
        #expect(String(decoding: try encoder.encode(off), as: UTF8.self) == #"{"app":"jaiye","enabled":false,"environment":"production"}"#)
        let on = AutologCheckResult(scope: session.scope, session: session)
        #expect(String(decoding: try encoder.encode(on), as: UTF8.self) == json)

        let request = try JSONDecoder().decode(AutologScope.self, from: Data(#"{"app":"jaiye","environment":"","endpoint":"/x"}"#.utf8))
        #expect(request == AutologScope(app: "jaiye", environment: nil, endpoint: "/x"))

        let broken = json.replacingOccurrences(of: "2025-12-28T03:30:00.000Z", with: "soon")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(AutologSession.self, from: Data(broken.utf8)) }
    }
}
