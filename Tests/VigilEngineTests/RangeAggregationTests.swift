import Testing
import VigilCore
@testable import VigilEngine
import VigilSyntax

/// Range aggregations: Loki's windows `(t - range, t]` on the exact step
/// grid, its aggregation arithmetic and its grouping.
@Suite struct RangeAggregationTests {
    let fixture: LogFixture

    init() throws {
        fixture = try LogFixture([
            (["app": "a", "pod": "1"], [
                (s(10), #"{"ms":"1.5","lat":"250ms","size":"1KB","path":"/a"}"#),
                (s(20), #"{"ms":"2.5","lat":"1.5s","size":"2KiB","path":"/b"}"#),
                (s(30), #"{"ms":"x","lat":"x","size":"x","path":"/a"}"#),
            ]),
            (["app": "a", "pod": "2"], [
                (s(15), #"{"ms":"10","lat":"10ms","size":"10B","path":"/a"}"#),
                (s(60), #"{"ms":"20","lat":"20ms","size":"20B","path":"/b"}"#),
            ]),
        ])
    }

    @Test func windowsAreOpenAtTheStartAndClosedAtTheEnd() throws {
        let counts = try fixture.series(#"count_over_time({app="a", pod="1"}[10s])"#, start: 10, end: 40, step: 10)
        #expect(counts[#"{app="a", pod="1"}"#]?.map(\.0) == [10_000, 20_000, 30_000])
        #expect(counts[#"{app="a", pod="1"}"#]?.map(\.1) == [1, 1, 1])
        let rates = try fixture.values(#"rate({app="a"}[1m])"#, start: 60, end: 60, step: 1, series: #"{app="a", pod="1"}"#)
        #expect(rates == [3.0 / 60])
        let bytes = try fixture.values(#"bytes_over_time({pod="2"}[1m])"#, start: 60, end: 60, step: 1, series: #"{app="a", pod="2"}"#)
        #expect(bytes == [Double(#"{"ms":"10","lat":"10ms","size":"10B","path":"/a"}"#.utf8.count
                                 + #"{"ms":"20","lat":"20ms","size":"20B","path":"/b"}"#.utf8.count)])
    }

    @Test func unwrapConversionsAndErrors() throws {
        let query = #"sum_over_time({app="a"} | json | unwrap ms | __error__="" [1m])"#
        #expect(try fixture.series(query, start: 30, end: 30, step: 1)[#"{app="a", lat="250ms", path="/a", pod="1", size="1KB"}"#]?.first?.1 == 1.5)
        let durations = #"max_over_time({app="a"} | json | unwrap duration(lat) | __error__="" [1m]) by (app)"#
        #expect(try fixture.values(durations, start: 60, end: 60, step: 1, series: #"{app="a"}"#) == [1.5])
        let sizes = #"avg_over_time({app="a"} | json | unwrap bytes(size) | __error__="" [1m]) by (path)"#
        #expect(try fixture.values(sizes, start: 30, end: 30, step: 1, series: #"{path="/b"}"#) == [2048])
        // Without the error filter the unconvertible sample fails the query, as in Loki.
        #expect(throws: LogQLError.self) {
            try fixture.series(#"sum_over_time({app="a"} | json | unwrap ms [1m])"#, start: 30, end: 30, step: 1)
        }
    }

    @Test func groupedFunctionsUseLokiArithmetic() throws {
        let query = #"{app="a"} | json | unwrap ms | __error__="" [1m]) by (app)"#
        #expect(try fixture.values("avg_over_time(" + query, start: 60, end: 60, step: 1, series: #"{app="a"}"#) == [8.5])
        #expect(try fixture.values("min_over_time(" + query, start: 60, end: 60, step: 1, series: #"{app="a"}"#) == [1.5])
        #expect(try fixture.values("first_over_time(" + query, start: 60, end: 60, step: 1, series: #"{app="a"}"#) == [1.5])
        #expect(try fixture.values("last_over_time(" + query, start: 60, end: 60, step: 1, series: #"{app="a"}"#) == [20])
        // Welford over 1.5, 10, 2.5, 20.
        let values = [1.5, 10, 2.5, 20.0]
        var mean = 0.0, aux = 0.0, count = 0.0
        for value in values { count += 1; let delta = value - mean; mean += delta / count; aux += delta * (value - mean) }
        #expect(try fixture.values("stdvar_over_time(" + query, start: 60, end: 60, step: 1, series: #"{app="a"}"#) == [aux / count])
        #expect(try fixture.values("quantile_over_time(0.5, " + query, start: 60, end: 60, step: 1, series: #"{app="a"}"#)
                == [(2.5 + 10) / 2])
    }

    @Test func offsetShiftsWindowsNotTimestamps() throws {
        let shifted = try fixture.series(#"count_over_time({pod="2"}[10s] offset 45s)"#, start: 60, end: 60, step: 1)
        #expect(shifted[#"{app="a", pod="2"}"#]?.map(\.0) == [60_000])
        #expect(shifted[#"{app="a", pod="2"}"#]?.map(\.1) == [1])
    }

    @Test func absentOverTimeUsesEqualityMatchers() throws {
        let absent = try fixture.series(#"absent_over_time({app="none", pod=~"x"}[10s])"#, start: 0, end: 20, step: 10)
        #expect(absent.keys.sorted() == [#"{app="none"}"#])
        #expect(absent[#"{app="none"}"#]?.map(\.1) == [1, 1, 1])
        let partial = try fixture.series(#"absent_over_time({app="a", pod="1"}[5s])"#, start: 5, end: 25, step: 5)
        #expect(partial[#"{app="a", pod="1"}"#]?.map(\.0) == [5_000, 15_000, 25_000])
    }

    @Test func seriesLimit() throws {
        var streams: [(Labels, [(Int64, String)])] = []
        for index in 0..<3 { streams.append((["app": "b", "i": "\(index)"], [(s(1), "x")])) }
        let small = try LogFixture(streams)
        let engine = LogQLEngine(limits: LogQLLimits(maxSeries: 2))
        let query = try LogQLParser().parse(#"count_over_time({app="b"}[1m])"#)
        #expect(throws: LogQLError(.limit, "maximum of series (2) reached for a single query")) {
            try engine.instantQuery(query, at: s(30), on: small.store.snapshot())
        }
        #expect(throws: LogQLError(.limit, "maximum of series (2) reached for a single query")) {
            try engine.rangeQuery(query, grid: LogQLStepGrid(startNanos: s(30), endNanos: s(90), stepNanos: s(30)),
                                  on: small.store.snapshot())
        }
    }
}
