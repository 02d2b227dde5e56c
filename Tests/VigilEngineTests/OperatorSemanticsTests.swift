import Testing
import VigilCore
import VigilEngine

/// The shared vector operators with Loki's semantics (`OperatorSemantics.loki`)
/// against the same queries with Prometheus's. Expected values follow the
/// arithmetic of Loki's `VectorAggEvaluator` and `MergeBinOp` and of
/// Prometheus's engine, worked out by hand (or in IEEE doubles, step by step).
@Suite struct OperatorSemanticsTests {
    let prometheus = Engine(options: EngineOptions(), parserOptions: .all)
    let loki = Engine(options: EngineOptions(semantics: .loki), parserOptions: .all)

    func values(_ engine: Engine, _ query: String, _ lines: [String]) throws -> [Labels: Double] {
        vectorValues(try engine.instantQuery(query, at: 0, on: try makeStore(lines, interval: 60_000).snapshot()))
    }

    @Test func sumsAddPlainly() throws {
        let series = ["x{i=\"a\"} 1e100", "x{i=\"b\"} 1", "x{i=\"c\"} -1e100"]
        // Loki: (1e100 + 1) + -1e100 = 0 in doubles; Prometheus's Kahan sum keeps the 1.
        #expect(try values(loki, "sum(x)", series) == [Labels(): 0])
        #expect(try values(prometheus, "sum(x)", series) == [Labels(): 1])
        let tenths = ["x{i=\"a\"} 0.1", "x{i=\"b\"} 0.2", "x{i=\"c\"} 0.3"]
        #expect(try values(loki, "sum(x)", tenths) == [Labels(): 0.6000000000000001])
        #expect(try values(prometheus, "sum(x)", tenths) == [Labels(): 0.6])
    }

    @Test func averagesAreIncrementalMeans() throws {
        // mean = 0.1; + (0.2 - 0.1) / 2; + (0.7 - mean) / 3 = 0.33333333333333337,
        // where Prometheus's compensated sum / 3 gives 0.3333333333333333.
        let series = ["x{i=\"a\"} 0.1", "x{i=\"b\"} 0.2", "x{i=\"c\"} 0.7"]
        #expect(try values(loki, "avg(x)", series) == [Labels(): 0.33333333333333337])
        #expect(try values(prometheus, "avg(x)", series) == [Labels(): 0.3333333333333333])
    }

    @Test func varianceOfAnInfiniteFirstValue() throws {
        // Loki starts Welford's sum at 0 whatever the first value: sqrt(0 / 1).
        #expect(try values(loki, "stddev(x)", ["x{i=\"a\"} +Inf"]) == [Labels(): 0])
        #expect(try values(prometheus, "stddev(x)", ["x{i=\"a\"} +Inf"])[Labels()]?.isNaN == true)
    }

    @Test func divisionByZeroIsNaN() throws {
        let series = ["x{i=\"a\"} 1", "zero{i=\"a\"} 0"]
        #expect(try values(loki, "x / 0", series)[["__name__": "x", "i": "a"]]?.isNaN == true)
        #expect(try values(prometheus, "x / 0", series) == [["i": "a"]: .infinity])
        // ignoring(__name__) matches x with zero and, as the matching labels go, drops the name.
        #expect(try values(loki, "x / ignoring(__name__) zero", series)[["i": "a"]]?.isNaN == true)
        #expect(try values(prometheus, "x / zero", series) == [["i": "a"]: .infinity])
    }

    @Test func namesAreOrdinaryLabels() throws {
        let series = ["x{i=\"a\"} 2", "y{i=\"a\"} 3"]
        // Arithmetic and bool keep __name__; without on/ignoring the name takes part in matching.
        #expect(try values(loki, "x * 2", series) == [["__name__": "x", "i": "a"]: 4])
        #expect(try values(loki, "x > bool 1", series) == [["__name__": "x", "i": "a"]: 1])
        #expect(try values(loki, "x + y", series) == [:])
        #expect(try values(loki, "x + ignoring(__name__) y", series) == [["i": "a"]: 5])
        #expect(try values(prometheus, "x + y", series) == [["i": "a"]: 5])
    }

    @Test func topkPopsAndPushes() throws {
        // Both values NaN: Prometheus keeps the first (a NaN root is replaced
        // only by a number); Loki pops the NaN root and pushes the second.
        let series = ["x{i=\"a\"} NaN", "x{i=\"b\"} NaN"]
        #expect(try values(prometheus, "topk(1, x)", series).keys.map { $0.get("i") } == ["a"])
        #expect(try values(loki, "topk(1, x)", series).keys.map { $0.get("i") } == ["b"])
    }

    @Test func duplicatesOnTheOneSideFailWithoutAPartner() throws {
        // y has two series for j="2", which no x series matches.
        let series = ["x{j=\"1\"} 1", "y{j=\"2\",k=\"a\"} 1", "y{j=\"2\",k=\"b\"} 1"]
        #expect(try values(prometheus, "x + on(j) y", series) == [:])
        do {
            _ = try values(loki, "x + on(j) y", series)
            Issue.record("expected Loki's duplicate-series error")
        } catch let failure as QueryFailure {
            #expect(failure.error.description == "found duplicate series on the right hand-side;many-to-many "
                + "matching not allowed: matching labels must be unique on one side")
        }
        do {
            _ = try values(loki, "y + on(j) group_right x", series)
            Issue.record("expected Loki's duplicate-series error")
        } catch let failure as QueryFailure {
            #expect(failure.error.description.hasPrefix("found duplicate series on the left hand-side;"))
        }
    }
}
