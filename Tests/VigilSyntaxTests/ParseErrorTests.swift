import Testing
import VigilSyntax

/// Each error family, with the message and position Prometheus's
/// `parse_test.go` expects. Where Prometheus says only `unexpected X`,
/// Vigil adds what it expected there.
@Suite struct ParseErrorTests {
    @Test(arguments: [
        ("", "1:1: parse error: no expression found in input"),
        ("# just a comment\n\n", "1:1: parse error: no expression found in input"),
        ("1+", "1:3: parse error: unexpected end of input, expected expression"),
        ("1 /", "1:4: parse error: unexpected end of input, expected expression"),
        ("*1", "1:1: parse error: unexpected <op:*>, expected expression"),
        ("@@", "1:1: parse error: unexpected <op:@>, expected expression"),
        ("-=", "1:2: parse error: unexpected \"=\", expected expression"),
        ("++-++-+-+-<", "1:11: parse error: unexpected <op:<>, expected expression"),
        ("e-+=/(0)", "1:4: parse error: unexpected \"=\", expected expression"),
        ("a - on(b) ignoring(c) d", "1:11: parse error: unexpected <ignoring>, expected expression"),
        ("foo + group_left(baz) bar", "1:7: parse error: unexpected <group_left>, expected expression"),
        ("sum some_metric by (test)",
         "1:5: parse error: unexpected identifier \"some_metric\", expected operator or end of input"),
        ("MIN (some_metric) keep_common",
         "1:19: parse error: unexpected identifier \"keep_common\", expected operator or end of input"),
        ("sum (some_metric) without (test) by (test)",
         "1:34: parse error: unexpected <by>, expected operator or end of input"),
        ("(foo bar)", "1:6: parse error: unexpected identifier \"bar\", expected operator or \")\""),
        ("rate(x[5m] y)", "1:12: parse error: unexpected identifier \"y\" in function call, expected \",\" or \")\""),
        ("foo \"a very long string\"",
         "1:5: parse error: unexpected string \"\\\"a very lo\"..., expected operator or end of input"),
    ])
    func syntaxErrors(query: String, message: String) {
        #expect(errorText(query) == message)
    }

    @Test(arguments: [
        ("some_metric{a=b}", "1:15: parse error: unexpected identifier \"b\" in label matching, expected string"),
        ("foo{gibberish}", "1:14: parse error: unexpected \"}\" in label matching, expected label matching operator"),
        ("foo{__name__= =}", "1:15: parse error: unexpected \"=\" in label matching, expected string"),
        ("foo{__name__ == \"bar\"}", "1:15: parse error: unexpected \"=\" in label matching, expected string"),
        ("foo{,}", "1:5: parse error: unexpected \",\" in label matching, expected identifier or \"}\""),
        ("foo{__name__=\"bar\" lol}",
         "1:20: parse error: unexpected identifier \"lol\" in label matching, expected \",\" or \"}\""),
        ("foo{\"a\"=}", "1:9: parse error: unexpected \"}\" in label matching, expected string"),
        ("{}", "1:1: parse error: vector selector must contain at least one non-empty matcher"),
        ("{x=\"\"}", "1:1: parse error: vector selector must contain at least one non-empty matcher"),
        ("{x=~\".*\"}", "1:1: parse error: vector selector must contain at least one non-empty matcher"),
        ("{x!~\".+\"}", "1:1: parse error: vector selector must contain at least one non-empty matcher"),
        ("{x!=\"a\"}", "1:1: parse error: vector selector must contain at least one non-empty matcher"),
        ("foo{__name__=\"bar\"}", "1:1: parse error: metric name must not be set twice: \"foo\" or \"bar\""),
        ("foo{a=~\"(\"}", "1:5: parse error: error parsing regexp: missing ): ("),
    ])
    func selectorErrors(query: String, message: String) {
        #expect(errorText(query) == message)
    }

