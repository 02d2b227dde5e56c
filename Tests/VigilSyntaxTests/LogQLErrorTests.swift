import Testing
import VigilSyntax

/// Rejections and their messages, as Loki words them, with line:column.
@Suite struct LogQLErrorTests {
    func error(_ query: String) -> String {
        do {
            let expr = try LogQLParser().parse(query)
            return "parsed: \(expr)"
        } catch {
            return error.description
        }
    }

    @Test func selectorValidation() {
        let message = "queries require at least one regexp or equality matcher that does not have an empty-compatible "
            + #"value. For instance, app=~".*" does not meet this requirement, but app=~".+" will"#
        #expect(error("{}") == "1:1: parse error: " + message)
        #expect(error(#"{app=~".*", b!="c"}"#) == "1:1: parse error: " + message)
        #expect(error(#"sum(rate({app=""}[1m]))"#) == "1:10: parse error: " + message)
        #expect(error(#"{app=~".+"}"#).hasPrefix("parsed"))
        #expect(error(#"{app!=""}"#).hasPrefix("parsed"))
    }

    @Test func syntaxErrors() {
        #expect(error(#"count_over_time({app="api"})"#) == "1:28: parse error: syntax error: unexpected ), expecting RANGE")
        #expect(error(#"topk(x, count_over_time({app="api"}[5m]))"#) == "1:6: parse error: syntax error: unexpected IDENTIFIER")
        #expect(error(#"count_over_time({app="api"}[5m]) by (app"#)
                == "1:41: parse error: syntax error: unexpected $end, expecting , or )")
        #expect(error(#"{app="api"} | unknown_parser"#) == "1:29: parse error: syntax error: unexpected $end")
        #expect(error(#"{app="api"} | json | unwrap x"#) == "1:22: parse error: syntax error: unexpected unwrap")
        #expect(error(#"{app="api",}"#) == "1:12: parse error: syntax error: unexpected }, expecting IDENTIFIER")
        #expect(error(#"{app="api"}[5m]"#) == "1:12: parse error: syntax error: unexpected RANGE")
        #expect(error(#"sum({app="api"})"#) == "1:16: parse error: syntax error: unexpected )")
        #expect(error("{a=\"b\"}\n| json |") == "2:9: parse error: syntax error: unexpected $end")
    }

    @Test func lexerErrors() {
        #expect(error(#"rate({app="api"}[5x])"#) == #"1:17: parse error: unknown unit "x" in duration "5x""#)
        #expect(error(#"rate({app="api"}[5m)"#) == "1:17: parse error: missing closing ']' in duration")
        #expect(error(#"{app="api}"#) == "1:6: parse error: literal not terminated")
        #expect(error(#"{app="a\qb"}"#) == "1:6: parse error: invalid char escape")
        #expect(error("{app=`x}") == "1:6: parse error: literal not terminated")
        #expect(error(#"{app="api"} @ 1"#) == "1:13: parse error: unexpected character '@'")
    }

    @Test func aggregationRules() {
        #expect(error(#"sum_over_time({app="api"} [5m])"#) == "1:1: parse error: invalid aggregation sum_over_time without unwrap")
        #expect(error(#"count_over_time({app="api"} | unwrap x [5m])"#)
                == "1:1: parse error: invalid aggregation count_over_time with unwrap")
        #expect(error(#"sum_over_time({app="api"} | json | unwrap bytes(size) [5m]) by (env)"#)
                == "1:1: parse error: grouping not allowed for sum_over_time aggregation")
        #expect(error(#"quantile_over_time({app="api"} | unwrap x [5m])"#)
                == "1:1: parse error: parameter required for operation quantile_over_time")
        #expect(error(#"rate(5, {app="api"}[5m])"#) == "1:6: parse error: parameter 5 not supported for operation rate")
        #expect(error(#"topk(count_over_time({app="api"}[5m]))"#) == "1:1: parse error: parameter required for operation topk")
        #expect(error(#"topk(0, count_over_time({app="api"}[5m]))"#)
                == "1:6: parse error: invalid parameter (must be greater than 0) topk(0")
        #expect(error(#"topk(1.5, count_over_time({app="api"}[5m]))"#) == "1:6: parse error: invalid parameter topk(1.5,")
        #expect(error(#"sum(2, count_over_time({app="api"}[5m]))"#)
                == "1:5: parse error: unsupported parameter for operation sum(2,")
        #expect(error(#"sort by (a) (count_over_time({app="api"}[5m]))"#)
                == "1:1: parse error: sort and sort_desc doesn't allow grouping by ")
        #expect(error(#"1 and count_over_time({app="api"}[5m])"#)
                == "1:3: parse error: unexpected literal for left leg of logical/set binary operation (and): 1.000000")
        #expect(error(#"{app="api"} or count_over_time({app="api"}[5m])"#)
                == "1:13: parse error: unexpected type for left leg of binary operation (or): log query")
    }

    @Test func stageErrors() {
        #expect(error(#"{app="api"} |~ "(?=lookahead)""#)
                == #"1:13: parse error: stage '|~ "(?=lookahead)"' : error parsing regexp: invalid perl operator: (?="#)
        #expect(error(#"{app="api"} | json | line_format "{{.msg""#)
                == #"1:22: parse error: stage '| line_format "{{.msg"' : invalid line template: template: line:1: unclosed action"#)
        #expect(error(#"{app="api"} | regexp "(a)""#)
                == "1:15: parse error: invalid regexp parser: at least one named capture must be supplied")
        #expect(error(#"{app="api"} | pattern "<a><b>""#)
                == "1:15: parse error: invalid pattern parser: found consecutive capture '<a><b>': invalid expression")
        #expect(error(#"{app="api"} | pattern "<_> x""#)
                == "1:15: parse error: invalid pattern parser: at least one capture is required")
        #expect(error(#"{app="api"} |= ip("300.1.1.1")"#)
                == #"1:13: parse error: stage '|= ip("300.1.1.1")' : ip: invalid pattern: "300.1.1.1""#)
        #expect(error(#"{app="api"} |~ ip("1.1.1.1")"#)
                == #"1:13: parse error: stage '|~ ip("1.1.1.1")' : ip: invalid operation"#)
        #expect(error(#"{app="api"} | label_format a=b, a="x""#)
                == #"1:15: parse error: stage '| label_format a=b,a="x"' : multiple label name 'a' not allowed in a single format operation"#)
        #expect(error(#"{app="api"} | label_format __error__="x""#)
                == #"1:15: parse error: stage '| label_format __error__="x"' : __error__ cannot be formatted"#)
        #expect(error(#"{app="api"} | json a="b[x]""#)
                == #"1:15: parse error: stage '| json a="b[x]"' : cannot parse expression [b[x]]: syntax error"#)
        #expect(error(#"{app="api"} | logfmt a="b.c""#)
                == #"1:15: parse error: stage '| logfmt a="b.c"' : cannot parse expression [b.c]: syntax error"#)
        #expect(error(#"{app=~"(a"}"#) == "1:2: parse error: error parsing regexp: missing ): (a")
    }

    @Test func hostileInputIsRejectedNotCrashing() {
        #expect(error(String(repeating: "(", count: 400) + "1" + String(repeating: ")", count: 400))
                == "1:257: parse error: expression nests more than 256 levels deep")
        #expect(error(String(repeating: "x", count: 6000)) == "1:1: parse error: input size too long (6000 > 5120)")
    }
}
