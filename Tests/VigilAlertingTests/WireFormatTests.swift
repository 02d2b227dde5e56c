import Foundation
import Testing
import VigilCore
@testable import VigilAlerting

/// The POST body must be what Prometheus's notifier writes: go-openapi's
/// `PostableAlert` through Go's `encoding/json`.
@Suite struct WireFormatTests {
    @Test func timesUseMillisecondLayoutInUTC() throws {
        #expect(RFC3339Millis.format(0) == "1970-01-01T00:00:00.000Z")
        #expect(RFC3339Millis.format(1_700_000_000_123) == "2023-11-14T22:13:20.123Z")
        #expect(RFC3339Millis.format(-1) == "1969-12-31T23:59:59.999Z")
        #expect(RFC3339Millis.format(951_782_400_000) == "2000-02-29T00:00:00.000Z")
        #expect(RFC3339Millis.format(253_402_300_799_999) == "9999-12-31T23:59:59.999Z")
        // Go's zero time, for an unset time, and its own millisecond value.
        #expect(RFC3339Millis.format(nil) == "0001-01-01T00:00:00.000Z")
        #expect(RFC3339Millis.format(-62_135_596_800_000) == "0001-01-01T00:00:00.000Z")
    }

    @Test func parsesRFC3339WithZonesAndFractions() throws {
        #expect(try RFC3339Millis.parse("2023-11-14T22:13:20.123Z") == 1_700_000_000_123)
        #expect(try RFC3339Millis.parse("2023-11-14T23:13:20.123456789+01:00") == 1_700_000_000_123)
        #expect(try RFC3339Millis.parse("2023-11-14T22:13:20Z") == 1_700_000_000_000)
        #expect(try RFC3339Millis.parse("2000-02-29T00:00:00.5-00:30") == 951_784_200_500)
        #expect(throws: RFC3339Millis.ParseError.self) { try RFC3339Millis.parse("2023-02-29T00:00:00Z") }
        #expect(throws: RFC3339Millis.ParseError.self) { try RFC3339Millis.parse("2023-11-14 22:13:20Z") }
        #expect(throws: RFC3339Millis.ParseError.self) { try RFC3339Millis.parse("2023-11-14T22:13:20") }
        #expect(throws: RFC3339Millis.ParseError.self) { try RFC3339Millis.parse("2023-11-14T24:00:00Z") }
        #expect(throws: RFC3339Millis.ParseError.self) { try RFC3339Millis.parse("2023-11-14T22:13:20.Z") }
        let error = #expect(throws: RFC3339Millis.ParseError.self) { try RFC3339Millis.parse("yesterday") }
        #expect(error?.description == #"cannot parse "yesterday" as an RFC 3339 time: bad year"#)
    }

    @Test func payloadMatchesPrometheusByteForByte() {
        let full = Alert(
            labels: ["alertname": "HighErrors", "severity": "page", "service_name": "jaiye-api"],
            annotations: [
                Label("summary", "first"), Label("runbook", "https://x/y?a=1&b=2"),
                Label("summary", "5xx <10% & rising"), Label("empty", ""),
            ],
            startsAt: 1_700_000_000_123, endsAt: 1_700_000_240_123,
            generatorURL: "http://vigil:9090/graph?g0.expr=up+%3D%3D+0&g0.tab=1")
        let bare = Alert(labels: ["alertname": "X"])
        let body = String(decoding: AlertmanagerPayload.encode([full, bare]), as: UTF8.self)
        let expected = #"[{"annotations":{"empty":"","runbook":"https://x/y?a=1\u0026b=2","summary":"5xx \u003c10% \u0026 rising"},"#
            + #""endsAt":"2023-11-14T22:17:20.123Z","startsAt":"2023-11-14T22:13:20.123Z","#
            + #""generatorURL":"http://vigil:9090/graph?g0.expr=up+%3D%3D+0\u0026g0.tab=1","#
            + #""labels":{"alertname":"HighErrors","service_name":"jaiye-api","severity":"page"}},"#
            + #"{"endsAt":"0001-01-01T00:00:00.000Z","startsAt":"0001-01-01T00:00:00.000Z","labels":{"alertname":"X"}}]"#
        #expect(body == expected)
        #expect(String(decoding: AlertmanagerPayload.encode([]), as: UTF8.self) == "[]")
    }

    @Test func generatorURLIsATableLinkWithQueryEscaping() {
        let url = GeneratorURL.forExpression(#"sum(rate(x{a="b c"}[5m])) > 0.1"#, externalURL: "http://vigil:9090")
        #expect(url == "http://vigil:9090/graph?g0.expr=sum%28rate%28x%7Ba%3D%22b+c%22%7D%5B5m%5D%29%29+%3E+0.1&g0.tab=1")
        #expect(GeneratorURL.queryEscape("é-_.~/?&=+") == "%C3%A9-_.~%2F%3F%26%3D%2B")
    }

    @Test func endpointURLJoinsPathPrefixLikePathJoin() throws {
        #expect(try AlertmanagerEndpoint(url: "http://am:9093").alertsURL().absoluteString == "http://am:9093/api/v2/alerts")
        #expect(try AlertmanagerEndpoint(url: "http://am:9093/", pathPrefix: "/am/").alertsURL().absoluteString
            == "http://am:9093/am/api/v2/alerts")
        #expect(try AlertmanagerEndpoint(url: "https://am/base", pathPrefix: "prefix").alertsURL().absoluteString
            == "https://am/base/prefix/api/v2/alerts")
        #expect(throws: AlertingConfigError.self) { try AlertmanagerEndpoint(url: "ftp://am").alertsURL() }
        #expect(throws: AlertingConfigError.self) { try AlertmanagerEndpoint(url: "am:9093").alertsURL() }
        #expect(throws: AlertingConfigError.self) { try AlertmanagerEndpoint(url: "http://am?x=1").alertsURL() }
    }
}
