import Testing
import VigilSyntax

/// `description` is Loki's `String()`; every printed form parses back to the same AST.
@Suite struct LogQLPrinterTests {
    func printed(_ query: String) throws -> String { try LogQLParser().parse(query).description }

    @Test func lokiStringForms() throws {
        let cases: [(String, String)] = [
            (#"{app="api",env=~"p.*"}"#, #"{app="api", env=~"p.*"}"#),
            (#"{a="b"} |= `x"y` or "z" |~ "\\d""#, #"{a="b"} |= "x\"y" or "z" |~ "\\d""#),
            (#"{a="b"} != "x" or "y""#, #"{a="b"} != "x" != "y""#),
            (#"{a="b"} | json a, b="c.d" | logfmt --keep-empty --strict"#,
             #"{a="b"} | json a="a",b="c.d" | logfmt --strict --keep-empty"#),
            (#"{a="b"} | logfmt --strict x"#, #"{a="b"} | logfmt --strict x="x""#),
            (#"{a="b"} | status = 500 | d > 1m30s | s >= 2KB | s < 2560B | x = ip("::1")"#,
             #"{a="b"} | status==500 | d>1m30s | s>=2.0kB | s<2560B | x=ip("::1")"#),
            (#"{a="b"} | x =~ "ab|cd" | w =~ "a|b" | y =~ "a.+b" | z !~ "a.+b""#,
             #"{a="b"} | x=~"ab|cd" | w=~`a|b` | y=~`a.+b` | z!~"a.+b""#),
            (#"{a="b"} | label_format x=y, z="{{.w}}" | drop a, b!="c" | keep d"#,
             #"{a="b"} | label_format x=y,z="{{.w}}" | drop a,b!="c" | keep d"#),
            (#"rate({a="b"} | unwrap duration_seconds(x) | __error__="" [1h30m] offset 90s)"#,
             #"rate({a="b"} | unwrap duration_seconds(x) | __error__=""[1h30m] offset 1m30s)"#),
            (#"quantile_over_time(.5, {a="b"} | unwrap x [5m]) by (c, d)"#,
             #"quantile_over_time(0.5,{a="b"} | unwrap x[5m]) by (c,d)"#),
            (#"sum without () (count_over_time({a="b"}[1m]))"#, #"sum without ()(count_over_time({a="b"}[1m]))"#),
            (#"sum by () (count_over_time({a="b"}[1m]))"#, #"sum(count_over_time({a="b"}[1m]))"#),
            (#"bottomk(3, count_over_time({a="b"}[1m])) by (x)"#, #"bottomk by (x)(3,count_over_time({a="b"}[1m]))"#),
            (#"count_over_time({a="b"}[1m]) / ignoring (c) count_over_time({a="b"}[1m])"#,
             #"(count_over_time({a="b"}[1m]) / ignoring (c)  count_over_time({a="b"}[1m]))"#),
            (#"count_over_time({a="b"}[1m]) > bool on () group_right (x) 1"#,
             #"(count_over_time({a="b"}[1m]) > bool on () group_right (x) 1)"#),
            (#"label_replace(rate({a="b"}[1m]), "d", "$1", "s", "(.*)")"#,
             #"label_replace(rate({a="b"}[1m]),"d","$1","s","(.*)")"#),
            ("vector(3)", "vector(3.000000)"),
            ("0.1 + 0.2", "0.30000000000000004"),
            ("1e21 * 1", "1e+21"),
        ]
        for (query, expected) in cases {
            let actual = try printed(query)
            #expect(actual == expected, "\(query) printed \(actual)")
        }
    }

    @Test func printingRoundTrips() throws {
        let queries = [
            #"sum by (a)(rate({x="y"} |= "e" | json | a=~"b" or c > 5 and d < 1ms [5m])) / on (a) group_left sum(rate({x="y"}[5m]))"#,
            #"count_over_time({x="y"} | pattern "<a> <_>" | regexp "(?P<b>.)" | unpack | decolorize[1m] offset -1h)"#,
            #"topk(2, sort_desc(avg_over_time({x="y"} | logfmt | unwrap bytes(z) | __error__!="" [1m]) by (q)))"#,
            #"{x="y"} |> "<_> x" !> "y" | line_format "{{ .a | ToUpper }}" | label_format b=a"#,
            #"count_over_time({a="b"}[1m]) / ignoring () group_left count_over_time({a="c"}[1m])"#,
            "(1 + 2) ^ 3 ^ (4 % 0)",
        ]
        for query in queries {
            let expr: LogQLExpr
            do { expr = try LogQLParser().parse(query) } catch {
                Issue.record("\(query): \(error)")
                continue
            }
            do { #expect(try LogQLParser().parse(expr.description) == expr, "\(query) → \(expr)") } catch { Issue.record("\(expr): \(error)") }
        }
    }
}
