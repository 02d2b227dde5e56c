import Testing
import VigilCore
@testable import VigilTemplate

/// Loki's line_format/label_format functions. Expected strings are the
/// outputs the LogQL template-function documentation gives, or Go's
/// behaviour for the underlying function (noted where it differs).
@Suite struct LokiFunctionTests {
    func line(_ text: String, labels: Labels = [:], line: String = "", ts: Int64 = 0) throws -> String {
        try LokiTemplate(lineFormat: text).execute(labels: labels, line: line, timestampNanos: ts)
    }

    func lineError(_ text: String, labels: Labels = [:]) -> String? {
        do {
            _ = try line(text, labels: labels)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func documentedPipelines() throws {
        #expect(try line("{{ .path | replace \" \" \"_\" | trunc 5 | upper }}", labels: ["path": "a b c d e f"]) == "A_B_C")
        #expect(try line("{{ if and (contains \"he\" \"hello\") (contains \"llo\" \"hello\") }} yes {{end}}") == " yes ")
        #expect(try line("{{ if contains \"ErrTimeout\" .err }} timeout {{else if contains \"he\" \"hello\"}} yes {{else}} no {{end}}")
                == " yes ")
        #expect(try line("{{ if eq \"hello\" \"hello\" }} yes {{end}}") == " yes ")
        #expect(try line("{{ if hasPrefix \"he\" \"hello\" }} yes {{end}}") == " yes ")
        #expect(try line("{{.http_request_headers_x_forwarded_for | default \"-\"}}") == "-")
    }

    @Test func labelsAndLine() throws {
        let labels: Labels = ["method": "GET", "status": "200"]
        #expect(try line("{{.method}} {{.status}}", labels: labels) == "GET 200")
        // missingkey=zero on a map[string]string: an absent label is "".
        #expect(try line("[{{.absent}}]", labels: labels) == "[]")
        #expect(try line("{{ __line__ | lower }}", line: "HELLO World") == "hello world")
        #expect(try line("{{ __timestamp__ | unixEpoch }} {{ __timestamp__ | unixEpochMillis }} {{ __timestamp__ | unixEpochNanos }}",
                         ts: 1_679_577_215_123_456_789) == "1679577215 1679577215123 1679577215123456789")
    }

    @Test func stringFunctions() throws {
        #expect(try line("{{ alignLeft 5 \"hello world\"}}|{{ alignLeft 5 \"hi\"}}|") == "hello|hi   |")
        #expect(try line("{{ alignRight 5 \"hello world\"}}|{{ alignRight 5 \"hi\"}}|") == "world|   hi|")
        #expect(try line("{{ b64enc \"hello\" }} {{ b64dec \"aGVsbG8=\" }} {{ b64dec \"aGVsbG8\" }}") == "aGVsbG8= hello hello")
        #expect(try line("{{ lower \"HELLO\" }} {{ upper \"hello\" }} {{ title \"hello world\" }}") == "hello HELLO Hello World")
        #expect(try line("{{ indent 4 \"a\\nb\" }}|{{ nindent 2 \"a\" }}") == "    a\n    b|\n  a")
        #expect(try line("{{ repeat 3 \"hello\" }}") == "hellohellohello")
        #expect(try line("{{ replace \"hello\" \"world\" \"hello world\" }}") == "world world")
        #expect(try line("{{ substr 0 5 \"hello world\"}} {{ substr 6 11 \"hello world\"}} {{ .path | substr 2 5 }}",
                         labels: ["path": "/api/v1"]) == "hello world pi/")
        #expect(try line("{{ trim \"   hello    \" }}|{{ trimAll \"$\" \"$5.00\" }}|{{ trimPrefix \"-\" \"-hello\" }}|{{ trimSuffix \"-\" \"hello-\" }}")
                == "hello|5.00|hello|hello")
        #expect(try line("{{ trunc 5 \"hello world\"}} {{ trunc -5 \"hello world\"}} {{ trunc 20 \"héllo\" }}") == "hello world héllo")
        #expect(try line("{{ printf \"The IP address was %s\" .remote_addr }}", labels: ["remote_addr": "129.168.1.1"])
                == "The IP address was 129.168.1.1")
        #expect(try line("{{printf \"%-40.40s\" .request_uri}} {{printf \"%-5.5s\" .request_method}}",
                         labels: ["request_uri": "/id/609259548/hpr.html", "request_method": "GET"])
                == "/id/609259548/hpr.html                   GET  ")
        #expect(try line("{{ urlencode \"a b/c\" }} {{ urldecode \"a+b%2Fc\" }}") == "a+b%2Fc a b/c")
        #expect(try line("{{ default \"-\" \"\" }} {{ default \"-\" \"foo\" }}") == "- foo")
    }

    @Test func deprecatedGoStringFunctions() throws {
        // Go's strings package semantics.
        #expect(try line("{{ ToLower \"ABC\" }} {{ ToUpper \"abc\" }} {{ Replace \"aaa\" \"a\" \"b\" 2 }}") == "abc ABC bba")
        #expect(try line("{{ Trim \"xxhixx\" \"x\" }} {{ TrimLeft \"xxhixx\" \"x\" }} {{ TrimRight \"xxhixx\" \"x\" }}") == "hi hixx xxhi")
        #expect(try line("{{ TrimPrefix \"prefix-x\" \"prefix-\" }} {{ TrimSuffix \"x.log\" \".log\" }} [{{ TrimSpace \"  a b \\t\" }}]")
                == "x x [a b]")
    }

    @Test func regexFunctions() throws {
        #expect(try line("{{ count \"a|b\" \"abab\" }} {{ count \"o\" \"foo\" }}") == "4 2")
        #expect(try line("{{ __line__ | count \"XYZ\" }}", line: "XYZ and XYZ") == "2")
        #expect(try line("{{ regexReplaceAll \"(a*)bc\" .some_label \"${1}a\" }}", labels: ["some_label": "aabc"]) == "aaa")
        #expect(try line("{{ regexReplaceAllLiteral \"(ts=)\" .timestamp \"timestamp=\" }}", labels: ["timestamp": "ts=1"]) == "timestamp=1")
        #expect(try line("{{ regexReplaceAllLiteral \"a\" \"aa\" \"$1\" }}") == "$1$1")
    }

    @Test func mathFunctions() throws {
        #expect(try line("{{ add 3 2 5 }} {{ addf 3.5 2 5 }} {{ ceil 123.001 }} {{ div 10 2 }} {{ divf 10 2 4 }}") == "10 10.5 124 5 1.25")
        #expect(try line("{{ \"3.5\" | float64 }} {{ floor 123.9999 }} {{ \"3\" | int }}") == "3.5 123 3")
        #expect(try line("{{ max 1 2 3 }} {{ maxf 1 2.5 3 }} {{ min 1 2 3 }} {{ minf 1 2.5 3 }}") == "3 3 1 1")
        #expect(try line("{{ mul 5 2 3 }} {{ mulf 5.5 2 2.5 }} {{ mod 10 3 }} {{ sub 5 2 }} {{ subf 5.5 2 1.5 }}") == "30 27.5 1 3 2")
        #expect(try line("{{ round 123.555555 3 }} {{ round 123.88571428571 5 .2 }} {{ round 123.88571428571 5 }}")
                == "123.556 123.88572 123.88571")
        // sprig's float functions use decimal arithmetic: 0.1 + 0.2 is exactly 0.3.
        #expect(try line("{{ addf 0.1 0.2 }} {{ divf 1 3 }}") == "0.3 0.3333333333333333")
        #expect(try line("{{ sub .nowEpoch .createDateEpoch }}", labels: ["nowEpoch": "1700000000", "createDateEpoch": "1699913600"])
                == "86400")
        #expect(lineError("{{ div 1 0 }}")
                == "template: line:1:3: executing \"line\" at <div 1 0>: error calling div: runtime error: integer divide by zero")
    }

    @Test func conversions() throws {
        #expect(try line("{{ .foo | duration }} {{ duration_seconds \"1.5s\" }} {{ duration \"1h30m\" }}", labels: ["foo": "250ms"])
                == "0.25 1.5 5400")
        // bytes returns a float64, which %v prints in Go's shortest %g form.
        #expect(try line("{{ bytes \"42 MB\" }} {{ bytes \"1.5 KiB\" }} {{ bytes \"100\" }}") == "4.2e+07 1536 100")
        #expect(lineError("{{ duration \"5x\" }}")
                == "template: line:1:3: executing \"line\" at <duration \"5x\">: error calling duration: time: unknown unit \"x\" in duration \"5x\"")
    }

    @Test func jsonFunction() throws {
        #expect(try line("{{fromJson \"{\\\"foo\\\": 55}\"}}") == "map[foo:55]")
        #expect(try line("{{ range $q := fromJson .queries }} {{ $q.query }} {{ end }}",
                         labels: ["queries": "[{\"query\":\"up\"},{\"query\":\"down\"}]"]) == " up  down ")
        #expect(try line("{{ fromJson \"not json\" }}") == "<no value>")
    }

    @Test func dateFunctions() throws {
        #expect(try line("{{ toDateInZone \"2006-01-02\" \"UTC\" \"2021-11-02\" | unixEpoch }}") == "1635811200")
        #expect(try line("{{ .foo | toDateInZone \"2006-01-02T15:04:05.999999999Z\" \"UTC\" | unixEpochNanos }}",
                         labels: ["foo": "2021-11-02T10:20:30.5Z"]) == "1635848430500000000")
        #expect(try line("{{ toDateInZone \"2006-01-02 15:04\" \"America/New_York\" \"2021-11-02 10:00\" | unixEpoch }}")
                == "1635861600")
        #expect(try line("{{ unixToTime \"1679577215\" | unixEpoch }} {{ unixToTime \"19373\" | unixEpoch }} {{ unixToTime \"1673798889902\" | unixEpochMillis }}")
                == "1679577215 1673827200 1673798889902")
        #expect(lineError("{{ unixToTime \"12\" }}")
                == "template: line:1:3: executing \"line\" at <unixToTime \"12\">: error calling unixToTime: unable to parse time '12': %!w(<nil>)")
        // A string that does not match the layout gives Go's zero time.
        #expect(try line("{{ toDateInZone \"2006-01-02\" \"UTC\" \"nope\" }}") == "0001-01-01 00:00:00 +0000 UTC")
        if GoTime.localZone(at: 0).offsetSeconds == 0 {
            // `date` and `__timestamp__` use the server's zone; checked where it is UTC.
            #expect(try line("{{ __timestamp__ | date \"2006-01-02T15:04:05.00Z-07:00\" }}", ts: 1_679_577_215_120_000_000)
                    == "2023-03-23T13:13:35.12Z+00:00")
            #expect(try line("{{ __timestamp__ }}", ts: 1_679_577_215_000_000_001) == "2023-03-23 13:13:35.000000001 +0000 UTC")
            #expect(try line("{{ date \"Mon Jan 2 15:04:05 MST 2006\" (unixToTime \"1679577215\") }}") == "Thu Mar 23 13:13:35 UTC 2023")
        }
    }

    @Test func stageWrappers() throws {
        #expect(throws: TemplateFunctionError.self) { try LokiTemplate(lineFormat: "{{ nope }}") }
        do {
            _ = try LokiTemplate(lineFormat: "{{ nope }}")
        } catch {
            #expect(error.message == "invalid line template: template: line:1: function \"nope\" not defined")
        }
        do {
            _ = try LokiTemplate(labelFormat: "dst", text: "{{ if }}")
        } catch {
            #expect(error.message == "invalid template for label 'dst': template: label:1: missing value for if")
        }
        let simple = try LokiTemplate(lineFormat: "{{.message}}")
        #expect(simple.singleFieldKey == "message")
        let complex = try LokiTemplate(lineFormat: "{{.a}} {{ if .b }}{{ .c | upper }}{{ end }}")
        #expect(complex.singleFieldKey == nil)
        #expect(complex.requiredLabelNames == ["a", "b", "c"])
        let label = try LokiTemplate(labelFormat: "dst", text: "{{.status}}-{{ __line__ | trunc 3 }}")
        #expect(try label.execute(labels: ["status": "500"], line: "abcdef", timestampNanos: 0) == "500-abc")
    }
}
