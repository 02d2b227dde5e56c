import Testing
@testable import VigilSyntax

/// Token rules of Prometheus's `lex.go`, observed through the parser.
@Suite struct LexerTests {
    func number(_ query: String) throws -> Double {
        guard case .number(let literal) = try parse(query) else {
            Issue.record("\(query) is not a number literal")
            return .nan
        }
        return literal.value
    }

    @Test(arguments: [
        ("1", 1.0), ("+Inf", .infinity), ("-Inf", -.infinity), ("iNf", .infinity), (".5", 0.5), ("5.", 5),
        ("123.4567", 123.4567), ("5e-3", 0.005), ("5e3", 5000), ("0xc", 12), ("0X1F", 31), ("0755", 493),
        ("+5.5e-3", 0.0055), ("-0755", -493), ("08", 8), ("0778", 778), ("1_000_000", 1_000_000),
        (".123_456_789", 0.123456789), ("0x_53_AB_F3_82", 0x53AB_F382), ("99999999999999999999", 1e20),
        ("5m", 300), ("1h30m", 5400), ("54s321ms", 54.321), ("1y", 31_536_000), ("2w", 1_209_600),
    ])
    func numbersAndDurations(text: String, value: Double) throws {
        #expect(try number(text) == value)
    }

    @Test func nanInAnyCase() throws {
        #expect(try number("NaN").isNaN)
        #expect(try number("nan").isNaN)
        #expect(try number("-nAn").isNaN)
    }

    @Test func durationsAreMarkedForPrinting() throws {
        guard case .number(let literal) = try parse("1h30m") else { Issue.record("not a literal"); return }
        #expect(literal.isDuration)
        #expect(literal.description == "1h30m")
    }

