import Testing
import VigilCore
@testable import VigilEngine
import VigilSyntax

/// LogQL metric expressions above the range aggregations — vector
/// aggregations, binary operators, `label_replace`, `vector()`, literals,
/// `sort` — evaluated on the PromQL engine's operators with Loki's
/// semantics. Expected values are worked out from Loki's evaluator
/// (`pkg/logql/evaluator.go`, `engine.go`, `syntax.MergeBinOp`).
@Suite struct MetricExpressionTests {
    let fixture: LogFixture

    /// In the window (0s, 60s]: api/prod 3 lines (2 with "error"), api/dev 2
    /// (1 with "error"), web/prod 2 (none); num/a holds 1 and 1, num/b 1e16.
    init() throws {
        fixture = try LogFixture([
            (["app": "api", "env": "prod"], [(s(10), "error a"), (s(20), "ok"), (s(30), "error b")]),
            (["app": "api", "env": "dev"], [(s(15), "ok"), (s(25), "error")]),
            (["app": "web", "env": "prod"], [(s(5), "ok"), (s(50), "ok")]),
            (["app": "num", "pod": "a"], [(s(10), #"{"v":"1"}"#), (s(30), #"{"v":"1"}"#)]),
            (["app": "num", "pod": "b"], [(s(20), #"{"v":"1e16"}"#)]),
        ])
    }

    func instant(_ query: String, at seconds: Int64 = 60) throws -> [LogQLSeries] {
        guard case .vector(let samples) = try fixture.instant(try LogQLParser().parse(query), at: s(seconds)) else {
            throw Unexpected.resultType
        }
        return samples
    }

    func values(_ query: String, at seconds: Int64 = 60) throws -> [String: Double] {
        var out: [String: Double] = [:]
        for sample in try instant(query, at: seconds) { out[sample.labels.description] = sample.values.first }
        return out
    }

    enum Unexpected: Error { case resultType }

    @Test func vectorAndLiterals() throws {
        let grid = LogQLStepGrid(startNanos: s(0), endNanos: s(120), stepNanos: s(60))
        guard case .matrix(let series) = try fixture.range(try LogQLParser().parse("vector(2)"), grid: grid) else {
            Issue.record("not a matrix"); return
        }
        #expect(series.map(\.labels) == [.empty])
        #expect(series.first?.timestampsMillis == [0, 60_000, 120_000])
        #expect(series.first?.values == [2, 2, 2])
        #expect(try fixture.instant(try LogQLParser().parse("1 + 2"), at: s(5)) == .scalar(timestampMillis: 5_000, value: 3))
        #expect(try values("vector(3)") == ["{}": 3])
        // A literal in a range query fills every step with one unlabelled series.
        guard case .matrix(let literal) = try fixture.range(try LogQLParser().parse("7"), grid: grid) else {
            Issue.record("not a matrix"); return
        }
        #expect(literal.map(\.values) == [[7, 7, 7]])
    }

    @Test func vectorAggregations() throws {
        #expect(try values(#"sum by (app) (count_over_time({env=~".+"}[1m]))"#)
                == [#"{app="api"}"#: 5, #"{app="web"}"#: 2])
        #expect(try values(#"sum without (env) (count_over_time({env=~".+"}[1m]))"#)
                == [#"{app="api"}"#: 5, #"{app="web"}"#: 2])
        #expect(try values(#"count(count_over_time({env=~".+"}[1m]))"#) == ["{}": 3])
        #expect(try values(#"avg by (env) (count_over_time({env=~".+"}[1m]))"#)
                == [#"{env="dev"}"#: 2, #"{env="prod"}"#: 2.5])
        #expect(try values(#"max(count_over_time({env=~".+"}[1m]))"#) == ["{}": 3])
        #expect(try values(#"min by (app) (count_over_time({env=~".+"}[1m]))"#)
                == [#"{app="api"}"#: 2, #"{app="web"}"#: 2])
        // Population variance of 3, 2, 2: mean 7/3, sum of squares 2/3, / 3.
        let variance = try values(#"stdvar(count_over_time({env=~".+"}[1m]))"#)["{}"] ?? 0
        #expect(abs(variance - 2.0 / 9.0) < 1e-15)
    }

    @Test func absentSeriesAggregate() throws {
        // absent_over_time is not among the operations a sum pushes its
        // grouping into: its one series keeps the selector's equality labels.
        let absent = #"absent_over_time({app="none", env=~"p.*"}[1m])"#
        #expect(try values(absent) == [#"{app="none"}"#: 1])
        #expect(try values("sum(\(absent))") == ["{}": 1])
        #expect(try values("count(\(absent))") == ["{}": 1])
        #expect(try values("sum by (app) (\(absent))") == [#"{app="none"}"#: 1])
        #expect(try values(#"sum(absent_over_time({app="web"}[1m])) or vector(0)"#) == ["{}": 0])
    }

    @Test func sumPushesItsGroupingIntoTheRangeAggregation() throws {
        // With the pushdown, num/a and num/b are one series whose samples
        // are summed in time order: (1 + 1e16) + 1 = 1e16 in doubles. Summed
        // per stream first it would be 2 + 1e16 = 10000000000000002.
        #expect(try values(#"sum(sum_over_time({app="num"} | json | unwrap v [1m]))"#) == ["{}": 1e16])
        // max does not push down: per-stream sums, then the larger.
        #expect(try values(#"max(sum_over_time({app="num"} | json | unwrap v [1m]))"#) == ["{}": 1e16])
        #expect(try values(#"sum by (pod) (sum_over_time({app="num"} | json | unwrap v [1m]))"#)
                == [#"{pod="a"}"#: 2, #"{pod="b"}"#: 1e16])
    }

    @Test func literalOperands() throws {
        #expect(try values(#"count_over_time({app="api"}[1m]) * 2 + 1"#)
                == [#"{app="api", env="dev"}"#: 5, #"{app="api", env="prod"}"#: 7])
        #expect(try values(#"10 - count_over_time({app="web"}[1m])"#) == [#"{app="web", env="prod"}"#: 8])
        // Comparisons filter and keep the vector's value on either side; bool gives 0 or 1.
        #expect(try values(#"count_over_time({app="api"}[1m]) > 2"#) == [#"{app="api", env="prod"}"#: 3])
        #expect(try values(#"2 < count_over_time({app="api"}[1m])"#) == [#"{app="api", env="prod"}"#: 3])
        #expect(try values(#"count_over_time({app="api"}[1m]) > bool 2"#)
                == [#"{app="api", env="dev"}"#: 0, #"{app="api", env="prod"}"#: 1])
        // bool changes nothing on arithmetic.
        #expect(try values(#"count_over_time({app="web"}[1m]) + bool 1"#) == [#"{app="web", env="prod"}"#: 3])
        // Loki's division guard: x / 0 is NaN, not +Inf.
        #expect(try values(#"count_over_time({app="web"}[1m]) / 0"#)[#"{app="web", env="prod"}"#]?.isNaN == true)
        let zero = #"(sum(count_over_time({app="web"}[1m])) - sum(count_over_time({app="web"}[1m])))"#
        #expect(try values(#"sum(count_over_time({app="web"}[1m])) / "# + zero)["{}"]?.isNaN == true)
    }

    @Test func vectorMatching() throws {
        let errors = #"count_over_time({env=~".+"} |= "error" [1m])"#
        #expect(try values(#"count_over_time({env=~".+"}[1m]) unless "# + errors).keys.sorted()
                == [#"{app="web", env="prod"}"#])
        #expect(try values(#"count_over_time({env=~".+"}[1m]) and "# + errors)
                == [#"{app="api", env="dev"}"#: 2, #"{app="api", env="prod"}"#: 3])
        #expect(try values(#"sum(count_over_time({app="none"}[1m])) or vector(0)"#) == ["{}": 0])
        #expect(try values(#"sum by (app, env) (count_over_time({env=~".+"}[1m])) / on (app) group_left "#
                           + #"sum by (app) (count_over_time({env=~".+"}[1m]))"#)
                == [#"{app="api", env="dev"}"#: 0.4, #"{app="api", env="prod"}"#: 0.6, #"{app="web", env="prod"}"#: 1])
        #expect(try values(#"count_over_time({env=~".+"}[1m]) - "# + errors)
                == [#"{app="api", env="dev"}"#: 1, #"{app="api", env="prod"}"#: 1])
        #expect(throws: LogQLError.self) {
            try instant(#"sum by (app) (count_over_time({env=~".+"}[1m])) + on (app) count_over_time({env=~".+"}[1m])"#)
        }
    }

    @Test func instantResultsAreOrderedByLabelsUnlessSorted() throws {
        let sums = #"sum by (app) (count_over_time({env=~".+"}[1m]))"#
        let either = #"sum by (app) (count_over_time({app="web"}[1m])) or sum by (app) (count_over_time({app="api"}[1m]))"#
        #expect(try instant(either).map(\.labels.description) == [#"{app="api"}"#, #"{app="web"}"#])
        #expect(try instant("sort(\(sums))").map(\.values) == [[2], [5]])
        #expect(try instant("sort_desc(\(sums))").map(\.values) == [[5], [2]])
        #expect(try instant("topk(1, \(sums))").map(\.labels.description) == [#"{app="api"}"#])
        #expect(try instant("bottomk(1, \(sums))").map(\.labels.description) == [#"{app="web"}"#])
    }

    @Test func labelReplace() throws {
        let query = #"label_replace(count_over_time({app="web"}[1m]), "svc", "$1-svc", "app", "(w.*)")"#
        #expect(try values(query) == [#"{app="web", env="prod", svc="web-svc"}"#: 2])
        let unchanged = #"label_replace(count_over_time({app="web"}[1m]), "svc", "$1", "app", "(x.*)")"#
        #expect(try values(unchanged) == [#"{app="web", env="prod"}"#: 2])
        // Series made equal are kept apart, as Loki keeps them.
        let merged = try instant(#"label_replace(count_over_time({app="api"}[1m]), "env", "x", "env", ".*")"#)
        #expect(merged.map(\.labels.description) == [#"{app="api", env="x"}"#, #"{app="api", env="x"}"#])
        #expect(merged.map(\.values).flatMap { $0 }.sorted() == [2, 3])
    }

    @Test func theSeriesLimitCountsTheResult() throws {
        let limited = LogQLEngine(limits: LogQLLimits(maxSeries: 2))
        let snapshot = fixture.store.snapshot()
        #expect(throws: LogQLError(.limit, "maximum of series (2) reached for a single query")) {
            try limited.instantQuery(try LogQLParser().parse(#"count_over_time({env=~".+"}[1m])"#), at: s(60), on: snapshot)
        }
        // Three series go in, two come out.
        guard case .vector(let sums) = try limited.instantQuery(
            try LogQLParser().parse(#"sum by (app) (count_over_time({env=~".+"}[1m]))"#), at: s(60), on: snapshot) else {
            Issue.record("not a vector"); return
        }
        #expect(sums.count == 2)
    }

    @Test func pointsCarryTheirLeftmostLeafsTime() throws {
        // t = 60.0002 s and an offset of 1.5 ms: the range aggregation stamps
        // (t - o)/1e6 + o/1e6 = 59998 + 1 ms, vector() stamps t/1e6 = 60000.
        let time: Int64 = 60_000_200_000
        let grid = LogQLStepGrid.instant(time)
        let offset = try LogQLParser().parse(#"count_over_time({app="web"}[1m] offset 1500us)"#)
        #expect(LogQLStepTimes.millis(offset, grid: grid) == [59_999])
        #expect(LogQLStepTimes.millis(try LogQLParser().parse("vector(1)"), grid: grid) == [60_000])
        let literalLeft = try LogQLParser().parse(#"2 * count_over_time({app="web"}[1m] offset 1500us)"#)
        #expect(LogQLStepTimes.millis(literalLeft, grid: grid) == [59_999])
        let binary = try LogQLParser().parse(#"vector(1) + sum(count_over_time({app="web"}[1m] offset 1500us))"#)
        #expect(LogQLStepTimes.millis(binary, grid: grid) == [60_000])
        guard case .vector(let samples) = try fixture.instant(offset, at: time) else { Issue.record("not a vector"); return }
        #expect(samples.first?.timestampsMillis == [59_999])
    }

    @Test func unusedLineFormatsAreDropped() throws {
        // `len 3` fails at execution (TemplateFormatErr). Loki's optimizer drops a
        // line_format no later parser or line filter reads, except under bytes_*.
        let failing = #"line_format "{{ len 3 }}""#
        #expect(try values(#"count_over_time({app="web"} | "# + failing + " [1m])") == [#"{app="web", env="prod"}"#: 2])
        #expect(try values(#"sum(rate({app="web"} | "# + failing + " [1m])) * 60") == ["{}": 2])
        for kept in [#"bytes_over_time({app="web"} | "# + failing + " [1m])",
                     #"count_over_time({app="web"} | "# + failing + #" |= "ok" [1m])"#] {
            do {
                _ = try instant(kept)
                Issue.record("expected a pipeline error for \(kept)")
            } catch let error as LogQLError {
                #expect(error.kind == .pipeline)
            }
        }
    }

    @Test func pipelineErrorsFailTheWholeQuery() throws {
        do {
            _ = try instant(#"count_over_time({app="api"} | json [1m]) > 0"#)
            Issue.record("expected a pipeline error")
        } catch let error as LogQLError {
            #expect(error.kind == .pipeline)
        }
        #expect(try values(#"count_over_time({app="api"} | json | __error__="" [1m]) > 0"#) == [:])
        // Under `sum` without grouping no label is needed, so Loki's parser
        // hints skip `| json` altogether and nothing fails.
        #expect(try values(#"sum(count_over_time({app="api"} | json [1m])) > 0"#) == ["{}": 5])
    }
}
