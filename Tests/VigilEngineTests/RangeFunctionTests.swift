import Testing
import VigilCore
import VigilEngine

/// Expected values worked out by hand from Prometheus's `extrapolatedRate`,
/// `instantValue`, `funcResets` and `funcChanges`.
@Suite struct RangeFunctionTests {
    // Samples every 15s: 0 10 20 30 40 at t = 0..60s.
    let counter = ["x_total 0 10 20 30 40"]

    @Test func rateExtrapolatesToTheWindowStart() throws {
        let snapshot = try makeStore(counter, interval: 15_000).snapshot()
        // Window (0s, 60s]: 15s..60s → 10..40. Increase 30 over 45s; the
        // start is 15s away (< 1.1 × 15s) so extrapolate fully; zero point is
        // 45 × 10/30 = 15s back, not closer. Factor (45 + 15 + 0) / 45.
        let increase = try testEngine.instantQuery("increase(x_total[1m])", at: 60_000, on: snapshot)
        #expect(vectorValues(increase) == [Labels(): 40])
        let rate = try testEngine.instantQuery("rate(x_total[1m])", at: 60_000, on: snapshot)
        #expect(vectorValues(rate) == [Labels(): 40.0 / 60])
    }

    @Test func counterResetsAreAddedBack() throws {
        let snapshot = try makeStore(["x_total 0 10 20 5 15"], interval: 15_000).snapshot()
        // Window 15s..60s: 10 20 5 15 → 15 − 10 + 20 (reset) = 25, × 60/45.
        let increase = try testEngine.instantQuery("increase(x_total[1m])", at: 60_000, on: snapshot)
        #expect(vectorValues(increase) == [Labels(): 25.0 * ((45.0 + 15.0 + 0.0) / 45.0)])
        #expect(vectorValues(try testEngine.instantQuery("resets(x_total[1m])", at: 60_000, on: snapshot))
            == [Labels(): 1])
        #expect(vectorValues(try testEngine.instantQuery("changes(x_total[1m])", at: 60_000, on: snapshot))
            == [Labels(): 3])
        // irate over the last two samples: 5 → 15 in 15s.
        #expect(vectorValues(try testEngine.instantQuery("irate(x_total[1m])", at: 60_000, on: snapshot))
            == [Labels(): 10.0 / 15])
    }

    @Test func deltaExtrapolatesHalfAnIntervalWhenTheSeriesStartsLate() throws {
        // Samples at 40s, 50s, 60s only: 1 2 3.
        let snapshot = try makeStore(["g _ _ _ _ 1 2 3"], interval: 10_000).snapshot()
        // Start gap 40s ≥ 1.1 × 10s → extrapolate 5s; factor (20 + 5) / 20.
        let delta = try testEngine.instantQuery("delta(g[1m])", at: 60_000, on: snapshot)
        #expect(vectorValues(delta) == [Labels(): 2.5])
    }

    @Test func overTimeFunctionsOnOneWindow() throws {
        let snapshot = try makeStore(["g 5 1 NaN 3"], interval: 10_000).snapshot()
        func value(_ query: String) throws -> Double? {
            vectorValues(try testEngine.instantQuery(query, at: 30_000, on: snapshot))[Labels()]
        }
        #expect(try value("count_over_time(g[1m])") == 4)
        #expect(try value("max_over_time(g[1m])") == 5)  // NaN loses to any number
        #expect(try value("min_over_time(g[1m])") == 1)
        // last_over_time and first_over_time keep the metric name.
        let name: Labels = ["__name__": "g"]
        #expect(vectorValues(try testEngine.instantQuery("last_over_time(g[1m])", at: 30_000, on: snapshot)) == [name: 3])
        #expect(vectorValues(try testEngine.instantQuery("first_over_time(g[1m])", at: 30_000, on: snapshot)) == [name: 5])
        #expect(try value("sum_over_time(g[1m])")?.isNaN == true)
        // Left-open window: at 30s a 20s range holds 20s and 30s only.
        #expect(try value("count_over_time(g[20s])") == 2)
    }

    @Test func slidingMaximumMatchesAFreshScanAtEveryStep() throws {
        let values = [3.0, 9, 2, 7, 7, 1, 8, 4, 6, 5, 0, 2]
        let snapshot = try makeStore(["g " + values.map { String(Int($0)) }.joined(separator: " ")], interval: 10_000)
            .snapshot()
        let result = try testEngine.rangeQuery("max_over_time(g[30s])", start: 0, end: 110_000, step: 10_000,
                                               on: snapshot)
        guard case .matrix(let series) = result.value, let only = series.first else {
            Issue.record("expected a matrix"); return
        }
        // Window (t − 30s, t]: the last three samples up to t.
        let expected = values.indices.map { index in values[max(0, index - 2)...index].max() ?? 0 }
        #expect(only.values == expected)
    }
}
