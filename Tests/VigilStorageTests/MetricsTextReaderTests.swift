import Foundation
import Testing
import VigilCore
@testable import VigilStorage

@Suite struct MetricsTextReaderTests {
    func samples(_ store: SeriesStore, _ labels: Labels) throws -> SampleColumns {
        let snapshot = store.snapshot()
        return snapshot.samples(try #require(snapshot.seriesID(for: labels)), from: .min, through: .max)
    }

    @Test func openMetricsTimestampsAreSecondsTruncatedToMilliseconds() throws {
        let text = #"""
        # HELP http_requests_total The total.
        # TYPE http_requests_total counter
        # UNIT http_requests_total requests
        http_requests_total{code="200",method="post"} 1027 1700000000.123
        http_requests_total{code="200",method="post"} 1028.5 1700000015
        http_requests_total{code="400"} 3 1700000000 # {trace_id="abc"} 1 1700000000.5
        temp{loc="a b\"c\\d\ne"} -1.5e-7 1700000000
        temp{loc="nan"} NaN 1700000002
        temp{loc="inf"} +Inf 1.7e9
        up 1 1700000000.0019
        {"service.up","k.e.y"="v"} 0 -1.5
        up_total{} 3 1700000000.000
        # EOF
        """#
        let store = SeriesStore()
        let report = MetricsTextReader.read(Array(text.utf8), name: "x.om", into: store)
        #expect(report.errors == [])
        #expect(report.stored == 9)
        #expect(try samples(store, ["__name__": "http_requests_total", "code": "200", "method": "post"])
            == SampleColumns(timestamps: [1_700_000_000_123, 1_700_000_015_000], values: [1027, 1028.5]))
        #expect(try samples(store, ["__name__": "http_requests_total", "code": "400"]).timestamps == [1_700_000_000_000])
        #expect(try samples(store, ["__name__": "temp", "loc": "a b\"c\\d\ne"]).values == [-1.5e-7])
        #expect(try samples(store, ["__name__": "temp", "loc": "nan"]).values.map(\.bitPattern) == [0x7FF8_0000_0000_0001])
        #expect(try samples(store, ["__name__": "temp", "loc": "inf"]) == SampleColumns(timestamps: [1_700_000_000_000], values: [.infinity]))
        // int64(1700000000.0019 * 1000) truncates to ...001, as Prometheus reads it.
        #expect(try samples(store, ["__name__": "up"]).timestamps == [1_700_000_000_001])
        #expect(try samples(store, ["__name__": "service.up", "k.e.y": "v"]).timestamps == [-1_500])
        #expect(try samples(store, ["__name__": "up_total"]) == SampleColumns(timestamps: [1_700_000_000_000], values: [3]))
    }

    @Test func promtoolDumpFormatIsMilliseconds() throws {
        let text = #"""
        {__name__="http_requests_total", code="200", method="post"} 1027 1700000000123
        {__name__="http_requests_total", code="200", method="post"} 1028.5 1700000015000
        {__name__="temp", loc="m"} 1.23456789e+08 1700000004000
        {__name__="native", job="a"} {count:3, sum:5, [-1,-0.5):2, [0.5,1]:1} 1700000004000
        """#
        let store = SeriesStore()
        let report = MetricsTextReader.read(Array(text.utf8), name: "dump.txt", into: store)
        #expect(report.errors == [])
        #expect(report.stored == 3)
        #expect(report.skippedNativeHistograms == 1)
        #expect(try samples(store, ["__name__": "http_requests_total", "code": "200", "method": "post"])
            == SampleColumns(timestamps: [1_700_000_000_123, 1_700_000_015_000], values: [1027, 1028.5]))
        #expect(try samples(store, ["__name__": "temp", "loc": "m"]).values == [123_456_789])
    }

    @Test func badLinesAreReportedAndTheRestLands() throws {
        let text = #"""
        # TYPE m gauge
        # TYPE m wrong
        m{a="1"} 1 100
        bad line here
        m{a="1"} notanumber 123
        m{a="1",a="2"} 1 5
        m{a="1"} 2 50
        m{a="1"} 3 100
        m 1
        m{a="1"} 4 200 300
        {a="1"} 1 5
        m{a="1} 1 5
        m 0x1p3 7
        m 1_0 7
        m{a="1"} 5 1.5
        m{a="2"} 6 300
        """#
        let store = SeriesStore()
        let report = MetricsTextReader.read(Array(text.utf8), name: "bad.prom", into: store)
        #expect(report.errors.map(\.description) == [
            #"bad.prom:2:1: invalid metric type "wrong""#,
            #"bad.prom:4:5: bad value: strconv.ParseFloat: parsing "line": invalid syntax"#,
            #"bad.prom:5:10: bad value: strconv.ParseFloat: parsing "notanumber": invalid syntax"#,
            #"bad.prom:6:1: duplicate label name "a""#,
            #"bad.prom:7: out of order sample: timestamp 50 for series m{a="1"} is older than its newest sample at 100"#,
            #"bad.prom:8: duplicate sample for timestamp 100 for series m{a="1"}: stored value 1, new value 3"#,
            #"bad.prom:9:3: sample has no timestamp"#,
            #"bad.prom:10:16: unexpected '3' after the sample, expected end of line"#,
            #"bad.prom:11:1: sample has no metric name"#,
            #"bad.prom:12:5: unterminated quoted string"#,
            #"bad.prom:13:3: unsupported character in float value "0x1p3""#,
            #"bad.prom:14:3: unsupported character in float value "1_0""#,
            #"bad.prom:15:12: bad timestamp: strconv.ParseInt: parsing "1.5": invalid syntax"#,
        ])
        #expect(report.stored == 2)
        #expect(try samples(store, ["__name__": "m", "a": "2"]) == SampleColumns(timestamps: [300], values: [6]))
    }

    @Test func contentAfterEOFAndDefaultTimestamps() throws {
        let store = SeriesStore()
        let report = MetricsTextReader.read(Array("a 1\n# EOF\nb 2 3\n".utf8), name: "t.om", defaultTimestamp: 42, into: store)
        #expect(report.errors.map(\.description) == ["t.om:3: unexpected content after # EOF"])
        #expect(try samples(store, ["__name__": "a"]) == SampleColumns(timestamps: [42], values: [1]))
    }

    @Test func zstdInputIsReadTransparently() throws {
        let store = SeriesStore()
        let compressed = try Zstd.compress(Array("up{job=\"a\"} 1 1000\n".utf8))
        let report = MetricsTextReader.read(compressed, name: "up.prom.zst", into: store)
        #expect(report.stored == 1)
        #expect(try samples(store, ["__name__": "up", "job": "a"]) == SampleColumns(timestamps: [1000], values: [1]))
    }
}
