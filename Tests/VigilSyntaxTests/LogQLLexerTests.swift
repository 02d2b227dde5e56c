import Testing
import VigilSyntax

/// Tokens as Loki's lexer forms them, observed through the parser.
@Suite struct LogQLLexerTests {
    func stage(_ text: String) throws -> PipelineStage? {
        guard case .log(let selector) = try LogQLParser().parse(#"{a="b"} | "# + text) else { return nil }
        return selector.stages.first
    }

    @Test func numbersDurationsAndBytes() throws {
        #expect(try stage("x > 1.5h") == .labelFilter(.duration(name: "x", op: .greater, nanos: 5_400_000_000_000)))
        #expect(try stage("x > 1d") == .labelFilter(.duration(name: "x", op: .greater, nanos: 86_400_000_000_000)))
        #expect(try stage("x > 300us") == .labelFilter(.duration(name: "x", op: .greater, nanos: 300_000)))
        #expect(try stage("x > -5m") == .labelFilter(.duration(name: "x", op: .greater, nanos: -300_000_000_000)))
        #expect(try stage("x > 1.5KiB") == .labelFilter(.bytes(name: "x", op: .greater, bytes: 1_536)))
        #expect(try stage("x > 20B") == .labelFilter(.bytes(name: "x", op: .greater, bytes: 20)))
        // Go's ParseFloat wants a `p` exponent on hexadecimal numbers.
        #expect(throws: ParseError.self) { try stage("x > 0x10") }
        #expect(try stage("x > 0x1p4") == .labelFilter(.number(name: "x", op: .greater, value: 16)))
        #expect(try stage("x > 1e3") == .labelFilter(.number(name: "x", op: .greater, value: 1000)))
        #expect(try stage("x > .5") == .labelFilter(.number(name: "x", op: .greater, value: 0.5)))
        #expect(try stage("x > 1_000") == .labelFilter(.number(name: "x", op: .greater, value: 1000)))
        // `1mb` reads as one minute followed by the identifier `b`, as in Loki.
        #expect(throws: ParseError.self) { try stage("x > 1mb") }
    }

    @Test func stringsAndEscapes() throws {
        #expect(try stage(#"x = "a\tb\u00e9\x41""#) == .labelFilter(.matcher(try .init(.equal, "x", "a\tbéA"))))
        #expect(try stage("x = `a\\tb`") == .labelFilter(.matcher(try .init(.equal, "x", "a\\tb"))))
    }

    @Test func keywordsAreCaseInsensitive() throws {
        #expect(try stage("JSON") == .json([]))
        #expect(try LogQLParser().parse(#"SUM BY (a) (COUNT_OVER_TIME({a="b"}[1m]))"#).description
                == #"sum by (a)(count_over_time({a="b"}[1m]))"#)
        // Reserved words cannot be label names, as in Loki.
        #expect(throws: ParseError.self) { try LogQLParser().parse(#"{on="x"}"#) }
    }
}
