import Testing
@testable import VigilCore

@Suite struct GoStrconvTests {
    @Test func parseFloatAcceptsGoLiterals() throws {
        let cases: [(String, UInt64)] = [
            ("1", 0x3FF0_0000_0000_0000), ("1.", 0x3FF0_0000_0000_0000), (".5", 0x3FE0_0000_0000_0000),
            ("-0", 0x8000_0000_0000_0000), ("1_000.5", 0x408F_4400_0000_0000), ("1e3", 0x408F_4000_0000_0000),
            ("0x1.8p1", 0x4008_0000_0000_0000), ("+Inf", 0x7FF0_0000_0000_0000), ("-infinity", 0xFFF0_0000_0000_0000),
            ("NaN", 0x7FF8_0000_0000_0001), ("nan", 0x7FF8_0000_0000_0001), ("1e-400", 0),
        ]
        for (text, bits) in cases {
            #expect(try GoStrconv.parseFloat(text).bitPattern == bits, "\(text)")
        }
    }

    @Test func parseFloatRejectsWhatGoRejects() {
        for text in ["", " 1", "1 ", "0x1A", "1e", "1e+", "_1", "1_", "1__0", "+nan", "infin", "1.2.3", "--1", "0x"] {
            #expect(throws: GoStrconv.NumError.self, "\(text)") { try GoStrconv.parseFloat(text) }
        }
        #expect(throws: GoStrconv.NumError(function: "ParseFloat", input: "1e400", reason: .range)) {
            try GoStrconv.parseFloat("1e400")
        }
        let error = GoStrconv.NumError(function: "ParseFloat", input: "1e400", reason: .range)
        #expect(error.description == #"strconv.ParseFloat: parsing "1e400": value out of range"#)
    }

    @Test func parseIntBaseZero() throws {
        #expect(try GoStrconv.parseInt("010") == 8)
        #expect(try GoStrconv.parseInt("0x1F") == 31)
        #expect(try GoStrconv.parseInt("0b101") == 5)
        #expect(try GoStrconv.parseInt("0o17") == 15)
        #expect(try GoStrconv.parseInt("1_000") == 1000)
        #expect(try GoStrconv.parseInt("-9223372036854775808") == Int64.min)
        #expect(try GoStrconv.parseInt("0") == 0)
        #expect(throws: GoStrconv.NumError(function: "ParseInt", input: "08", reason: .syntax)) { try GoStrconv.parseInt("08") }
        #expect(throws: GoStrconv.NumError(function: "ParseInt", input: "9223372036854775808", reason: .range)) {
            try GoStrconv.parseInt("9223372036854775808")
        }
        #expect(throws: GoStrconv.NumError.self) { try GoStrconv.parseInt("1__0") }
        #expect(throws: GoStrconv.NumError.self) { try GoStrconv.parseInt("1_000", base: 10) }
        #expect(throws: GoStrconv.NumError.self) { try GoStrconv.parseUint("3.0") }
        #expect(try GoStrconv.parseUint("18446744073709551615") == UInt64.max)
    }

    @Test func unquoteFollowsPrometheusStrutil() throws {
        #expect(try GoStrconv.unquote(#""a\"b""#) == "a\"b")
        #expect(throws: GoStrconv.UnquoteError.self) { try GoStrconv.unquote("'it''") }
        #expect(try GoStrconv.unquote(#"'say "hi"'"#) == "say \"hi\"")
        #expect(try GoStrconv.unquote("`a\\nb`") == "a\\nb")
        #expect(try GoStrconv.unquote(#""\x41\101\u00e9\U0001F600\t""#) == "AAé😀\t")
        for bad in [#""abc"#, #""a"b""#, #""\'""#, #"'\"'"#, #""\q""#, #""\400""#, #""\uD800""#, "`a`b`", "\"a\nb\""] {
            #expect(throws: GoStrconv.UnquoteError.self, "\(bad)") { try GoStrconv.unquote(bad) }
        }
    }
}
