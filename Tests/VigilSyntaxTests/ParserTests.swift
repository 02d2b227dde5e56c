import Testing
import VigilCore
import VigilSyntax

/// Precedence, associativity and the AST an evaluator receives.
@Suite struct ParserTests {
    @Test(arguments: [
        ("1 + 2 * 3", "(+ 1 (* 2 3))"),
        ("1 * 2 + 3", "(+ (* 1 2) 3)"),
        ("2 ^ 3 ^ 2", "(^ 2 (^ 3 2))"),
        ("2 * 3 % 2", "(% (* 2 3) 2)"),
        ("a - b - c", "(- (- a b) c)"),
        ("a atan2 b * c", "(* (atan2 a b) c)"),
        ("a + b atan2 c", "(+ a (atan2 b c))"),
        ("-2 ^ 2", "(- (^ 2 2))"),
        ("-1 * 2", "(* -1 2)"),
        ("-1^-2", "(- (^ 1 -2))"),
        ("+1 + -2 * 1", "(+ 1 (* -2 1))"),
        ("1 - -1", "(- 1 -1)"),
        ("- -1", "1"),
        ("-a ^ b", "(- (^ a b))"),
        ("-a * b", "(* (- a) b)"),
        ("a or b and c", "(or a (and b c))"),
        ("foo and bar unless baz or qux", "(or (unless (and foo bar) baz) qux)"),
        ("foo + bar or bla and blub", "(or (+ foo bar) (and bla blub))"),
        ("a == b + c", "(== a (+ b c))"),
        ("a > b == c", "(== (> a b) c)"),
        ("1 < bool 2 - 1 * 2", "(< 1 (- 2 (* 1 2)))"),
        ("h </ 1 or h >/ 2", "(or (</ h 1) (>/ h 2))"),
        ("bar + on(foo) bla / on(baz, buz) group_right(test) blub", "(+ bar (/ bla blub))"),
        ("sum(x) by (a) + 1", "(+ (sum x) 1)"),
        ("a + b offset 5m", "(+ a b)"),
        ("foo offset 5m + 1", "(+ foo 1)"),
        ("foo offset -2 ^ 2", "(^ foo 2)"),
        ("foo offset min_of(step(), 1s) + 8000", "(+ foo 8000)"),
        ("foo offset -(min_of(step(), 1s)) + 8000", "(+ foo 8000)"),
        ("-foo offset 5m", "(- foo)"),
        ("sum(sum)", "(sum sum)"),
        ("a + sum", "(+ a sum)"),
        ("topk(5, x)", "(topk 5 x)"),
        ("(1 + 2) * 3", "(* (paren (+ 1 2)) 3)"),
    ])
    func precedence(query: String, shape: String) throws {
        #expect(structure(try parse(query)) == shape)
    }

    @Test func vectorSelectorCarriesMatchersInSourceOrder() throws {
        guard case .vectorSelector(let selector) = try parse(#"foo{a="b", c!~"d.*"}"#) else {
            Issue.record("not a selector")
            return
        }
        #expect(selector.name == "foo")
        #expect(selector.matchers.map(\.description) == [#"a="b""#, #"c!~"d.*""#, #"__name__="foo""#])
        #expect(selector.matchers[1].kind == .regexNoMatch)
        #expect(selector.sourceRange.start.offset == 0 && selector.sourceRange.end.offset == 20)
    }

    @Test func quotedNamesInsideBraces() throws {
        guard case .vectorSelector(let selector) = try parse(#"{"metric.with.dots", "label.name"="v"}"#) else {
            Issue.record("not a selector")
            return
        }
        #expect(selector.name == nil)
        #expect(selector.matchers.map(\.description) == [#"__name__="metric.with.dots""#, #""label.name"="v""#])
        guard case .vectorSelector(let escaped) = try parse(#"{'foo\'bar', 'a\\dos\\path'='boo\\urns'}"#) else {
            Issue.record("not a selector")
            return
        }
        #expect(escaped.matchers.map(\.value) == ["foo'bar", #"boo\urns"#])
        #expect(escaped.matchers[1].name == #"a\dos\path"#)
    }

    @Test func modifiersLandOnTheSelector() throws {
        guard case .matrixSelector(let matrix) = try parse("foo[5m] offset -1h @ end() anchored") else {
            Issue.record("not a matrix selector")
            return
        }
        #expect(matrix.range == .constant(300_000))
        #expect(matrix.selector.offset == .constant(-3_600_000))
        #expect(matrix.selector.at == .end)
        #expect(matrix.selector.extendedRange == .anchored)
        guard case .vectorSelector(let selector) = try parse("foo @ 3.3335 offset 0") else {
            Issue.record("not a selector")
            return
        }
        #expect(selector.at == .timestamp(3334))
        #expect(selector.offset == nil, "a zero offset is no offset")
        #expect(try parse("foo offset 0 offset 1m").description == "foo offset 1m")
        #expect(try parse("foo @ -3.3e1").description == "foo @ -33.000")
        #expect(try parse("foo @ 0xA").description == "foo @ 10.000")
        #expect(try parse("foo[4.018] @ 1m").description == "foo[4s18ms] @ 60.000")
    }

