import Testing
import VigilCore

@Suite struct GoTimeDurationTests {
    @Test func parsesAsGoDoes() throws {
        #expect(try GoTimeDuration.parse("300ms") == 300_000_000)
        #expect(try GoTimeDuration.parse("-1.5h") == -5_400_000_000_000)
        #expect(try GoTimeDuration.parse("2h45m") == 9_900_000_000_000)
        #expect(try GoTimeDuration.parse("1h30m15.5s") == 5_415_500_000_000)
        #expect(try GoTimeDuration.parse("0") == 0)
        #expect(try GoTimeDuration.parse("+5s") == 5_000_000_000)
        #expect(try GoTimeDuration.parse(".5us") == 500)
        #expect(try GoTimeDuration.parse("1\u{00B5}s") == 1_000)
        #expect(try GoTimeDuration.parse("1\u{03BC}s") == 1_000)
        #expect(try GoTimeDuration.parse("5.s") == 5_000_000_000)
        // Integer arithmetic: float accumulation would give 742599999.
        #expect(try GoTimeDuration.parse("742.6ms") == 742_600_000)
        #expect(try GoTimeDuration.parse("10.3ms") == 10_300_000)
        #expect(try GoTimeDuration.parse("9223372036854775807ns") == Int64.max)
        #expect(try GoTimeDuration.parse("-9223372036854775808ns") == Int64.min)
    }

    @Test func rejectsAsGoDoes() {
        #expect(throws: GoTimeDuration.ParseError(message: "time: invalid duration \"\"")) {
            try GoTimeDuration.parse("")
        }
        #expect(throws: GoTimeDuration.ParseError(message: "time: missing unit in duration \"5\"")) {
            try GoTimeDuration.parse("5")
        }
        #expect(throws: GoTimeDuration.ParseError(message: "time: unknown unit \"d\" in duration \"1d\"")) {
            try GoTimeDuration.parse("1d")
        }
        #expect(throws: GoTimeDuration.ParseError(message: "time: invalid duration \".s\"")) {
            try GoTimeDuration.parse(".s")
        }
        #expect(throws: GoTimeDuration.ParseError(message: "time: invalid duration \"9223372036854775808ns\"")) {
            try GoTimeDuration.parse("9223372036854775808ns")
        }
    }

    @Test func formatsAsGoDoes() {
        #expect(GoTimeDuration.format(0) == "0s")
        #expect(GoTimeDuration.format(1) == "1ns")
        #expect(GoTimeDuration.format(1_500) == "1.5\u{00B5}s")
        #expect(GoTimeDuration.format(250_000_000) == "250ms")
        #expect(GoTimeDuration.format(1_000_000_000) == "1s")
        #expect(GoTimeDuration.format(3_600_000_000_000) == "1h0m0s")
        #expect(GoTimeDuration.format(-5_400_000_000_000) == "-1h30m0s")
        #expect(GoTimeDuration.format(259_200_500_000_000) == "72h0m0.5s")
        #expect(GoTimeDuration.format(Int64.min) == "-2562047h47m16.854775808s")
    }

    @Test func secondsAsGoDoes() {
        #expect(GoTimeDuration.seconds(742_600_000) == 0.7426)
        #expect(GoTimeDuration.seconds(90_500_000_000) == 90.5)
    }
}

@Suite struct HumanizeBytesTests {
    @Test func parsesAsGoHumanizeDoes() throws {
        #expect(try HumanizeBytes.parse("42") == 42)
        #expect(try HumanizeBytes.parse("42MB") == 42_000_000)
        #expect(try HumanizeBytes.parse("42 MB") == 42_000_000)
        #expect(try HumanizeBytes.parse("42 mib") == 44_040_192)
        #expect(try HumanizeBytes.parse("1.5KiB") == 1_536)
        #expect(try HumanizeBytes.parse("3.7KB") == 3_700)
        #expect(try HumanizeBytes.parse("1,000 B") == 1_000)
        #expect(try HumanizeBytes.parse("2k") == 2_000)
        #expect(throws: HumanizeBytes.ParseError.self) { try HumanizeBytes.parse("42 XB") }
        #expect(throws: HumanizeBytes.ParseError.self) { try HumanizeBytes.parse("MB") }
        #expect(throws: HumanizeBytes.ParseError.self) { try HumanizeBytes.parse("20000 EB") }
    }

    @Test func formatsAsGoHumanizeDoes() {
        #expect(HumanizeBytes.format(9) == "9 B")
        #expect(HumanizeBytes.format(82_854_982) == "83 MB")
        #expect(HumanizeBytes.format(2_000) == "2.0 kB")
        #expect(HumanizeBytes.format(2_560) == "2.6 kB")
        #expect(HumanizeBytes.format(999) == "999 B")
    }
}
