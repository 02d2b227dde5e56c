import Testing
import VigilSyntax

/// Every `eval` of Prometheus 3.14's conformance suite, parsed with all
/// experimental syntax on (Prometheus's test engine settings).
///
/// Prometheus's test runner parses each expression when it loads a test
/// file and rejects the file if one does not parse, so every expression in
/// the suite parses and type-checks in Prometheus, including the ones
/// marked `expect fail`: those fail when evaluated. They are listed below
/// with the reason, and must parse here too.
@Suite struct ConformanceParseTests {
    /// `expect fail` / `eval_fail` expressions, all rejected only at evaluation time.
    static let evaluationTimeFailures: [String: String] = [
        "topk(NaN, non_existent)": "the k parameter is checked when the aggregation runs: Parameter value is NaN",
        "limitk(NaN, non_existent)": "the k parameter is checked when the aggregation runs: Parameter value is NaN",
        "limit_ratio(NaN, non_existent)": "the ratio is checked when the aggregation runs: Ratio value is NaN",
        #"count_values("a\xc5z", version)"#: "the output label name is validated at evaluation: invalid label name",
        "ceil({__name__=~'testmetric1|testmetric2'})":
            "dropping the metric name leaves two series with one label set (a result property)",
        "changes({__name__=~'testmetric1|testmetric2'}[5m])":
            "dropping the metric name leaves two series with one label set (a result property)",
        "-{__name__=~'testmetric1|testmetric2'}":
            "dropping the metric name leaves two series with one label set (a result property)",
        #"-{job="api"}"#: "dropping the metric name leaves two series with one label set (a result property)",
        "deriv(foo[3m] smoothed)": "the engine allows smoothed only for delta, increase, rate",
        "resets(foo[3m] smoothed)": "the engine allows smoothed only for delta, increase, rate",
        "changes(foo[3m] smoothed)": "the engine allows smoothed only for delta, increase, rate",
        "max_over_time(foo[3m] smoothed)": "the engine allows smoothed only for delta, increase, rate",
        "predict_linear(foo[3m] smoothed, 4)": "the engine allows smoothed only for delta, increase, rate",
        "deriv(foo[3m] anchored)": "the engine allows anchored only for changes, delta, increase, rate, resets",
        "max_over_time(foo[3m] anchored)": "the engine allows anchored only for changes, delta, increase, rate, resets",
        "predict_linear(foo[3m] anchored, 4)":
            "the engine allows anchored only for changes, delta, increase, rate, resets",
        #"label_replace(testmetric, "dst", "value-$1", "src", "(.*")"#:
            "label_replace compiles its regex argument when it runs",
        #"label_replace(testmetric, "\xff", "", "src", "(.*)")"#:
            "label_replace validates the destination label name when it runs",
        #"label_replace(testmetric, "src", "", "", "")"#: "the result has duplicate label sets (a result property)",
        #"label_join(dup, "label", "", "this")"#: "the result has duplicate label sets (a result property)",
        #"label_replace(overlap, "idx", "same", "idx", ".*")"#: "the result has duplicate label sets (a result property)",
        #"label_join(overlap, "idx", ",", "label", "label")"#: "the result has duplicate label sets (a result property)",
        #"histogram_quantiles(testhistogram3, "start", 0, 0.25, 0.5, 0.75, 1)"#:
            "the quantile label collides with an existing label of the input series (data dependent)",
        #"histogram_quantiles(testhistogram3_bucket, "start", 0, 0.25, 0.5, 0.75, 1)"#:
            "the quantile label collides with an existing label of the input series (data dependent)",
        #"histogram_quantile(0.99, {__name__=~"request_duration_seconds\\d*_bucket"})"#:
            "buckets of different metrics collapse into one label set once names are dropped (data dependent)",
        #"histogram_quantiles({__name__=~"request_duration_seconds\\d*_bucket"}, "q", 0.99)"#:
            "buckets of different metrics collapse into one label set once names are dropped (data dependent)",
        #"histogram_quantile(0.99, {__name__=~"request_duration_seconds\\d*"})"#:
            "mixed float and histogram series collapse into one label set (data dependent)",
        #"histogram_quantiles({__name__=~"request_duration_seconds\\d*"}, "q", 0.99)"#:
            "mixed float and histogram series collapse into one label set (data dependent)",
        #"info(metric, {__name__="histogram"})"#: "info() rejects histogram info series when it runs",
        #"info(metric, {__name__=~".+_info"})"#: "the joined info series bring conflicting label values (data dependent)",
        #"sum by (__name__) (rate({env="1"}[10m]))"#:
            "grouping by __name__ after rate() drops names yields duplicate series (a result property)",
        "many_side > on(job) one_side": "many-to-one matching without group_left is detected on the data",
        "many_side >= on(job) one_side": "many-to-one matching without group_left is detected on the data",
        "many_side <= on(job) one_side": "many-to-one matching without group_left is detected on the data",
    ]

    @Test func everyExpressionParsesAndTypeChecks() throws {
        guard let directory = ConformanceSuite.directory else {
            print(ConformanceSuite.skipMessage)
            return
        }
        let evals = try ConformanceSuite.evals(in: directory)
        #expect(evals.count == 2195, "Prometheus 3.14's suite has 2195 eval commands")
        let parser = PromQLParser(options: .all)
        var passed = 0
        var failed = 0
        var expectedFailuresSeen = Set<String>()
        for eval in evals {
            if eval.expectsFailure {
                let listed = Self.evaluationTimeFailures[eval.expression] != nil
                #expect(listed, "expect-fail expression not classified: \(eval)")
                expectedFailuresSeen.insert(eval.expression)
            }
            do {
                _ = try parser.parse(eval.expression)
                passed += 1
            } catch {
                failed += 1
                Issue.record("\(eval)\n  \(error)")
            }
        }
        print("PromQL conformance parse: \(passed) passed, \(failed) failed (\(evals.count) eval commands, "
              + "\(expectedFailuresSeen.count) distinct expect-fail expressions that fail only at evaluation)")
        #expect(Set(Self.evaluationTimeFailures.keys) == expectedFailuresSeen)
    }

    @Test func everyExpressionRoundTripsThroughBothPrinters() throws {
        guard let directory = ConformanceSuite.directory else {
            print(ConformanceSuite.skipMessage)
            return
        }
        let parser = PromQLParser(options: .all)
        var passed = 0
        var failed = 0
        for eval in try ConformanceSuite.evals(in: directory) {
            guard let expr = try? parser.parse(eval.expression) else { continue }
            let canonical = expr.description
            let pretty = expr.pretty()
            let narrow = expr.pretty(columnLimit: 10)
            do {
                let fromCanonical = try parser.parse(canonical)
                let fromPretty = try parser.parse(pretty)
                let fromNarrow = try parser.parse(narrow)
                let ok = fromCanonical == expr && fromPretty == expr && fromNarrow == expr
                    && fromCanonical.description == canonical
                if ok { passed += 1 } else {
                    failed += 1
                    Issue.record("round trip differs for \(eval)\n  canonical: \(canonical)")
                }
            } catch {
                failed += 1
                Issue.record("printed form does not parse for \(eval)\n  \(error)\n  canonical: \(canonical)")
            }
        }
        print("PromQL conformance round trip: \(passed) passed, \(failed) failed")
    }
}