    @Test func subqueries() throws {
        guard case .subquery(let subquery) = try parse(#"min_over_time(rate(foo{bar="baz"}[2s])[5m:] offset 4m)[4m:3s]"#)
        else {
            Issue.record("not a subquery")
            return
        }
        #expect(subquery.range == .constant(240_000))
        #expect(subquery.step == .constant(3_000))
        guard case .call(let call) = subquery.expr, case .subquery(let inner) = call.args[0] else {
            Issue.record("unexpected inner structure")
            return
        }
        #expect(inner.step == nil)
        #expect(inner.offset == .constant(240_000))
        #expect(call.function.id == .minOverTime)
    }

    @Test func binaryExpressionsCarryNormalisedMatching() throws {
        guard case .binary(let scalarVector) = try parse("foo == bool 1") else { Issue.record("not binary"); return }
        #expect(scalarVector.returnBool)
        #expect(scalarVector.matching == nil, "matching is dropped when a side is a scalar")
        guard case .binary(let set) = try parse("foo and ignoring(test, blub) bar") else { return }
        #expect(set.matching == VectorMatching(cardinality: .manyToMany, matchingLabels: ["test", "blub"]))
        guard case .binary(let grouped) = try parse("foo - on(test,blub) group_right(bar,foo) bar") else { return }
        #expect(grouped.matching == VectorMatching(cardinality: .oneToMany, matchingLabels: ["test", "blub"], on: true,
                                                   include: ["bar", "foo"]))
        guard case .binary(let filled) = try parse("a + ignoring(job) group_left fill_right(1) fill_left(-2) b")
        else { return }
        #expect(filled.matching?.fill == .sides(left: -2, right: 1))
        #expect(filled.matching?.fill?.lhs == -2)
        #expect(filled.matching?.cardinality == .manyToOne)
    }

    @Test func aggregationsAndCalls() throws {
        guard case .aggregate(let aggregate) = try parse(#"count_values without (a, "b.c") ("value", x)"#) else {
            Issue.record("not an aggregation")
            return
        }
        #expect(aggregate.op == .countValues)
        #expect(aggregate.without)
        #expect(aggregate.grouping == ["a", "b.c"])
        #expect(aggregate.param.map { structure($0) } == "\"value\"")
        #expect(try parse("sum without(and, by, avg, count, alert, annotations)(some_metric)").description
                == "sum without (and, by, avg, count, alert, annotations) (some_metric)")
        guard case .call(let call) = try parse("round(x, 5)") else { Issue.record("not a call"); return }
        #expect(call.function.name == "round")
        #expect(call.args.count == 2)
        #expect(try parse("start() + end()", options: .all).description == "start() + end()")
        #expect(try parse("start").description == "start", "without parentheses, a metric")
    }

    @Test func typesOfExpressions() throws {
        #expect(try parse("1").type == .scalar)
        #expect(try parse(#""a""#).type == .string)
        #expect(try parse("x").type == .instantVector)
        #expect(try parse("x[5m]").type == .rangeVector)
        #expect(try parse("x[5m:1m]").type == .rangeVector)
        #expect(try parse("scalar(x) + 1").type == .scalar)
        #expect(try parse("x + 1").type == .instantVector)
        #expect(try parse("-(time())").type == .scalar)
    }

    @Test func durationExpressions() throws {
        guard case .matrixSelector(let matrix) = try parse("foo[-(10s-5s)+20s]") else { return }
        guard case .expression(let expr) = matrix.range else { Issue.record("not an expression"); return }
        #expect(expr == .binary(.add, .negate(.paren(.binary(.sub, seconds(10), seconds(5)), anywhere), anywhere),
                                seconds(20)))
        guard case .vectorSelector(let selector) = try parse("foo offset -min_of(5s,step()+8s)") else { return }
        #expect(selector.offset == .expression(
            .negate(.minOf(seconds(5), .binary(.add, .step(anywhere), seconds(8)), anywhere), anywhere)))
        #expect(try parse("foo[(5s)]").description == "foo[(5s)]")
        #expect(try parse("foo[((1h))]").description == "foo[(1h)]")
        #expect(try parse("foo[1800]").description == "foo[30m]")
        #expect(try parse("foo[60*30]").description == "foo[60 * 30]")
        #expect(try parse("foo[-2^2]").description == "foo[-2 ^ 2]")
        #expect(try parse("foo offset (1h) * 2").description == "foo offset (1h) * 2")
        #expect(structure(try parse("foo offset (1h) * 2")) == "foo")
    }

    private let anywhere = SourceRange(start: SourcePosition(line: 1, column: 1, offset: 0),
                                       end: SourcePosition(line: 1, column: 1, offset: 0))

    private func seconds(_ value: Double) -> DurationExpr {
        .number(NumberLiteral(value: value, isDuration: true, sourceRange: anywhere))
    }

    @Test func equalityIgnoresPositionsButNotValues() throws {
        #expect(try parse("foo{a=\"b\"}   +  1") == parse("foo{a=\"b\"}+1"))
        #expect(try parse(#"x{b="1",a="2"}"#) == parse(#"x{a="2",b="1"}"#), "matcher order is not significant")
        #expect(try parse("NaN") == parse("NaN"))
        #expect(try parse("0") != parse("-0"))
        #expect(try parse("5m") != parse("300"), "a duration literal prints differently")
        #expect(try parse("a + fill(1) b") != parse("a + fill_left(1) fill_right(1) b"))
        #expect(try Set([parse("a + b"), parse("a  +  b")]).count == 1)
    }

    @Test func functionTableMatchesPrometheus314() {
        #expect(PromQLFunction.all.count == PromQLFunction.ID.allCases.count)
        let experimental = Set(PromQLFunction.all.filter(\.isExperimental).map(\.name))
        #expect(experimental == [
            "double_exponential_smoothing", "end", "histogram_quantiles", "info", "mad_over_time", "max_of", "min_of",
            "range", "sort_by_label", "sort_by_label_desc", "start", "step", "ts_of_first_over_time",
            "ts_of_last_over_time", "ts_of_max_over_time", "ts_of_min_over_time",
        ])
        let quantiles = PromQLFunction.named("histogram_quantiles")
        #expect(quantiles?.minimumArguments == 3 && quantiles?.maximumArguments == 12)
        #expect(PromQLFunction.named("label_join")?.maximumArguments == nil)
        #expect(PromQLFunction.named("round")?.argumentType(at: 1) == .scalar)
        #expect(PromQLFunction.named("holt_winters") == nil, "renamed double_exponential_smoothing in 3.0")
        #expect(PromQLFunction.named("scalar")?.returnType == .scalar)
    }
}