    @Test(arguments: [
        ("2.5.", #"1:1: parse error: bad number or duration syntax: "2.5.""#),
        ("100..4", #"1:1: parse error: bad number or duration syntax: "100..""#),
        ("0deadbeef", #"1:1: parse error: bad number or duration syntax: "0de""#),
        ("1e", #"1:1: parse error: bad number or duration syntax: "1e""#),
        ("1__0", #"1:1: parse error: bad number or duration syntax: "1__""#),
        ("1_", #"1:1: parse error: bad number or duration syntax: "1_""#),
        ("1.5h", #"1:1: parse error: unknown unit "." in duration "1.5h""#),
        ("1m1h", #"1:1: parse error: not a valid duration string: "1m1h""#),
        ("300y", "1:1: parse error: duration out of range"),
        ("0x", #"1:1: parse error: error parsing number: strconv.ParseFloat: parsing "0x": invalid syntax"#),
        ("1e400", #"1:1: parse error: error parsing number: strconv.ParseFloat: parsing "1e400": value out of range"#),
        ("0x8000000000000000",
         #"1:1: parse error: error parsing number: strconv.ParseFloat: parsing "0x8000000000000000": invalid syntax"#),
    ])
    func badNumbers(query: String, message: String) {
        #expect(errorText(query) == message)
    }

    @Test func stringsInAllQuoteStyles() throws {
        func string(_ query: String) throws -> StringLiteral? {
            if case .string(let literal) = try parse(query) { return literal }
            return nil
        }
        #expect(try string(#""double-quoted string \" with escaped quote""#)?.value
                == "double-quoted string \" with escaped quote")
        #expect(try string(#"'single-quoted string \' with escaped quote'"#)?.value
                == "single-quoted string ' with escaped quote")
        #expect(try string("`backtick \\n raw`")?.value == "backtick \\n raw")
        #expect(try string(#""\a\b\f\n\r\t\v\\ \u1234\U00010111☺""#)?.value
                == "\u{07}\u{08}\u{0C}\n\r\t\u{0B}\\ \u{1234}\u{10111}☺")
        // \x and octal escapes are bytes, not code points (Go semantics).
        let bytes = try string(#""\xFF\377\101""#)
        #expect(bytes?.bytes == [0xFF, 0xFF, 0x41])
        #expect(bytes?.isValidUTF8 == false)
    }

    @Test(arguments: [
        (#""\"#, "1:1: parse error: escape sequence not terminated"),
        (#""\c""#, "1:1: parse error: unknown escape sequence U+0063 'c'"),
        (#""\x.""#, "1:1: parse error: illegal character U+002E '.' in escape sequence"),
        (#""\400""#, "1:1: parse error: escape sequence is an invalid Unicode code point"),
        (#""\uD800""#, "1:1: parse error: escape sequence is an invalid Unicode code point"),
        (#"'\"'"#, "1:1: parse error: unknown escape sequence U+0022 '\"'"),
        ("\"open", "1:1: parse error: unterminated quoted string"),
        ("\"line\nbreak\"", "1:1: parse error: unterminated quoted string"),
        ("`\\``", "1:4: parse error: unterminated raw string"),
        ("\"\u{FFFD}\"", "1:1: parse error: invalid UTF-8 rune"),
    ])
    func badStrings(query: String, message: String) {
        #expect(errorText(query) == message)
    }

    @Test func identifiersKeywordsAndComments() throws {
        #expect(try parse("job:rate5m:sum").description == "job:rate5m:sum")
        #expect(try parse(":leading_colon").description == ":leading_colon")
        #expect(try parse("SUM(x) BY (job)").description == "sum by (job) (x)")
        #expect(try parse("x AND y Or z UNLESS w").description == "x and y or z unless w")
        #expect(try parse("foo OFFSET 5m").description == "foo offset 5m")
        #expect(try parse("a > BOOL 1").description == "a > bool 1")
        #expect(try parse("foo # a comment\n + # another\n bar").description == "foo + bar")
        #expect(try parse("{ # inside braces\n job=\"x\" }").description == #"{job="x"}"#)
        // Keywords are metric names where an expression starts.
        #expect(try parse("offset + by + without + anchored + start").description
                == "offset + by + without + anchored + start")
        // `fill` is a keyword only before a parenthesis.
        #expect(try parse("fill + fill").description == "fill + fill")
        #expect(try parse("other + fill_left(0) fill_left").description == "other + fill_left (0) fill_left")
    }

    @Test func histogramTrimOperators() throws {
        #expect(structure(try parse("h </ 2 + 1")) == "(</ h (+ 2 1))")
        #expect(structure(try parse("h >/ on (le) t")) == "(>/ h t)")
        #expect(try parse("h >/ on (label) t").description == "h >/ on (label) t")
    }

    @Test(arguments: [
        (".", "1:1: parse error: unexpected character: '.'"),
        ("}", "1:1: parse error: unexpected character: '}'"),
        ("foo & bar", "1:5: parse error: unexpected character: '&'"),
        ("foo é", "1:5: parse error: unexpected character: 'é'"),
        ("1 !~ 1", "1:3: parse error: unexpected character after '!': '~'"),
        ("1 =~ 1", "1:3: parse error: unexpected character after '=': '~'"),
        ("(1))", "1:5: parse error: unexpected right parenthesis ')'"),
        ("((1)", "1:5: parse error: unclosed left parenthesis"),
        ("(", "1:2: parse error: unclosed left parenthesis"),
        ("foo]", "1:4: parse error: unexpected right bracket ']'"),
        ("{", "1:2: parse error: unexpected end of input inside braces"),
        ("some{", "1:6: parse error: unexpected end of input inside braces"),
        ("some_metric{a:b=\"b\"}", "1:14: parse error: unexpected character inside braces: ':'"),
        ("foo{a*\"b\"}", "1:6: parse error: unexpected character inside braces: '*'"),
        ("foo{a>=\"b\"}", "1:6: parse error: unexpected character inside braces: '>'"),
        ("foo{1}", "1:5: parse error: unexpected character inside braces: '1'"),
        ("foo{a!b}", "1:6: parse error: unexpected character after '!' inside braces: 'b'"),
        ("foo{{}", "1:5: parse error: unexpected left brace '{'"),
        ("foo{bar=\"baz\"}[", "1:16: parse error: unexpected end of input in duration expression"),
        ("foo[5m:1m:]", "1:10: parse error: unexpected repeated colon in duration expression"),
        ("foo[:5m]", "1:5: parse error: unexpected colon before duration in duration expression"),
        ("foo[\"5m\"]", "1:5: parse error: unexpected character in duration expression: '\"'"),
        ("foo[5s x 5s]", "1:8: parse error: unexpected character: 'x', expected ':'"),
        ("foo[5s s 5s]", "1:8: parse error: unexpected character: 's', expected ':'"),
    ])
    func lexerErrors(query: String, message: String) {
        #expect(errorText(query) == message)
    }

    @Test func tokenStreamOfAQuery() {
        let tokens = PromQLLexer.tokenize(Array(#"sum by (job) (rate(x{a=~"b"}[5m])) </ 1"#.utf8)).tokens
        let kinds = tokens.map(\.kind)
        #expect(kinds == [
            .aggregator(.sum), .by, .leftParen, .identifier, .rightParen, .leftParen, .identifier, .leftParen,
            .identifier, .leftBrace, .identifier, .eqlRegex, .string, .rightBrace, .leftBracket, .duration,
            .rightBracket, .rightParen, .rightParen, .trimUpper, .number, .eof,
        ])
    }
}
