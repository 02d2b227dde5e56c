import Testing
import VigilCore
import VigilSyntax

/// The AST Loki's grammar builds for each construct.
@Suite struct LogQLParserTests {
    func parse(_ query: String) throws -> LogQLExpr { try LogQLParser().parse(query) }

    func selector(_ query: String) throws -> LogSelector {
        guard case .log(let selector) = try parse(query) else {
            Issue.record("not a log query: \(query)")
            return LogSelector(matchers: [], sourceRange: SourceRange(start: .init(line: 1, column: 1, offset: 0),
                                                                      end: .init(line: 1, column: 1, offset: 0)))
        }
        return selector
    }

    func rangeAggregation(_ query: String) throws -> RangeAggregation? {
        guard case .rangeAggregation(let node) = try parse(query) else { return nil }
        return node
    }

    @Test func streamSelectorsKeepMatcherOrder() throws {
        let log = try selector(#"{job=~".+/.+", app!~"a.*", env="prod", x!="y"}"#)
        #expect(log.matchers.map(\.description) == [#"job=~".+/.+""#, #"app!~"a.*""#, #"env="prod""#, #"x!="y""#])
        #expect(log.stages.isEmpty)
    }

    @Test func lineFiltersWithOrChains() throws {
        let log = try selector(#"{a="b"} |= "x" or "y" != "z" or "w" |~ `\d+` !~ "q" |= ip("10.0.0.0/8")"#)
        #expect(log.stages == [
            .lineFilter(LineFilter(operation: .contains, operand: .init("x"), alternatives: [.init("y")])),
            // Loki rewrites `!= "z" or "w"` into two negated filters.
            .lineFilter(LineFilter(operation: .notContains, operand: .init("z"))),
            .lineFilter(LineFilter(operation: .notContains, operand: .init("w"))),
            .lineFilter(LineFilter(operation: .matches, operand: .init(#"\d+"#))),
            .lineFilter(LineFilter(operation: .notMatches, operand: .init("q"))),
            .lineFilter(LineFilter(operation: .contains, operand: .init("10.0.0.0/8", isIP: true))),
        ])
    }

    @Test func parsersAndExtractions() throws {
        let log = try selector(#"{a="b"} | json | json x="a.b[0]", y | logfmt --strict --keep-empty k, v="w" | logfmt | regexp "(?P<n>.)" | pattern "<p> <_>" | unpack"#)
        #expect(log.stages == [
            .json([]),
            .json([LabelExtraction(label: "x", expression: "a.b[0]"), LabelExtraction(label: "y", expression: "y")]),
            .logfmt(LogfmtParserStage(strict: true, keepEmpty: true, extractions: [
                LabelExtraction(label: "k", expression: "k"), LabelExtraction(label: "v", expression: "w"),
            ])),
            .logfmt(LogfmtParserStage()),
            .regexp("(?P<n>.)"),
            .pattern("<p> <_>"),
            .unpack,
        ])
    }

    @Test func formattingStages() throws {
        let log = try selector(#"{a="b"} | line_format "{{.x}}" | label_format a=b, c="{{.d}}" | drop a, b="c" | keep d, e=~"f" | decolorize"#)
        #expect(log.stages == [
            .lineFormat("{{.x}}"),
            .labelFormat([.rename(destination: "a", source: "b"), .template(destination: "c", template: "{{.d}}")]),
            .drop([.name("a"), .matcher(try LabelMatcher(.equal, "b", "c"))]),
            .keep([.name("d"), .matcher(try LabelMatcher(.regexMatch, "e", "f"))]),
            .decolorize,
        ])
    }

    @Test func typedLabelFilters() throws {
        let log = try selector(#"{a="b"} | n >= 500 | d > 250ms | s <= 2KB | m = -1.5 | q == 1h | i = ip("1.2.3.4") | k != ip("::1")"#)
        #expect(log.stages == [
            .labelFilter(.number(name: "n", op: .greaterOrEqual, value: 500)),
            .labelFilter(.duration(name: "d", op: .greater, nanos: 250_000_000)),
            .labelFilter(.bytes(name: "s", op: .lessOrEqual, bytes: 2_000)),
            .labelFilter(.number(name: "m", op: .equal, value: -1.5)),
            .labelFilter(.duration(name: "q", op: .equal, nanos: 3_600_000_000_000)),
            .labelFilter(.ip(name: "i", negated: false, pattern: "1.2.3.4")),
            .labelFilter(.ip(name: "k", negated: true, pattern: "::1")),
        ])
    }

