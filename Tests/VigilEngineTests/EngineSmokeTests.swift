import Testing
import VigilCore
import VigilEngine
import VigilStorage

@Suite struct EngineSmokeTests {
    @Test func instantSelectorReturnsLatestSample() throws {
        let store = SeriesStore()
        try store.append(["__name__": "up", "job": "a"], timestamp: 0, value: 1)
        try store.append(["__name__": "up", "job": "a"], timestamp: 60_000, value: 2)
        let result = try Engine().instantQuery("up", at: 90_000, on: store.snapshot())
        #expect(result.value == .vector([VectorSample(labels: ["__name__": "up", "job": "a"], time: 90_000, value: 2)]))
    }
}
