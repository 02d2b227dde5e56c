import Testing
import VigilCore
import VigilEngine

@Suite struct OperatorTests {
    @Test func sumIsKahanCompensated() throws {
        let snapshot = try makeStore(["x{i=\"a\"} 1e100", "x{i=\"b\"} 1", "x{i=\"c\"} -1e100"], interval: 60_000)
            .snapshot()
        // Naive summation gives 0; Prometheus's compensated sum gives 1.
        #expect(vectorValues(try testEngine.instantQuery("sum(x)", at: 0, on: snapshot)) == [Labels(): 1])
    }

    @Test func aggregationGroups() throws {
        let snapshot = try makeStore([
            "r{job=\"a\",i=\"1\"} 1", "r{job=\"a\",i=\"2\"} 3", "r{job=\"b\",i=\"1\"} 10",
        ], interval: 60_000).snapshot()
        #expect(vectorValues(try testEngine.instantQuery("avg by (job) (r)", at: 0, on: snapshot))
            == [["job": "a"]: 2, ["job": "b"]: 10])
        #expect(vectorValues(try testEngine.instantQuery("count without (i) (r)", at: 0, on: snapshot))
            == [["job": "a"]: 2, ["job": "b"]: 1])
        let top = try testEngine.instantQuery("topk(2, r)", at: 0, on: snapshot)
        guard case .vector(let samples) = top.value else { Issue.record("expected a vector"); return }
        #expect(samples.map(\.value) == [10, 3])
    }

    @Test func matchingErrors() throws {
        let snapshot = try makeStore([
            "a{x=\"1\",y=\"1\"} 1", "a{x=\"1\",y=\"2\"} 2", "b{x=\"1\"} 10", "c{x=\"1\",z=\"1\"} 1", "c{x=\"1\",z=\"2\"} 1",
        ], interval: 60_000).snapshot()
        #expect(throws: QueryFailure.self) { try testEngine.instantQuery("a + on(x) b", at: 0, on: snapshot) }
        do {
            _ = try testEngine.instantQuery("a + on(x) b", at: 0, on: snapshot)
        } catch {
            #expect(error.error.description
                == "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)")
        }
        do {
            _ = try testEngine.instantQuery("b + on(x) c", at: 0, on: snapshot)
            Issue.record("expected an error")
        } catch {
            #expect(error.error.description == "found duplicate series for the match group {x=\"1\"} on the right "
                + "hand-side of the operation: [{__name__=\"c\", x=\"1\", z=\"2\"}, {__name__=\"c\", x=\"1\", z=\"1\"}]"
                + ";many-to-many matching not allowed: matching labels must be unique on one side")
        }
        // group_left: the "many" side keeps its labels, values combine per match.
        #expect(vectorValues(try testEngine.instantQuery("a + on(x) group_left b", at: 0, on: snapshot))
            == [["x": "1", "y": "1"]: 11, ["x": "1", "y": "2"]: 12])
    }

    @Test func comparisonsFilterOrReturnBool() throws {
        let snapshot = try makeStore(["m{i=\"1\"} 1", "m{i=\"2\"} 5"], interval: 60_000).snapshot()
        #expect(vectorValues(try testEngine.instantQuery("m > 2", at: 0, on: snapshot)) == [["__name__": "m", "i": "2"]: 5])
        #expect(vectorValues(try testEngine.instantQuery("m > bool 2", at: 0, on: snapshot))
            == [["i": "1"]: 0, ["i": "2"]: 1])
        #expect(vectorValues(try testEngine.instantQuery("m and on() vector(1)", at: 0, on: snapshot)).count == 2)
        #expect(vectorValues(try testEngine.instantQuery("m unless m{i=\"1\"}", at: 0, on: snapshot))
            == [["__name__": "m", "i": "2"]: 5])
    }

    @Test func nameDroppingCollisionIsAnError() throws {
        let snapshot = try makeStore(["a{i=\"1\"} 1", "b{i=\"1\"} 2"], interval: 60_000).snapshot()
        do {
            _ = try testEngine.instantQuery("-{i=\"1\"}", at: 0, on: snapshot)
            Issue.record("expected an error")
        } catch {
            #expect(error.error.description == "vector cannot contain metrics with the same labelset")
        }
    }
}