    /// `and` binds tighter than `or`; a comma or juxtaposition takes
    /// everything after it (Loki's yacc grammar shifts there).
    @Test func labelFilterGrouping() throws {
        func filter(_ text: String) throws -> String {
            guard case .labelFilter(let filter)? = try selector(#"{a="b"} | "# + text).stages.first else { return "?" }
            return filter.description
        }
        #expect(try filter(#"a="1" or b="2" and c="3""#) == #"( a="1" or ( b="2" , c="3" ) )"#)
        #expect(try filter(#"a="1" and b="2" or c="3""#) == #"( ( a="1" , b="2" ) or c="3" )"#)
        #expect(try filter(#"a="1", b="2" or c="3""#) == #"( a="1" , ( b="2" or c="3" ) )"#)
        #expect(try filter(#"a="1" or b="2", c="3""#) == #"( a="1" or ( b="2" , c="3" ) )"#)
        #expect(try filter(#"a="1" b="2""#) == #"( a="1" , b="2" )"#)
        #expect(try filter(#"(a="1" or b="2") and c="3""#) == #"( ( a="1" or b="2" ) , c="3" )"#)
        #expect(try filter(#"a="1" or b="2" or c="3""#) == #"( ( a="1" or b="2" ) or c="3" )"#)
    }

    @Test func logRangeForms() throws {
        let expected = try rangeAggregation(#"rate({a="b"} |= "x" | json | unwrap bytes(s) | __error__="" [5m] offset 1h)"#)
        #expect(expected?.range.rangeNanos == 300_000_000_000)
        #expect(expected?.range.offsetNanos == 3_600_000_000_000)
        #expect(expected?.range.unwrap == Unwrap(label: "s", conversion: .bytes,
                                                  postFilters: [.matcher(try LabelMatcher(.equal, "__error__", ""))]))
        for variant in [
            #"rate({a="b"}[5m] offset 1h |= "x" | json | unwrap bytes(s) | __error__="")"#,
            #"rate(({a="b"} |= "x" | json | unwrap bytes(s) | __error__="")[5m] offset 1h)"#,
            #"rate(({a="b"} |= "x" | json | unwrap bytes(s) | __error__="" [5m] offset 1h))"#,
        ] {
            #expect(try rangeAggregation(variant) == expected, "\(variant)")
        }
        #expect(try rangeAggregation(#"rate(({a="b"})[1m] | unwrap x)"#)?.range.unwrap?.label == "x")
        #expect(try rangeAggregation(#"count_over_time({a="b"}[1m] offset -5m)"#)?.range.offsetNanos == -300_000_000_000)
    }

    @Test func vectorAggregationsAndBinaryOperators() throws {
        guard case .binary(let binary) = try parse(
            #"sum by (a) (rate({x="y"}[1m])) / on (a) group_left (b) topk(2, count_over_time({x="y"}[1m])) > bool 1"#
        ) else { Issue.record("not binary"); return }
        // `/` binds tighter than `>`.
        #expect(binary.op == .gtr)
        #expect(binary.returnBool)
        guard case .binary(let division) = binary.lhs else { Issue.record("not a division"); return }
        #expect(division.op == .div)
        #expect(division.matching == VectorMatching(cardinality: .manyToOne, matchingLabels: ["a"], on: true, include: ["b"]))
        guard case .vectorAggregation(let topk) = division.rhs else { Issue.record("not topk"); return }
        #expect(topk.operation == .topk)
        #expect(topk.parameter == 2)
        guard case .vectorAggregation(let sum) = division.lhs else { Issue.record("not sum"); return }
        #expect(sum.grouping == LogQLGrouping(labels: ["a"], without: false))
    }

    @Test func setOperatorsAreManyToMany() throws {
        guard case .binary(let binary) = try parse(#"rate({a="b"}[1m]) and on (a) rate({a="c"}[1m])"#) else {
            Issue.record("not binary"); return
        }
        #expect(binary.matching.cardinality == .manyToMany)
        #expect(binary.matching.on)
    }

    @Test func powerIsRightAssociativeAndLiteralsFold() throws {
        #expect(try parse("2 ^ 3 ^ 2") == .literal(512))
        #expect(try parse("1 + 2 * 3") == .literal(7))
        #expect(try parse("(1 + 2) * 3") == .literal(9))
        #expect(try parse("1 > 2") == .literal(0))
        #expect(try parse("4 % 0") == .literal(LogQLNumber(.nan)))
        #expect(try parse("1 / 0") == .literal(LogQLNumber(.nan)))
        #expect(try parse("1 / 0").description == "(0 / 0)")
        #expect(try parse("10 ^ 400").description == "(10 ^ 400)")
        #expect(try parse("-2") == .literal(-2))
        #expect(try parse("vector(2.5)") == .vector(2.5))
    }

    @Test func functionNamesAreIdentifiersUnlessCalled() throws {
        let log = try selector(#"{a="b"} | rate > 1 | bytes >= 2 | sum = "x" | duration > 1s"#)
        #expect(log.stages.count == 4)
        #expect(try rangeAggregation(#"min_over_time({a="b"} | logfmt | unwrap bytes [5m])"#)?.range.unwrap?.label == "bytes")
        #expect(try rangeAggregation(#"COUNT_OVER_TIME({a="b"}[1m])"#)?.operation == .countOverTime)
    }

    @Test func commentsAndWhitespace() throws {
        let expr = try parse("count_over_time( # counts\n  {a=\"b\"} /* all */ [1m] // end\n)")
        #expect(expr.description == #"count_over_time({a="b"}[1m])"#)
    }

    @Test func quantileParameterAndGrouping() throws {
        let node = try rangeAggregation(#"quantile_over_time(0.99, {a="b"} | unwrap x [5m]) without (c)"#)
        #expect(node?.parameter == 0.99)
        #expect(node?.grouping == LogQLGrouping(labels: ["c"], without: true))
    }
}