/// Resolving duration expressions for a query, as Prometheus does before evaluation.
@Suite struct DurationEvaluationTests {
    func range(_ query: String) throws -> DurationValue {
        guard case .matrixSelector(let matrix) = try parse(query) else { throw CancellationError() }
        return matrix.range
    }

    @Test func resolvesAgainstStepAndRange() throws {
        #expect(try range("foo[5m]").milliseconds(step: 0, queryRange: 0, allowNegative: false) == 300_000)
        #expect(try range("foo[step()+1ms]").milliseconds(step: 10_000, queryRange: 0, allowNegative: false) == 10_001)
        #expect(try range("foo[1+(STep()-5)*2]").milliseconds(step: 10_000, queryRange: 0, allowNegative: false)
                == 11_000)
        #expect(try range("foo[min_of(step()+1,1h)]").milliseconds(step: 5_000, queryRange: 0, allowNegative: false)
                == 6_000)
        #expect(try range("foo[max_of(range(), 2m) / 2]").milliseconds(step: 1, queryRange: 600_000,
                                                                        allowNegative: false) == 300_000)
        #expect(try range("foo[30m1s-30m1s % 1m]").milliseconds(step: 0, queryRange: 0, allowNegative: false)
                == 1_800_000)
        #expect(try range("foo[2^3*1m]").milliseconds(step: 0, queryRange: 0, allowNegative: false) == 480_000)
        guard case .vectorSelector(let selector) = try parse("foo offset -step()*2") else { return }
        #expect(selector.offset?.constantMilliseconds == nil)
    }

    @Test func rejectsWhatPrometheusRejects() throws {
        #expect(throws: DurationEvaluationError.self) {
            try range("foo[step()]").milliseconds(step: 0, queryRange: 0, allowNegative: false)
        }
        do {
            _ = try range("foo[1m/(step()-step())]").milliseconds(step: 5_000, queryRange: 0, allowNegative: false)
            Issue.record("expected division by zero")
        } catch {
            #expect("\(error)" == "1:5: division by zero")
        }
        guard case .vectorSelector(let selector) = try parse("foo offset (-step())") else { return }
        #expect(try selector.offset?.milliseconds(step: 15_000, queryRange: 0, allowNegative: true) == -15_000)
    }
}