    @Test(arguments: [
        ("foo[5mm]", "1:5: parse error: bad number or duration syntax: \"5mm\""),
        ("foo[5m1]", "1:5: parse error: bad number or duration syntax: \"5m1\""),
        ("foo[5m:1m1]", "1:8: parse error: bad number or duration syntax: \"1m1\""),
        ("foo[5y1hs]", "1:5: parse error: unknown unit \"hs\" in duration \"5y1hs\""),
        ("foo[5m1h]", "1:5: parse error: not a valid duration string: \"5m1h\""),
        ("foo[0m]", "1:5: parse error: duration must be greater than 0"),
        ("foo[-1]", "1:5: parse error: duration must be greater than 0"),
        ("foo[5m:0s]", "1:8: parse error: duration must be greater than 0"),
        ("foo[]", "1:5: parse error: unexpected \"]\" in subquery or range selector, expected number, duration, "
            + "step(), or range()"),
        ("foo[step]", "1:9: parse error: unexpected \"]\" in subquery or range selector, expected number, duration, "
            + "step(), or range()"),
        ("foo[5m 1m]", "1:8: parse error: unexpected duration \"1m\" in subquery or range, expected \":\" or \"]\""),
        ("foo[5m:,]", "1:8: parse error: unexpected \",\" in subquery selector, expected number, duration, step(), "
            + "range(), or \"]\""),
        ("foo[5m:1m 1m]", "1:11: parse error: unexpected duration \"1m\" in subquery selector, expected \"]\""),
        ("foo[9.5e10]", "1:5: parse error: duration out of range"),
        ("(foo + bar)[5m]", "1:12: parse error: ranges only allowed for vector selectors"),
        ("rate(food[1m])[1h] offset 1h", "1:15: parse error: ranges only allowed for vector selectors"),
        ("some_metric OFFSET 1m[5m]", "1:22: parse error: no offset modifiers allowed before range"),
        ("some_metric @ 1234 [5m]", "1:20: parse error: no @ modifiers allowed before range"),
        ("some_metric @ start() [5m]", "1:23: parse error: no @ modifiers allowed before range"),
        ("test[5d] OFFSET 10s [10m:5s]",
         "1:1: parse error: subquery is only allowed on instant vector, got matrix instead"),
        ("1[5m:]", "1:1: parse error: subquery is only allowed on instant vector, got scalar instead"),
    ])
    func rangeAndSubqueryErrors(query: String, message: String) {
        #expect(errorText(query) == message)
    }

    @Test(arguments: [
        ("1 offset 1d", "1:1: parse error: offset modifier must be preceded by an instant vector selector or range "
            + "vector selector or a subquery"),
        ("foo offset 1s offset 2s", "1:1: parse error: offset may not be set multiple times"),
        ("some_metric[5m] OFFSET", "1:23: parse error: unexpected end of input in offset, expected number, "
            + "duration, step(), or range()"),
        ("some_metric OFFSET 1mm", "1:20: parse error: bad number or duration syntax: \"1mm\""),
        ("foo offset 9.5e10", "1:12: parse error: duration out of range"),
        ("foo offset bar", "1:12: parse error: unexpected identifier \"bar\" in offset, expected number, duration, "
            + "step(), or range()"),
        ("some_metric[5m] @", "1:18: parse error: unexpected end of input in @, expected timestamp"),
        ("foo @ start", "1:12: parse error: unexpected end of input in @, expected timestamp"),
        ("rate(some_metric[5m]) @ 1234", "1:1: parse error: @ modifier must be preceded by an instant vector "
            + "selector or range vector selector or a subquery"),
        ("foo @ 1 @ 2", "1:1: parse error: @ <timestamp> may not be set multiple times"),
        ("foo @ +Inf", "1:1: parse error: timestamp out of bounds for @ modifier: +Inf"),
        ("foo @ -Inf", "1:1: parse error: timestamp out of bounds for @ modifier: -Inf"),
        ("foo @ NaN", "1:1: parse error: timestamp out of bounds for @ modifier: NaN"),
        ("foo @ 9223372036854775808", "1:1: parse error: timestamp out of bounds for @ modifier: "
            + "9223372036854775808.000000"),
    ])
    func modifierErrors(query: String, message: String) {
        #expect(errorText(query) == message)
    }

