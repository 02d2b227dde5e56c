import Testing
import VigilCore
@testable import VigilEngine

/// Label filters with Loki's conversion and error rules.
@Suite struct LabelFilterTests {
    let fixture: LogFixture

    init() throws {
        fixture = try LogFixture([(["app": "a"], [
            (s(1), "status=200 latency=12ms size=1.5KB level=info path=/api/users"),
            (s(2), "status=503 latency=1.2s size=20KB level=error path=/health"),
            (s(3), "status=oops latency=slow size=big level=warn path=/v1/api/y"),
            (s(4), "level=debug"),
        ])])
    }

    func lines(_ filter: String) throws -> [String] {
        try fixture.lines(#"{app="a"} | logfmt | "# + filter, direction: .forward).map { String($0.1.prefix(10)) }
    }

    func labels(_ filter: String) throws -> [String] {
        try fixture.labels(#"{app="a"} | logfmt | "# + filter)
    }

    @Test func typedComparisons() throws {
        #expect(try lines("status >= 500") == ["status=503", "status=oop"])
        #expect(try lines("latency > 1s") == ["status=503", "status=oop"])
        #expect(try lines("size < 2KB") == ["status=200", "status=oop"])
        #expect(try lines("status == 200") == ["status=200", "status=oop"])
        // A missing label drops the line; an unconvertible one keeps it with an error.
        #expect(try labels("status >= 500").last?.contains(#"__error__="LabelFilterErr""#) == true)
        #expect(try labels("status >= 500").last?.contains(#"__error_details__="strconv.ParseFloat: parsing \"oops\": invalid syntax""#) == true)
        #expect(try lines("status >= 500 | __error__=\"\"") == ["status=503"])
    }

    @Test func stringMatchers() throws {
        #expect(try lines(#"level="error" or level="debug""#) == ["status=503", "level=debu"])
        #expect(try lines(#"path=~"/api/.*""#) == ["status=200", "status=oop"])  // Loki: a substring test
        #expect(try lines(#"path=~"/api/users|/health""#) == ["status=200", "status=503"])
        #expect(try lines(#"status="""#) == ["level=debu"])
        #expect(try lines(#"level!~"(?i)ERROR|WARN""#) == ["status=200", "level=debu"])
    }

    @Test func andOrGrouping() throws {
        #expect(try lines(#"level="info" or status >= 500, path="/health""#) == ["status=200", "status=503"])
        #expect(try lines(#"(level="info" or status >= 500), path="/health""#) == ["status=503"])
        // `and` evaluates both sides: the failed conversion on the right still marks the line.
        #expect(try labels(#"level="warn" and status > 1"#).count == 1)
        #expect(try labels(#"level="nope" and status > 1"#).isEmpty)
    }

    @Test func ipLabelFilter() throws {
        let ips = try LogFixture([(["app": "a"], [(s(1), "addr=10.0.0.5"), (s(2), "addr=192.168.1.1"), (s(3), "addr=x")])])
        #expect(try ips.lines(#"{app="a"} | logfmt | addr = ip("10.0.0.0/8")"#).map(\.1) == ["addr=10.0.0.5"])
        #expect(try ips.lines(#"{app="a"} | logfmt | addr != ip("10.0.0.0/8")"#, direction: .forward).map(\.1)
                == ["addr=192.168.1.1", "addr=x"])
    }
}
