import Testing
import VigilCore
@testable import VigilStorage

/// Expected values follow Prometheus's `ParseSeriesDesc` grammar and the
/// examples in promtool's unit-testing documentation.
@Suite struct SeriesDescriptionTests {
    func values(_ text: String) throws -> [SeriesValue] { try SeriesDescription.parse(text).values }
    func floats(_ list: [Double]) -> [SeriesValue] { list.map { .float($0) } }

    @Test func labelsInEveryForm() throws {
        #expect(try SeriesDescription.parse(#"metric{a="b", c='d',} 1"#).labels == ["__name__": "metric", "a": "b", "c": "d"])
        #expect(try SeriesDescription.parse(#"{__name__="x"} 1"#).labels == ["__name__": "x"])
        #expect(try SeriesDescription.parse(#"{"my.metric", "a.b"="c\n"} 1"#).labels == ["__name__": "my.metric", "a.b": "c\n"])
        #expect(try SeriesDescription.parse("sum{} 1").labels == ["__name__": "sum"])
        #expect(try SeriesDescription.parse("  job:rate5m 1").labels == ["__name__": "job:rate5m"])
        #expect(try SeriesDescription.parse("m").values.isEmpty)
    }

    @Test func expandingNotation() throws {
        #expect(try values("m 1 2 3") == floats([1, 2, 3]))
        #expect(try values("m 1+1x3") == floats([1, 2, 3, 4]))
        #expect(try values("m -2+4x3") == floats([-2, 2, 6, 10]))
        #expect(try values("m 1-2x4") == floats([1, -1, -3, -5, -7]))
        #expect(try values("m 1x4") == floats([1, 1, 1, 1, 1]))
        #expect(try values("m 1x0 _x0") == floats([1]))
        #expect(try values("m 1 _x3 stale") == [.float(1), .omitted, .omitted, .omitted, .stale])
        #expect(try values("m _ 2 ") == [.omitted, .float(2)])
        #expect(try values("m\t1 \t +2") == floats([1, 2]))
        // Repeated addition, not multiplication: 1.5 + 0.1 + 0.1 = 1.7000000000000002.
        #expect(try values("m 1.5+0.1x2") == floats([1.5, 1.6, 1.7000000000000002]))
    }