    @Test(arguments: [
        ("sum without(==)(some_metric)", "1:13: parse error: unexpected <op:==> in grouping opts, expected label"),
        ("sum without(,)(some_metric)", "1:13: parse error: unexpected \",\" in grouping opts, expected label"),
        ("sum without(foo,,)(some_metric)", "1:17: parse error: unexpected \",\" in grouping opts, expected label"),
        ("sum by (without) (x)", "1:9: parse error: unexpected <without> in grouping opts, expected label"),
        ("sum by (a b) (x)", "1:11: parse error: unexpected identifier \"b\" in grouping opts, expected \",\" or \")\""),
        ("sum (some_metric) by test",
         "1:22: parse error: unexpected identifier \"test\" in grouping opts, expected \"(\""),
        ("sum by (\"\") (x)", "1:9: parse error: invalid label name for grouping: \"\""),
        ("sum () by (test)", "1:1: parse error: no arguments for aggregate expression provided"),
        ("sum by (x) foo", "1:12: parse error: unexpected identifier \"foo\" in aggregation, expected \"(\""),
        ("topk(some_metric)",
         "1:1: parse error: wrong number of arguments for aggregate expression provided, expected 2, got 1"),
        ("topk(some_metric,)", "1:17: parse error: trailing commas not allowed in function call args"),
        ("topk(some_metric, other_metric)",
         "1:6: parse error: expected type scalar in aggregation parameter, got instant vector"),
        ("count_values(5, other_metric)",
         "1:14: parse error: expected type string in aggregation parameter, got scalar"),
        ("sum(1)", "1:5: parse error: expected type instant vector in aggregation expression, got scalar"),
        ("sum(", "1:5: parse error: unclosed left parenthesis"),
        ("sum(rate(", "1:10: parse error: unclosed left parenthesis"),
    ])
    func aggregationErrors(query: String, message: String) {
        #expect(errorText(query) == message)
    }

    @Test(arguments: [
        ("floor()", "1:1: parse error: expected 1 argument(s) in call to \"floor\", got 0"),
        ("floor(some_metric, other_metric)", "1:1: parse error: expected 1 argument(s) in call to \"floor\", got 2"),
        ("floor(1)", "1:7: parse error: expected type instant vector in call to function \"floor\", got scalar"),
        ("hour(some_metric, some_metric, some_metric)",
         "1:1: parse error: expected at most 1 argument(s) in call to \"hour\", got 3"),
        ("label_join(x)", "1:1: parse error: expected at least 3 argument(s) in call to \"label_join\", got 1"),
        ("time(some_metric)", "1:1: parse error: expected 0 argument(s) in call to \"time\", got 1"),
        ("non_existent_function_far_bar()",
         "1:1: parse error: unknown function with name \"non_existent_function_far_bar\""),
        ("a>b()", "1:3: parse error: unknown function with name \"b\""),
        ("RATE(x[5m])", "1:1: parse error: unknown function with name \"RATE\""),
        ("rate(some_metric)",
         "1:6: parse error: expected type range vector in call to function \"rate\", got instant vector"),
        ("rate(avg)", "1:6: parse error: expected type range vector in call to function \"rate\", got instant vector"),
        ("label_replace(a, `b`, `c\u{FFFD}`, `d`, `.*`)", "1:23: parse error: invalid UTF-8 rune"),
    ])
    func callErrors(query: String, message: String) {
        #expect(errorText(query) == message)
    }

