import Testing
import VigilCore
import VigilEngine

@Suite struct PrometheusJSONTests {
    @Test func vectorWithInfo() throws {
        let snapshot = try makeStore(["x{a=\"<b>\"} 0 30"], interval: 30_000).snapshot()
        let result = try testEngine.instantQuery("rate(x[1m])", at: 30_500, on: snapshot)
        // (30 − 0) over 30s, extrapolated: start gap 0.5s, zero point 0s back → 0s;
        // end gap 0.5s → factor (30 + 0 + 0.5) / 30 / 60.
        #expect(PrometheusJSON.encode(result) == #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":"\u003cb\u003e"},"value":[30.500,"0.5083333333333333"]}]},"infos":["PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \"x\" (1:6)"]}"#)
    }

    @Test func scalarAndError() throws {
        let snapshot = try makeStore([], interval: 1).snapshot()
        #expect(PrometheusJSON.encode(try testEngine.instantQuery("1.5", at: 2000, on: snapshot))
            == #"{"status":"success","data":{"resultType":"scalar","result":[2,"1.5"]}}"#)
        do {
            _ = try testEngine.instantQuery("sum(", at: 0, on: snapshot)
        } catch {
            #expect(PrometheusJSON.encode(error).hasPrefix(#"{"status":"error","errorType":"bad_data","error":"1:5: parse error"#))
        }
    }
}
