import Testing
import VigilCore
import VigilEngine

@Suite struct SelectorTests {
    @Test func lookbackWindowIsLeftOpen() throws {
        let snapshot = try makeStore(["x 1"], interval: 60_000).snapshot()
        // Default lookback 5m: the sample at 0 is visible through 5m − 1ms, not at 5m.
        #expect(vectorValues(try testEngine.instantQuery("x", at: 299_999, on: snapshot)).count == 1)
        #expect(vectorValues(try testEngine.instantQuery("x", at: 300_000, on: snapshot)).isEmpty)
    }

    @Test func staleMarkerEndsTheSeries() throws {
        let snapshot = try makeStore(["x 1 stale"], interval: 30_000).snapshot()
        #expect(vectorValues(try testEngine.instantQuery("x", at: 20_000, on: snapshot)) == [["__name__": "x"]: 1])
        #expect(vectorValues(try testEngine.instantQuery("x", at: 60_000, on: snapshot)).isEmpty)
        // Stale markers never enter ranges.
        #expect(vectorValues(try testEngine.instantQuery("count_over_time(x[1m])", at: 30_000, on: snapshot))
            == [Labels(): 1])
    }

    @Test func offsetAndAtModifier() throws {
        let snapshot = try makeStore(["x 0 1 2 3 4 5"], interval: 60_000).snapshot()
        #expect(vectorValues(try testEngine.instantQuery("x offset 2m", at: 300_000, on: snapshot))
            == [["__name__": "x"]: 3])
        #expect(vectorValues(try testEngine.instantQuery("x offset -1m", at: 120_000, on: snapshot))
            == [["__name__": "x"]: 3])
        #expect(vectorValues(try testEngine.instantQuery("x @ 60", at: 300_000, on: snapshot))
            == [["__name__": "x"]: 1])
        let range = try testEngine.rangeQuery("x @ end()", start: 0, end: 240_000, step: 60_000, on: snapshot)
        guard case .matrix(let series) = range.value else { Issue.record("expected a matrix"); return }
        #expect(series.first?.values == [4, 4, 4, 4, 4])
    }

    @Test func subqueryStepsAreAlignedToTheEpoch() throws {
        let snapshot = try makeStore([], interval: 60_000).snapshot()
        // (10s, 70s] holds the multiples of 20s: 20s, 40s, 60s.
        #expect(vectorValues(try testEngine.instantQuery("count_over_time(vector(1)[1m:20s])", at: 70_000,
                                                         on: snapshot)) == [Labels(): 3])
        // Multiples of 25s in (10s, 70s]: 25s, 50s.
        #expect(vectorValues(try testEngine.instantQuery("count_over_time(vector(1)[1m:25s])", at: 70_000,
                                                         on: snapshot)) == [Labels(): 2])
    }
}
