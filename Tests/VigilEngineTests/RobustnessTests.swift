import Testing
import VigilCore
@testable import VigilEngine
import VigilStorage
import VigilSyntax

/// Hostile lines and mutated queries: evaluation may fail with an error,
/// never crash or hang.
@Suite struct RobustnessTests {
    static let hostileLines: [String] = [
        String(repeating: #"{"a":"#, count: 5_000) + "1" + String(repeating: "}", count: 5_000),
        String(repeating: "[", count: 10_000),
        #"{"k":"\ud800","n":1e999,"m":-0,"t":truE,"u":"\u00"}"#,
        "key=\"unterminated \\\" value",
        "=== == = \"\" ==",
        "\u{1B}[31m\u{9B}1;2m" + String(repeating: "\u{1B}[", count: 1_000),
        "10.0.0.1 ::1 fe80::1%eth0 1.2.3.4.5 999.1.1.1 ::ffff:10.0.0.1",
        "",
        String(decoding: [0xFF, 0xFE, 0x22, 0x7B, 0xC3, 0x28], as: UTF8.self),
    ]

    static let queries: [String] = [
        #"{app="h"} | json"#, #"{app="h"} | logfmt --strict"#, #"{app="h"} | json a="a.a.a[0]""#,
        #"{app="h"} | unpack | decolorize"#, #"{app="h"} |= ip("10.0.0.0/8") | regexp "(?P<x>\\d+)""#,
        #"{app="h"} | pattern "<a> <b>" | a > 1 | b = ip("::1") | line_format "{{.a}}{{__line__}}""#,
        #"{app="h"} | logfmt | label_format x="{{.key | ToUpper}}", y=key | drop x | keep y"#,
        #"sum_over_time({app="h"} | json | unwrap n | __error__="" [1m])"#,
        #"rate_counter({app="h"} | logfmt | unwrap bytes(key) [1m]) "#,
        #"quantile_over_time(2, {app="h"} | json | unwrap duration(n) [1m]) by (k)"#,
    ]

    @Test func hostileLinesAndMutatedQueries() throws {
        let fixture = try LogFixture([(["app": "h"], Self.hostileLines.enumerated().map { (s(Int64($0.offset + 1)), $0.element) })])
        var generator = SplitMix(state: 0xBAD_1DEA)
        var evaluated = 0
        for _ in 0..<2_000 {
            var query = Array(Self.queries[Int(generator.next() % UInt64(Self.queries.count))].utf8)
            for _ in 0...(generator.next() % 3) where !query.isEmpty {
                let index = Int(generator.next() % UInt64(query.count))
                switch generator.next() % 3 {
                case 0: query.remove(at: index)
                case 1: query.insert(Array("|=\"()[]{}=~!0.5mx,".utf8)[Int(generator.next() % 18)], at: index)
                default: query[index] = UInt8(truncatingIfNeeded: generator.next())
                }
            }
            guard let expr = try? LogQLParser().parse(String(decoding: query, as: UTF8.self)) else { continue }
            evaluated += 1
            let grid = LogQLStepGrid(startNanos: 0, endNanos: s(20), stepNanos: s(5))
            _ = try? fixture.range(expr, grid: grid, limit: 100, direction: .forward)
            _ = try? fixture.instant(expr, at: s(10))
        }
        #expect(evaluated > 100)
        let grid = LogQLStepGrid(startNanos: .min, endNanos: .max, stepNanos: 1)
        #expect(throws: LogQLError.self) {
            try fixture.range(try LogQLParser().parse(#"count_over_time({app="h"}[1m])"#), grid: grid)
        }
    }

    struct SplitMix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