    @Test(arguments: [
        ("1 and 1", "1:1: parse error: set operator \"and\" not allowed in binary scalar expression"),
        ("foo or 1", "1:1: parse error: set operator \"or\" not allowed in binary scalar expression"),
        ("1 == 1", "1:3: parse error: comparisons between scalars must use BOOL modifier"),
        ("foo + bool bar", "1:5: parse error: bool modifier can only be used on comparison operators"),
        ("foo and bool 10", "1:5: parse error: bool modifier can only be used on comparison operators"),
        ("1 or on(bar) foo", "1:1: parse error: vector matching only allowed between instant vectors"),
        ("foo == on(bar) 10", "1:1: parse error: vector matching only allowed between instant vectors"),
        ("foo and on(bar) group_left(baz) bar", "1:1: parse error: no grouping allowed for \"and\" operation"),
        ("foo unless on(bar) group_right(baz) bar",
         "1:1: parse error: no grouping allowed for \"unless\" operation"),
        ("http_requests{group=\"production\"} + on(instance) group_left(job,instance) cpu_count{type=\"smp\"}",
         "1:35: parse error: label \"instance\" must not occur in ON and GROUP clause at once"),
        ("foo[5m] + 1", "1:1: parse error: binary expression must contain only scalar and instant vector types"),
        ("-\"string\"", "1:1: parse error: unary expression only allowed on expressions of type scalar or instant "
            + "vector, got \"string\""),
        ("-test[5m]", "1:1: parse error: unary expression only allowed on expressions of type scalar or instant "
            + "vector, got \"range vector\""),
    ])
    func binaryAndUnaryErrors(query: String, message: String) {
        #expect(errorText(query) == message)
    }

    @Test(arguments: [
        ("foo[step()/0d]", "1:11: parse error: division by zero"),
        ("foo[5s/0d]", "1:7: parse error: division by zero"),
        ("foo offset (4d/0)", "1:15: parse error: division by zero"),
        ("foo[5s%0d]", "1:7: parse error: modulo by zero"),
        ("foo offset (1h) + bar", "1:19: parse error: unexpected identifier \"bar\" in offset, expected number, "
            + "duration, step(), or range()"),
        ("1[5m] smoothed", "1:2: parse error: ranges only allowed for vector selectors"),
        ("1 anchored", "1:1: parse error: anchored modifier not implemented"),
        ("foo[5m:] smoothed", "1:1: parse error: smoothed modifier is not supported for subqueries"),
        ("foo[5m] anchored smoothed", "1:1: parse error: anchored and smoothed modifiers cannot be used together"),
        ("info(rate(http_request_counter_total{}[5m]), target_info{foo=\"bar\"})",
         "1:46: parse error: expected label selectors only, got vector selector instead"),
        ("info(http_request_counter_total{namespace=\"zzz\"}, {foo=\"bar\"} == 1)",
         "1:51: parse error: expected label selectors only"),
        ("info(x, 1)", "1:1: parse error: expected type instant vector in call to function \"info\", got scalar"),
        ("a + fill(1m1h) b", "1:10: parse error: not a valid duration string: \"1m1h\""),
        ("a + fill b", "1:10: parse error: unexpected identifier \"b\", expected operator or end of input"),
        ("a + fill_left(x) b", "1:15: parse error: unexpected identifier \"x\" in fill modifier, expected number"),
        ("1 + fill(0) 2", "1:1: parse error: filling in missing series only allowed between instant vectors"),
        ("a and fill(0) b", "1:1: parse error: filling in missing series not allowed for set operators"),
    ])
    func experimentalSyntaxErrors(query: String, message: String) {
        #expect(errorText(query, options: .all) == message)
    }

    /// Rule files hold queries in YAML block scalars: positions count lines.
    @Test func multiLinePositions() {
        let query = "sum by (job) (\n  rate(http_requests_total[5m])\n)\n  / on(job)\n  bar{a=}"
        #expect(errorText(query) == "5:9: parse error: unexpected \"}\" in label matching, expected string")
        #expect(errorText("1\n  +\n\t1 == 1") == "3:4: parse error: comparisons between scalars must use BOOL modifier")
        #expect(errorText("sum(\n  x\n") == "3:1: parse error: unclosed left parenthesis")
    }

    @Test func errorsCarryRangesAndRelocate() throws {
        do {
            _ = try PromQLParser().parse("foo{gibberish}")
            Issue.record("expected an error")
        } catch {
            #expect(error.position == SourcePosition(line: 1, column: 14, offset: 13))
            #expect(error.message == "unexpected \"}\" in label matching, expected label matching operator")
            let moved = error.relocated(lineOffset: 11, columnOffset: 8)
            #expect(moved.description
                    == "12:22: parse error: unexpected \"}\" in label matching, expected label matching operator")
        }
    }
}
