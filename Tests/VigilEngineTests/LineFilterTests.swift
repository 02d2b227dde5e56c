import Testing
import VigilCore
@testable import VigilEngine

/// Line filters as Loki's `log.NewFilter` applies them.
@Suite struct LineFilterTests {
    let fixture: LogFixture

    init() throws {
        fixture = try LogFixture([(["app": "a"], [
            (s(1), "GET /health 200"),
            (s(2), "POST /login 500 timeout"),
            (s(3), "ERROR db timed out"),
            (s(4), "info: user 10.0.1.7 logged in"),
            (s(5), "\u{1B}[31mERROR\u{1B}[0m: relation missing"),
            (s(6), ""),
        ])])
    }

    func lines(_ pipeline: String) throws -> [String] {
        try fixture.lines(#"{app="a"} "# + pipeline, direction: .forward).map(\.1)
    }

    @Test func containsAndNot() throws {
        #expect(try lines(#"|= "time""#) == ["POST /login 500 timeout", "ERROR db timed out"])
        #expect(try lines(#"!= "time" != """#) == [])  // Loki: `!= ""` drops every line
        #expect(try lines(#"|= "" != "ERROR""#).count == 4)
        #expect(try lines(#"|= "GET" or "POST""#) == ["GET /health 200", "POST /login 500 timeout"])
        #expect(try lines(#"!= "GET" or "POST" |= "o""#) == ["ERROR db timed out", "info: user 10.0.1.7 logged in",
                                                             "\u{1B}[31mERROR\u{1B}[0m: relation missing"])
    }

    @Test func regexesAndCaseFolding() throws {
        #expect(try lines(#"|~ "time(d|out)""#) == ["POST /login 500 timeout", "ERROR db timed out"])
        #expect(try lines(#"|~ "(?i)error""#).count == 2)
        #expect(try lines(#"!~ "(?i)error|info""#) == ["GET /health 200", "POST /login 500 timeout", ""])
        #expect(try lines(#"|~ `\d{3}$`"#) == ["GET /health 200"])
        // `.+` is Loki's "non-empty" filter.
        #expect(try lines(#"|~ ".+""#).count == 5)
    }

    @Test func ipAndPatternFilters() throws {
        #expect(try lines(#"|= ip("10.0.1.0/24")"#) == ["info: user 10.0.1.7 logged in"])
        #expect(try lines(#"!= ip("10.0.0.0-10.0.0.255")"#).count == 6)
        #expect(try lines(#"|> "<_> /login <_>""#) == ["POST /login 500 timeout"])
        #expect(try lines(#"!> "<_> db <_>""#).count == 5)
    }

    /// Loki moves line filters before `decolorize` (it reorders them past
    /// every stage but label filters, line_format and unpack).
    @Test func lineFiltersRunBeforeDecolorize() throws {
        #expect(try lines(#"| decolorize |= "ERROR:""#) == [])
        #expect(try lines(#"| decolorize | line_format "{{__line__}}" |= "ERROR:""#) == ["ERROR: relation missing"])
        #expect(try lines(#"|= "relation" | decolorize"#) == ["ERROR: relation missing"])
    }
}