    @Test func numbersAreGoLiterals() throws {
        #expect(try values("m Inf -Inf +inf NaN nan") == [
            .float(.infinity), .float(-.infinity), .float(.infinity),
            .float(GoStrconv.goNaN), .float(GoStrconv.goNaN),
        ])
        #expect(try values("m 010 08 1_000 1e3 .5 5. 0 -0") == floats([8, 8, 1000, 1000, 0.5, 5, 0, -0.0]))
        #expect(try values("m -0").first == .float(-0.0))
        #expect(try values("m -0") != [.float(0)])
        // `0x10` is 0 repeated: hexadecimal is ambiguous in series values.
        #expect(try values("m 0x10") == Array(repeating: .float(0), count: 11))
        #expect(try values("m 99999999999999999999") == floats([1e20]))
    }

    @Test func staleArithmeticYieldsPlainNaN() throws {
        let points = try values("m stale+1x1")
        #expect(points.first == .stale)
        guard case .float(let next) = points[1] else { Issue.record("expected a float after stale"); return }
        #expect(next.isNaN && !StaleMarker.isStale(next))
    }

    @Test func nativeHistogramsAreParsedPast() throws {
        let parsed = try SeriesDescription.parse("m 1 {{schema:1 sum:3 count:22 buckets:[5 10 7]}} {{sum:1}}x2 {{count:1}}+{{count:2 counter_reset_hint:gauge}}x1 2")
        #expect(parsed.containsNativeHistograms)
        #expect(parsed.values.count == 1 + 1 + 3 + 2 + 1)
        #expect(parsed.values.first == .float(1))
        #expect(parsed.values.last == .float(2))
        #expect(parsed.values[1] == .histogram(NativeHistogramLiteral(text: "{{schema:1 sum:3 count:22 buckets:[5 10 7]}}")))
        #expect(parsed.values[5] == .histogram(NativeHistogramLiteral(text: "{{count:1}}+{{count:2 counter_reset_hint:gauge}}x1")))
        #expect(throws: SeriesDescription.ParseError(column: 5, message: #"bad histogram descriptor found: "foo""#)) {
            try SeriesDescription.parse("m {{foo:1}}")
        }
    }

    @Test func errorsNameTheColumn() {
        let cases: [(String, Int, String)] = [
            ("m 1 foo", 5, #"unexpected identifier "foo" in series values, expected number or "stale""#),
            ("m STALE", 3, #"unexpected identifier "STALE" in series values, expected number or "stale""#),
            ("m 1+1", 6, "unexpected end of input in series values"),
            ("m 1 2x", 7, "unexpected end of input in series values"),
            ("m 1a", 3, #"bad number syntax: "1""#),
            ("m 1x3.5", 5, #"invalid repetition in series values: strconv.ParseUint: parsing "3.5": invalid syntax"#),
            ("m 1e400", 3, #"error parsing number: strconv.ParseFloat: parsing "1e400": value out of range"#),
            ("m sum", 3, "unexpected <sum> in series values"),
            ("m 1,2", 4, "unexpected character in series sequence: ','"),
            ("m 1x2x3", 6, #"unexpected "x" in series values"#),
            ("bool 1", 1, #"unexpected "bool", expected metric name"#),
            (#"m{a="b" 1"#, 9, #"unexpected '1' in label set, expected "," or "}""#),
            (#"m{a="b"#, 5, "unterminated quoted string"),
            ("", 1, "unexpected end of input, expected a series description"),
            ("m 1x99999999999", 3, "series values expand to more than 10000000 points"),
        ]
        for (text, column, message) in cases {
            #expect(throws: SeriesDescription.ParseError(column: column, message: message), "\(text)") {
                try SeriesDescription.parse(text)
            }
        }
        #expect(SeriesDescription.ParseError(column: 5, message: "x").description == "1:5: parse error: x")
    }

    @Test func loadPlacesPointsAtIntervals() throws {
        let store = SeriesStore()
        let parsed = try SeriesDescription.parse(#"my_metric{env="prod"} 5 2+3x2 _ stale {{schema:1 sum:3 count:22 buckets:[5 10 7]}}"#)
        let result = store.load(parsed, interval: 60_000)
        #expect(result.appended == 5)
        #expect(result.skippedNativeHistograms == 1)
        #expect(result.rejected.isEmpty)
        let snapshot = store.snapshot()
        let columns = snapshot.samples(try #require(snapshot.seriesID(for: ["__name__": "my_metric", "env": "prod"])), from: .min, through: .max)
        #expect(columns.timestamps == [0, 60_000, 120_000, 180_000, 300_000])
        #expect(columns.values.prefix(4) == [5, 2, 5, 8])
        #expect(StaleMarker.isStale(columns.values[4]))
        // Loading the same series again collides with its samples.
        let again = store.load(try SeriesDescription.parse("my_metric{env='prod'} 1"), interval: 60_000)
        #expect(again.rejected.map(\.error.kind) == [.outOfOrder(newest: 300_000)])
    }

    @Test func notationFileReportsEachBadLine() throws {
        let store = SeriesStore()
        let text = """
        # series recording
        up{job="a"} 1 2 3

        up{job="b"} 1 oops 3
        up{job="c"} 0+10x2
        up{job="a"} 7
        """
        // zstd-compressed, as recordings are often kept.
        let compressed = try Zstd.compress(Array(text.utf8))
        let report = SeriesNotationReader.read(compressed, name: "rec.series", into: store, start: 1_000, interval: 15_000)
        #expect(report.stored == 6)
        #expect(report.errors.map(\.description) == [
            #"rec.series:4:15: unexpected identifier "oops" in series values, expected number or "stale""#,
            #"rec.series:6: point 1: out of order sample: timestamp 1000 for series up{job="a"} is older than its newest sample at 31000"#,
        ])
    }
}
