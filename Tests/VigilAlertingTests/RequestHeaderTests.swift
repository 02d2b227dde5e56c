import VigilTestSupport
import Foundation
import Testing
import VigilCore
@testable import VigilAlerting

/// What goes over the wire besides the body: the only test that uses a
/// stand-in listener, because Alertmanager does not show request headers.
@Suite struct RequestHeaderTests {
    @Test func authorizationPrefixAndExtraHeadersReachTheServer() async throws {
        let listener = try RecordingHTTPListener()
        let base = "http://127.0.0.1:\(listener.port)"
        let notifier = try Notifier(alertmanagers: [
            AlertmanagerEndpoint(url: base + "/base", pathPrefix: "/prefix/", authorization: .bearer("s3cret"),
                                 headers: ["X-Scope-OrgID": "tenant-1"]),
            AlertmanagerEndpoint(url: base, authorization: .basic(username: "user", password: "pa:ss")),
        ], options: NotifierOptions(userAgent: "Vigil/test"))
        let alert = Alert(labels: ["alertname": "Auth"], startsAt: 1_700_000_000_000, endsAt: 1_700_000_240_000)
        notifier.send([alert])
        try await eventually("both requests arrive") { listener.requests.count == 2 }
        await notifier.shutdown(flushTimeout: .seconds(5))

        let requests = listener.requests.sorted { $0.requestLine < $1.requestLine }
        #expect(requests.map(\.requestLine) == ["POST /api/v2/alerts HTTP/1.1", "POST /base/prefix/api/v2/alerts HTTP/1.1"])
        let basic = requests[0], bearer = requests[1]
        #expect(bearer.header("Authorization") == "Bearer s3cret")
        #expect(bearer.header("X-Scope-OrgID") == "tenant-1")
        #expect(basic.header("Authorization") == "Basic dXNlcjpwYTpzcw==")
        #expect(basic.header("X-Scope-OrgID") == nil)
        for request in requests {
            #expect(request.header("Content-Type") == "application/json")
            #expect(request.header("User-Agent") == "Vigil/test")
            #expect(request.body == AlertmanagerPayload.encode([alert]))
        }
    }

    @Test func headersTheClientOwnsAreRefused() {
        let error = #expect(throws: AlertingConfigError.self) {
            try Notifier(alertmanagers: [AlertmanagerEndpoint(url: "http://am:9093", headers: ["authorization": "x"])])
        }
        #expect(error?.description == #"invalid alerting configuration: alertmanager "http://am:9093": header "authorization" is reserved"#)
        #expect(throws: AlertingConfigError.self) {
            try Notifier(alertmanagers: [AlertmanagerEndpoint(url: "http://am:9093", timeout: .zero)])
        }
    }
}
