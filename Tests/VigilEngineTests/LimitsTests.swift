import Testing
import VigilCore
import VigilEngine

@Suite struct LimitsTests {
    @Test func sampleCapFailsTheQuery() throws {
        let snapshot = try makeStore(["x " + Array(repeating: "1", count: 100).joined(separator: " ")], interval: 15_000)
            .snapshot()
        let engine = Engine(options: EngineOptions(maxSamples: 50))
        do {
            _ = try engine.instantQuery("sum_over_time(x[1h])", at: 1_500_000, on: snapshot)
            Issue.record("expected the sample cap to be hit")
        } catch {
            #expect(error.error == .tooManySamples)
            #expect(error.error.description
                == "query processing would load too many samples into memory in query execution")
        }
        // The same query fits a larger cap.
        let roomy = Engine(options: EngineOptions(maxSamples: 1000))
        #expect(vectorValues(try roomy.instantQuery("sum_over_time(x[1h])", at: 1_500_000, on: snapshot))
            == [Labels(): 100])
    }

    @Test func cancellationAndTimeout() throws {
        let snapshot = try makeStore(["x 1 2 3"], interval: 15_000).snapshot()
        let token = CancellationToken()
        token.cancel()
        do {
            _ = try Engine().instantQuery("x", at: 0, on: snapshot, cancellation: token)
            Issue.record("expected cancellation")
        } catch {
            #expect(error.error == .cancelled)
        }
        let impatient = Engine(options: EngineOptions(timeout: .zero))
        do {
            _ = try impatient.rangeQuery("rate(x[1m])", start: 0, end: 60_000, step: 1000, on: snapshot)
            Issue.record("expected a timeout")
        } catch {
            #expect(error.error == .timeout)
        }
    }
}
