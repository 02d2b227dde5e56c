import Testing
import VigilCore
import VigilEngine
import VigilStorage

/// Loki's API JSON (`pkg/util/marshal/query.go`): streams ordered by their
/// label text, lines HTML-escaped, labels not, `model.Time` seconds.
@Suite struct LokiJSONTests {
    @Test func streams() {
        let result = LogQLResult.streams([
            LogStreamResult(labels: ["a": "x", "b": "y"], entries: [.init(timestamp: 2, line: "<b>&\"\n")]),
            LogStreamResult(labels: ["a": "x"], entries: [.init(timestamp: 1_700_000_000_123_456_789, line: "é")]),
        ])
        // `{a="x", b="y"}` sorts before `{a="x"}` as text (',' < '}').
        #expect(LokiJSON.encode(result) == #"{"status":"success","data":{"resultType":"streams","result":["#
            + #"{"stream":{"a":"x","b":"y"},"values":[["2","\u003cb\u003e\u0026\"\n"]]},"#
            + #"{"stream":{"a":"x"},"values":[["1700000000123456789","é"]]}]}}"#)
    }

    @Test func samples() {
        let vector = LogQLResult.vector([LogQLSeries(labels: ["a": "<x>"], stepIndices: [0], values: [0.25],
                                                     timestampsMillis: [1_700_000_000_500])])
        #expect(LokiJSON.encode(vector) == #"{"status":"success","data":{"resultType":"vector","result":["#
            + #"{"metric":{"a":"<x>"},"value":[1700000000.5,"0.25"]}]}}"#)
        let matrix = LogQLResult.matrix([LogQLSeries(labels: [:], stepIndices: [0, 1], values: [.nan, .infinity],
                                                     timestampsMillis: [60_000, 120_050])])
        #expect(LokiJSON.encode(matrix) == #"{"status":"success","data":{"resultType":"matrix","result":["#
            + #"{"metric":{},"values":[[60,"NaN"],[120.05,"+Inf"]]}]}}"#)
        #expect(LokiJSON.encode(.scalar(timestampMillis: 5_000, value: -2))
            == #"{"status":"success","data":{"resultType":"scalar","result":[5,"-2"]}}"#)
        #expect(LokiJSON.encode(error: "parse error: \"x\"") == #"{"status":"error","error":"parse error: \"x\""}"#)
    }
}
