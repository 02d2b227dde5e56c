import Foundation
import Testing
@testable import VigilTemplate

/// Go's time formatting, parsing and Duration.String(), as documented in
/// package time (the playground time 2009-11-10 23:00:00 UTC = 1257894000).
@Suite struct GoTimeTests {
    let playground = GoTime(seconds: 1_257_894_000)

    @Test func formatsGoLayouts() {
        #expect(playground.format("2006-01-02T15:04:05Z07:00") == "2009-11-10T23:00:00Z")
        #expect(playground.format("3:04PM") == "11:00PM")
        #expect(playground.format("Mon Jan _2 15:04:05 2006") == "Tue Nov 10 23:00:00 2009")
        #expect(playground.format("2006-01-02 15:04:05.000") == "2009-11-10 23:00:00.000")
        #expect(playground.format("Jan 2, 2006 at 3:04pm (MST)") == "Nov 10, 2009 at 11:00pm (UTC)")
        #expect(playground.format("Monday January 02 06 002 -0700 -07:00") == "Tuesday November 10 09 314 +0000 +00:00")
        #expect(playground.description == "2009-11-10 23:00:00 +0000 UTC")
        let withNanos = GoTime(seconds: 1_257_894_000, nanoseconds: 120_000_000,
                               zone: .init(name: "CET", offsetSeconds: 3600))
        #expect(withNanos.description == "2009-11-11 00:00:00.12 +0100 CET")
        #expect(withNanos.format("15:04:05.999999 Z07:00") == "00:00:00.12 +01:00")
    }

    @Test func parsesGoLayouts() throws {
        let utc: @Sendable (Int64) -> GoTime.Zone = { _ in .utc }
        let rfc3339 = try GoLayout.parse(layout: "2006-01-02T15:04:05Z07:00", value: "2006-01-02T15:04:05+07:00", defaultZone: utc)
        #expect(rfc3339.seconds == 1_136_189_045)
        let fractional = try GoLayout.parse(layout: "2006-01-02 15:04:05", value: "2009-11-10 23:00:00.25", defaultZone: utc)
        #expect(fractional.seconds == 1_257_894_000 && fractional.nanoseconds == 250_000_000)
        let kitchen = try GoLayout.parse(layout: "Jan 2 2006 3:04PM", value: "Nov 10 2009 11:00PM", defaultZone: utc)
        #expect(kitchen.seconds == 1_257_894_000)
        #expect(throws: (any Error).self) { try GoLayout.parse(layout: "2006-01-02", value: "2009-13-40", defaultZone: utc) }
        #expect(throws: (any Error).self) { try GoLayout.parse(layout: "2006-01-02", value: "2009-11-10x", defaultZone: utc) }
    }

    @Test func durations() throws {
        #expect(GoDuration.format(3_723_500_000_000) == "1h2m3.5s")
        #expect(GoDuration.format(3_720_300_000_000) == "1h2m0.3s")
        #expect(GoDuration.format(1_500_000) == "1.5ms")
        #expect(GoDuration.format(1_000) == "1µs")
        #expect(GoDuration.format(12) == "12ns")
        #expect(GoDuration.format(0) == "0s")
        #expect(GoDuration.format(-90_000_000_000) == "-1m30s")
        #expect(try GoDuration.parse("1h15m30.918273645s") == 4_530_918_273_645)
        #expect(try GoDuration.parse("-1.5h") == -5_400_000_000_000)
        #expect(try GoDuration.parse("300ms") == 300_000_000)
        #expect(try GoDuration.parse("1µs") == 1_000)
        #expect(throws: GoDuration.ParseError.self) { try GoDuration.parse("1") }
        #expect(throws: GoDuration.ParseError.self) { try GoDuration.parse("") }
    }

    @Test func remainingLokiDateFunctions() throws {
        #expect(try LokiTemplate(lineFormat: "{{ if hasSuffix \"lo\" \"hello\" }}yes{{ end }}").execute(labels: [:], line: "", timestampNanos: 0) == "yes")
        let now = try LokiTemplate(lineFormat: "{{ now | unixEpoch }}").execute(labels: [:], line: "", timestampNanos: 0)
        let seconds = Int64(now) ?? 0
        #expect(abs(seconds - Int64(Date().timeIntervalSince1970)) < 60)
        if GoTime.localZone(at: 0).offsetSeconds == 0 {
            // toDate parses in the server's zone; checked where that is UTC.
            #expect(try LokiTemplate(lineFormat: "{{ toDate \"2006-01-02\" \"2021-11-02\" | unixEpoch }}")
                        .execute(labels: [:], line: "", timestampNanos: 0) == "1635811200")
        }
    }
}
