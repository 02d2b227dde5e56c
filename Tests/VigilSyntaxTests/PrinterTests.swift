import Testing
import VigilSyntax

/// `Expr.description`: Prometheus's `String()` (printer.go and its tests).
@Suite struct PrinterTests {
    @Test(arguments: [
        (#"sum by() (task:errors:rate10s{job="s"})"#, #"sum(task:errors:rate10s{job="s"})"#),
        (#"sum by(code) (task:errors:rate10s{job="s"})"#, #"sum by (code) (task:errors:rate10s{job="s"})"#),
        (#"sum without() (task:errors:rate10s{job="s"})"#, #"sum without () (task:errors:rate10s{job="s"})"#),
        (#"sum(x) without(instance)"#, #"sum without (instance) (x)"#),
        (#"topk(5, task:errors:rate10s{job="s"})"#, #"topk(5, task:errors:rate10s{job="s"})"#),
        (#"count_values("value", x)"#, #"count_values("value", x)"#),
        ("a - on() c", "a - on () c"),
        ("a - on(b) c", "a - on (b) c"),
        ("a - on(b) group_left(x, y) c", "a - on (b) group_left (x, y) c"),
        ("a - on(b) group_left c", "a - on (b) group_left () c"),
        ("a - on(b) group_left() (c)", "a - on (b) group_left () (c)"),
        ("a - ignoring(b) c", "a - ignoring (b) c"),
        ("a - ignoring() c", "a - c"),
        ("a and b", "a and b"),
        ("up > bool 0", "up > bool 0"),
        ("a offset 1m", "a offset 1m"),
        ("a offset -7m", "a offset -7m"),
        (#"a{c="d"}[5m] offset 1m"#, #"a{c="d"}[5m] offset 1m"#),
        ("a[12m] offset -3m", "a[12m] offset -3m"),
        ("a[1h:5m] offset 1m", "a[1h:5m] offset 1m"),
        (#"{__name__="a"}"#, #"{__name__="a"}"#),
        (#"a{b!~"c"}[1m]"#, #"a{b!~"c"}[1m]"#),
        ("a @ 10", "a @ 10.000"),
        ("a[1m] @ 10", "a[1m] @ 10.000"),
        ("a @ start()", "a @ start()"),
        ("a[1m] @ end()", "a[1m] @ end()"),
        ("a[1m:] offset 5m @ 1.5", "a[1m:] @ 1.500 offset 5m"),
        ("foo offset 5m @ 10 anchored", "foo @ 10.000 anchored offset 5m"),
        ("foo[5m] offset 5m smoothed", "foo[5m] smoothed offset 5m"),
        (#"{z="1",a!="2",__name__="x" }"#, #"{__name__="x",a!="2",z="1"}"#),
        (#"foo{b="1",a="2"}"#, #"foo{a="2",b="1"}"#),
        (#"{"foo.bar", "x y"="z"}"#, #"{"x y"="z",__name__="foo.bar"}"#),
        (#"sum by ("foo bar", job) (x)"#, #"sum by ("foo bar", job) (x)"#),
        (#"label_replace(x, 'single', "d\"q", `raw\d`, "")"#, #"label_replace(x, "single", "d\"q", "raw\\d", "")"#),
        (#""\xc5""#, #""\xc5""#),
        ("1e6 + 0.5", "1000000 + 0.5"),
        ("1e-7", "0.0000001"),
        ("Inf", "+Inf"),
        ("Inf ^ x", "Inf ^ x"),
        ("-Inf ^ 2", "-Inf ^ 2"),
        ("2 ^ Inf", "2 ^ +Inf"),
        ("-Inf", "-Inf"),
        ("NaN", "NaN"),
        ("0x10", "16"),
        ("5m", "5m"),
        ("-5m", "-5m"),
        ("-0", "-0"),
        ("foo offset -0s + 1", "foo + 1"),
        ("foo[1m:] offset -(min_of(step(), -0s))", "foo[1m:] offset -(min_of(step(), 0s))"),
        ("1h30m + 90", "1h30m + 90"),
        ("-some_metric", "-some_metric"),
        ("+some_metric", "+some_metric"),
        ("h </ 2", "h </ 2"),
        ("info(c, {})", "info(c, {})"),
        ("a + fill(0) b", "a + fill (0) b"),
        ("a + fill_left(1) fill_right(2) b", "a + fill_left (1) fill_right (2) b"),
        ("a + fill_right(2) fill_left(1) b", "a + fill_left (1) fill_right (2) b"),
        ("a + fill(-Inf) b", "a + fill (-Inf) b"),
        ("a + fill(1e6) b", "a + fill (1e+06) b"),
        ("a == bool fill(30) b", "a == bool fill (30) b"),
        ("foo[5m+1m]", "foo[5m + 1m]"),
        ("foo[1h30m % 1h]", "foo[1h30m % 1h]"),
        ("foo[(9m30s+30s)*3]", "foo[(9m30s + 30s) * 3]"),
        ("foo offset (1h * 2)", "foo offset (1h * 2)"),
        ("foo offset -(5)", "foo offset -(5)"),
        ("foo offset +(5)", "foo offset (5)"),
        ("foo offset +(5) + 1", "foo offset +(5) + 1"),
        ("a * foo offset +(5) - 1 > 0", "a * foo offset +(5) - 1 > 0"),
        ("foo offset (5) > 1", "foo offset (5) > 1"),
        ("foo offset (5) * 2", "foo offset (5) * 2"),
        ("foo[STep()]", "foo[step()]"),
        ("foo[min_of(step()+1,1h)]", "foo[min_of(step() + 1, 1h)]"),
        ("foo[29s+1s:20*500ms] offset -range()", "foo[29s + 1s:20 * 500ms] offset -range()"),
        ("foo[4s18ms]", "foo[4s18ms]"),
        ("foo[1s:8001ms + 0s]", "foo[1s:8s1ms + 0s]"),
        (#"{a="\xdb\u00e9"}"#, #"{a="\ufffdé"}"#),
    ])
    func canonicalForm(query: String, printed: String) throws {
        #expect(try parse(query).description == printed)
    }
}

/// `Expr.pretty()`: Prometheus's prettifier (prettier.go and its tests,
/// which use a 10-column limit to exercise splitting).
@Suite struct PrettyPrinterTests {
    @Test(arguments: [
        ("sum(foo)", "sum(foo)"),
        (#"sum by() (task:errors:rate10s{job="s"})"#, "sum(\n  task:errors:rate10s{job=\"s\"}\n)"),
        (#"sum without(job,foo) (task:errors:rate10s{job="s"})"#,
         "sum without (job, foo) (\n  task:errors:rate10s{job=\"s\"}\n)"),
        (#"topk(10, ask:errors:rate10s{job="s"})"#, "topk(\n  10,\n  ask:errors:rate10s{job=\"s\"}\n)"),
        (#"sum by(job,foo) (sum by(job,foo) (task:errors:rate10s{job="s"}))"#,
         "sum by (job, foo) (\n  sum by (job, foo) (\n    task:errors:rate10s{job=\"s\"}\n  )\n)"),
        ("a+b", "a + b"),
        ("a == bool 1", "  a\n== bool\n  1"),
        ("a + ignoring(job) b", "  a\n+ ignoring (job)\n  b"),
        ("foo_1 + foo_2 + foo_3", "    foo_1\n  +\n    foo_2\n+\n  foo_3"),
        ("foo + baar + foo_3", "  foo + baar\n+\n  foo_3"),
        ("foo_1 + ignoring(foo) foo_2 + ignoring(job) group_left foo_3 + on(instance) group_right foo_4",
         "      foo_1\n    + ignoring (foo)\n      foo_2\n  + ignoring (job) group_left ()\n    foo_3\n"
            + "+ on (instance) group_right ()\n  foo_4"),
        ("rate(foo[1m])", "rate(\n  foo[1m]\n)"),
        ("rate(long_vector_selector[10m:1m] @ start() offset 1m)",
         "rate(\n  long_vector_selector[10m:1m] @ start() offset 1m\n)"),
        ("histogram_quantile(0.9, rate(foo[1m]))", "histogram_quantile(\n  0.9,\n  rate(\n    foo[1m]\n  )\n)"),
        ("max_over_time(rate(demo_api_request_duration_seconds_count[1m])[1m:] @ start() offset 1m)",
         "max_over_time(\n  rate(\n    demo_api_request_duration_seconds_count[1m]\n  )[1m:] @ start() offset 1m\n)"),
        (#"label_replace(up{job="api-server",service="a:c"}, "foo", "$1", "service", "(.*):.*")"#,
         "label_replace(\n  up{job=\"api-server\",service=\"a:c\"},\n  \"foo\",\n  \"$1\",\n  \"service\",\n  \"(.*):.*\"\n)"),
        ("(foo)", "(foo)"),
        ("(_foo_long_)", "(\n  _foo_long_\n)"),
        ("((foo_long))", "(\n  (foo_long)\n)"),
        ("(((foo_long)))", "(\n  (\n    (foo_long)\n  )\n)"),
        ("a @ 1", "a @ 1.000"),
        ("(1 + 2)", "(1 + 2)"),
        ("(foo + bar)", "(\n  foo + bar\n)"),
        ("(foo_long + bar_long)", "(\n    foo_long\n  +\n    bar_long\n)"),
        ("((foo_long + bar_long) + bar_2_long)",
         "(\n    (\n        foo_long\n      +\n        bar_long\n    )\n  +\n    bar_2_long\n)"),
        ("(1111 + 2222)", "(\n    1111\n  +\n    2222\n)"),
        ("-1", "-1"),
        ("-vector_selector", "-vector_selector"),
        ("(-vector_selector)", "(\n  -vector_selector\n)"),
        ("-histogram_quantile(0.9,rate(foo[1m]))", "-histogram_quantile(\n  0.9,\n  rate(\n    foo[1m]\n  )\n)"),
        ("-histogram_quantile(0.99, sum by (le) (rate(foo[1m])))",
         "-histogram_quantile(\n  0.99,\n  sum by (le) (\n    rate(\n      foo[1m]\n    )\n  )\n)"),
        ("rate(foo[2*1h])", "rate(\n  foo[2 * 1h]\n)"),
        ("rate(foo[-5m+35m])", "rate(\n  foo[-5m + 35m]\n)"),
    ])
    func narrowColumns(query: String, printed: String) throws {
        #expect(try parse(query).pretty(columnLimit: 10) == printed)
    }

    /// A real-world case from prettier_test.go (10 columns), and the same at 100.
    @Test func defaultLimit() throws {
        let query = #"min by (job, integration) (rate(alertmanager_notifications_failed_total{job="alertmanager", "#
            + #"integration=~".*"}[5m]) / rate(alertmanager_notifications_total{job="alertmanager", "#
            + #"integration="~.*"}[5m])) > 0.01"#
        let expected = """
              min by (job, integration) (
                  rate(
                    alertmanager_notifications_failed_total{integration=~".*",job="alertmanager"}[5m]
                  )
                /
                  rate(
                    alertmanager_notifications_total{integration="~.*",job="alertmanager"}[5m]
                  )
              )
            >
              0.01
            """
        #expect(try parse(query).pretty(columnLimit: 10) == expected)
        // At 100 columns the rate() calls fit on their lines.
        let atDefault = """
              min by (job, integration) (
                  rate(alertmanager_notifications_failed_total{integration=~".*",job="alertmanager"}[5m])
                /
                  rate(alertmanager_notifications_total{integration="~.*",job="alertmanager"}[5m])
              )
            >
              0.01
            """
        #expect(try parse(query).pretty() == atDefault)
        #expect(try parse("sum(rate(x[5m]))").pretty() == "sum(rate(x[5m]))")
    }
}
