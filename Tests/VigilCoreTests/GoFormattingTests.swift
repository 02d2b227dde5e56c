import Testing
@testable import VigilCore

@Suite struct GoFormattingTests {
    // Expected strings are what Go's strconv.FormatFloat prints.
    @Test(arguments: [
        (1.0, "1"), (0.1, "0.1"), (1e21, "1000000000000000000000"), (1e-7, "0.0000001"),
        (-2.5, "-2.5"), (123456789.125, "123456789.125"), (0.0, "0"), (Double.leastNonzeroMagnitude, "0." + String(repeating: "0", count: 323) + "5"),
    ])
    func shortestFixed(value: Double, expected: String) {
        #expect(GoFloat.format(value, .f) == expected)
    }

    @Test(arguments: [
        (1.0, "1"), (1e6, "1e+06"), (123456.0, "123456"), (1234567.0, "1.234567e+06"),
        (0.0001, "0.0001"), (0.00001, "1e-05"), (-0.5, "-0.5"), (1e100, "1e+100"), (0.0, "0"),
        (Double.infinity, "+Inf"), (-Double.infinity, "-Inf"), (Double.nan, "NaN"), (-0.0, "-0"),
    ])
    func shortestGeneral(value: Double, expected: String) {
        #expect(GoFloat.formatV(value) == expected)
    }

    @Test func fixedPrecisionRoundsTheBinaryValue() {
        #expect(GoFloat.format(2.675, .f, precision: 2) == "2.67")
        #expect(GoFloat.format(12.3456, .f, precision: 1) == "12.3")
        #expect(GoFloat.format(1234.5, .e, precision: 2) == "1.23e+03")
    }

    @Test func durationsRoundTrip() throws {
        #expect(try PromDuration.parse("1h30m") == 5_400_000)
        #expect(try PromDuration.parse("1y") == 365 * 86_400_000)
        #expect(try PromDuration.parse("90s") == 90_000)
        #expect(try PromDuration.parse("0") == 0)
        #expect(PromDuration.format(5_400_000) == "1h30m")
        #expect(PromDuration.format(7 * 86_400_000) == "1w")
        #expect(PromDuration.format(1_500) == "1s500ms")
        #expect(PromDuration.format(0) == "0s")
        for bad in ["", "1", "1m1h", "5x", "1.5h", "m", "1hh"] {
            #expect(throws: PromDuration.ParseError.self) { try PromDuration.parse(bad) }
        }
    }

    /// prometheus/common's `model.ParseDuration` messages and its int64-nanosecond range.
    @Test func durationErrorsMatchPrometheusCommon() throws {
        func message(_ text: String) -> String? {
            do { _ = try PromDuration.parse(text); return nil } catch { return error.message }
        }
        #expect(message("1.5h") == #"unknown unit "." in duration "1.5h""#)
        #expect(message("5y1hs") == #"unknown unit "hs" in duration "5y1hs""#)
        #expect(message("5m1h") == #"not a valid duration string: "5m1h""#)
        #expect(message("") == "empty duration string")
        #expect(message("293y") == "duration out of range")
        #expect(try PromDuration.parse("292y") == 292 * 365 * 86_400_000)
    }

    @Test func quoteOfRawBytesEscapesInvalidUTF8() {
        #expect(GoString.quote(utf8: [0x61, 0xC5, 0x7A]) == #""a\xc5z""#)
        #expect(GoString.quote(utf8: Array("é\n".utf8)) == #""é\n""#)
    }

    @Test func quoteMatchesStrconv() {
        #expect(GoString.quote("a\"b\\c\n\t") == #""a\"b\\c\n\t""#)
        #expect(GoString.quote("\u{01}é") == #""\x01é""#)
        #expect(GoString.quote("\u{2028}") == #""\u2028""#)
    }
}
