import Testing
import VigilCore
@testable import VigilTemplate

/// Prometheus's template functions. Expected strings come from Prometheus's
/// template/template_test.go and prometheus/common's helpers/templates tests,
/// or from the Go behaviour noted next to the case.
@Suite struct PrometheusFunctionTests {
    let externalURL = "http://testhost:9090/path/prefix"

    /// Expands like Prometheus's tests do: NewTemplateExpander("test", ...),
    /// missingkey=zero, no alert preamble.
    func expand(_ text: String, _ data: TemplateValue = .none, query: [QueryResultSample] = [],
                evaluationTimeMillis: Int64 = 0) throws -> String {
        let template = try Template(name: "test", text: text,
                                    functions: PrometheusFunctions.functions(externalURL: externalURL), missingKey: .zero)
        let context = TemplateContext(evaluationTimeMillis: evaluationTimeMillis, query: { _ in query })
        return try template.execute(data, context: context)
    }

    func expandError(_ text: String, _ data: TemplateValue = .none, query: [QueryResultSample] = []) -> String? {
        do {
            _ = try expand(text, data, query: query)
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// A Go `[]float64`, the input type of Prometheus's humanize tests.
    func floats(_ values: [Double]) -> TemplateValue {
        .list(TemplateList(values.map { .float($0) }, typeName: "[]float64"))
    }

    let instanceA = QueryResultSample(labels: [("__name__", "metric"), ("instance", "a")], value: 11)
    let instanceB = QueryResultSample(labels: [("__name__", "metric"), ("instance", "b")], value: 21)

    @Test func humanizeFamily() throws {
        #expect(try expand("{{ range . }}{{ humanize . }}:{{ end }}", floats([0.0, 1.0, 1234567.0, 0.12])) == "0:1:1.235M:120m:")
        #expect(try expand("{{ range . }}{{ humanize1024 . }}:{{ end }}", floats([0.0, 1.0, 1048576.0, 0.12])) == "0:1:1Mi:0.12:")
        #expect(try expand("{{ range . }}{{ humanizeDuration . }}:{{ end }}",
                           floats([0, 1, 60, 3600, 86400, 90000, -183_845, 899.99]))
                == "0s:1s:1m 0s:1h 0m 0s:1d 0h 0m 0s:1d 1h 0m 0s:-2d 3h 4m 5s:14m 59s:")
        #expect(try expand("{{ range . }}{{ humanizeDuration . }}:{{ end }}", floats([0.1, 0.0001, 0.12345, 60.1, 60.5, 1.2345, 12.345]))
                == "100ms:100us:123.5ms:1m 0s:1m 0s:1.234s:12.35s:")
        #expect(try expand("{{ humanizeDuration 3725 }}") == "1h 2m 5s")
        #expect(try expand("{{ range . }}{{ humanize . }}:{{ humanize1024 . }}:{{ humanizeDuration . }}:{{humanizeTimestamp .}}:{{ end }}",
                           floats([.infinity, -.infinity, .nan]))
                == "+Inf:+Inf:+Inf:+Inf:-Inf:-Inf:-Inf:-Inf:NaN:NaN:NaN:NaN:")
        #expect(try expand("{{ -0.22222 | humanizePercentage }}:{{ 0.0 | humanizePercentage }}:{{ 0.1234567 | humanizePercentage }}:{{ 1.23456 | humanizePercentage }}")
                == "-22.22%:0%:12.35%:123.5%")
        #expect(try expand("{{ humanizePercentage 0.1234 }}") == "12.34%")
    }

    @Test func humanizeAcceptsStringsAndIntegers() throws {
        // common/helpers/templates: strings are parsed as floats, ints converted.
        #expect(try expand("{{ humanize \"1234567\" }} {{ humanize 1234567 }}") == "1.235M 1.235M")
        #expect(try expand("{{ range . }}{{ humanizeDuration . }}:{{ end }}", [".1", "60.5", "86400", "12.345"])
                == "100ms:1m 0s:1d 0h 0m 0s:12.35s:")
        #expect(try expand("{{ humanizeDuration 1234567 }} {{ humanizeDuration -1 }}") == "14d 6h 56m 7s -1s")
        #expect(expandError("{{ humanize \"one\" }}")
                == "template: test:1:3: executing \"test\" at <humanize \"one\">: error calling humanize: strconv.ParseFloat: parsing \"one\": invalid syntax")
        #expect(expandError("{{ humanize true }}")
                == "template: test:1:3: executing \"test\" at <humanize true>: error calling humanize: can't convert bool to float")
    }

    @Test func timestamps() throws {
        #expect(try expand("{{ 1435065584.128 | humanizeTimestamp }}") == "2015-06-23 13:19:44.128 +0000 UTC")
        #expect(try expand("{{ \"1435065584.128\" | humanizeTimestamp }}") == "2015-06-23 13:19:44.128 +0000 UTC")
        #expect(try expand("{{ range . }}{{ humanizeTimestamp . }}|{{ end }}", [0, -1, 1, 1234567])
                == "1970-01-01 00:00:00 +0000 UTC|1969-12-31 23:59:59 +0000 UTC|1970-01-01 00:00:01 +0000 UTC|1970-01-15 06:56:07 +0000 UTC|")
        #expect(try expand("{{ humanizeTimestamp \"+Inf\" }} {{ humanizeTimestamp \"NaN\" }}") == "+Inf NaN")
        #expect(try expand("{{ 1435065584.128 | toTime }}") == "2015-06-23 13:19:44.128 +0000 UTC")
        #expect(try expand("{{ (toTime 1435065584.128).Format \"2006-01-02\" }} {{ (toTime 60).Unix }}") == "2015-06-23 60")
        // time.Duration.String()
        #expect(try expand("{{ toDuration 1 }} {{ toDuration 90 }} {{ toDuration 0.5 }} {{ (toDuration 90).Seconds }}")
                == "1s 1m30s 500ms 90")
        #expect(try expand("{{ now }}", evaluationTimeMillis: 1_435_065_584_128) == "1.435065584128e+09")
        #expect(try expand("{{ now | humanizeTimestamp }}", evaluationTimeMillis: 1_435_065_584_128)
                == "2015-06-23 13:19:44.128 +0000 UTC")
        #expect(expandError("{{ toTime \"NaN\" }}")
                == "template: test:1:3: executing \"test\" at <toTime \"NaN\">: error calling toTime: value is NaN or Inf")
    }

    @Test func strings() throws {
        #expect(try expand("{{ \"aa bb CC\" | title }}") == "Aa Bb CC")
        #expect(try expand("{{ \"aa bb CC\" | toUpper }}") == "AA BB CC")
        #expect(try expand("{{ \"aA bB CC\" | toLower }}") == "aa bb cc")
        #expect(try expand("{{ match \"a+\" \"aa\" }} {{ match \"a+\" \"b\" }}") == "true false")
        #expect(try expand("{{ reReplaceAll \"(a)b\" \"x$1\" \"ab\" }}") == "xa")
        #expect(try expand("{{ graphLink \"up\" }}") == "/graph?g0.expr=up&g0.tab=0")
        #expect(try expand("{{ tableLink \"up\" }}") == "/graph?g0.expr=up&g0.tab=1")
        #expect(try expand("{{ graphLink \"rate(x[5m]) > 1\" }}") == "/graph?g0.expr=rate%28x%5B5m%5D%29+%3E+1&g0.tab=0")
        #expect(try expand("{{ \"<b>\" | safeHtml }}") == "<b>")
        #expect(try expand("{{ urlQueryEscape \"foo bar&baz=1\" }}") == "foo+bar%26baz%3D1")
        #expect(try expand("{{ parseDuration \"1h2m10ms\" }}") == "3720.01")
        #expect(expandError("{{ parseDuration \"1x\" }}")
                == "template: test:1:3: executing \"test\" at <parseDuration \"1x\">: error calling parseDuration: unknown unit \"x\" in duration \"1x\"")
    }

    @Test func hostHelpers() throws {
        #expect(try expand("{{ range . }}{{ stripPort . }}|{{ end }}", ["foo.com:12345", "foo.com", "[::1]:9090", "::1"])
                == "foo.com|foo.com|::1|::1|")
        #expect(try expand("{{ range . }}{{ stripDomain . }}|{{ end }}",
                           ["foo.example.com", "foo.example.com:12345", "192.0.2.1:12345", "[2001:0DB8::1]:12345", "2001:0DB8::1", "localhost"])
                == "foo|foo:12345|192.0.2.1:12345|[2001:0DB8::1]:12345|2001:0DB8::1|localhost|")
        #expect(try expand("{{ pathPrefix }}") == "/path/prefix")
        #expect(try expand("{{ externalURL }}") == "http://testhost:9090/path/prefix")
    }

    @Test func queriesAndSamples() throws {
        #expect(try expand("{{ query \"1.5\" | first | value }}", query: [QueryResultSample(labels: [], value: 1.5)]) == "1.5")
        #expect(try expand("{{ query \"metric{instance='a'}\" | first | value }}", query: [instanceA]) == "11")
        #expect(try expand("{{ query \"metric{instance='a'}\" | first | label \"instance\" }}", query: [instanceA]) == "a")
        #expect(try expand("{{ query \"metric{instance='a'}\" | first | label \"foo\" }}", query: [instanceA]) == "")
        #expect(try expand("{{ $x := query \"metric\" | first }}{{ $x.Labels.foo }}", query: [instanceA]) == "")
        #expect(try expand("{{ range query \"metric\" | sortByLabel \"instance\" }}{{.Labels.instance}}:{{.Value}}: {{end}}",
                           query: [instanceB, instanceA]) == "a:11: b:21: ")
        #expect(try expand("{{ with query \"x\" }}{{ . | first | strvalue }}{{ end }}",
                           query: [QueryResultSample(labels: [("__value__", "v")], value: 0)]) == "v")
        #expect(try expand("{{define \"x\"}}{{.arg0}} {{.arg1}}{{end}}{{template \"x\" (args 1 \"2\")}}") == "1 2")
        #expect(expandError("{{ query \"missing\" | first }}")
                == "template: test:1:21: executing \"test\" at <first>: error calling first: first() called on vector with no elements")
        #expect(expandError("{{ (query \"missing\").banana }}")
                == "template: test:1:10: executing \"test\" at <\"missing\">: can't evaluate field banana in type template.queryResult")
    }

    @Test func printfOfValues() throws {
        let data = PrometheusTemplate.alertData(labels: [:], externalLabels: [:], externalURL: "", value: 5.55)
        // 5.55 is 5.5499999999999998… in binary, so %.1f rounds down, as in Go.
        #expect(try expand("{{ .Value | printf \"%.1f\" }}", data) == "5.5")
        #expect(try expand("{{ printf \"%.2f%%\" 12.345 }} {{ printf \"%5.1f|%-6d|%06.2f\" 3.14159 42 3.14159 }}")
                == "12.35%   3.1|42    |003.14")
    }
}

/// The alert-template wrapper: preamble variables, `missingkey=zero`, and
/// Prometheus's `<error expanding template: ...>` text.
@Suite struct PrometheusAlertTemplateTests {
    let data = PrometheusTemplate.alertData(
        labels: ["__name__": "up", "instance": "host1:9100", "job": "node"],
        externalLabels: ["cluster": "eu1"], externalURL: "http://prom.example:9090", value: 0.1234)

    func expand(_ text: String) -> String {
        PrometheusTemplate(ruleName: "Test", text: text, externalURL: "http://prom.example:9090").expand(data)
    }

    @Test func preambleVariables() {
        #expect(expand("{{ $labels.instance }} of job {{ $labels.job }} is down") == "host1:9100 of job node is down")
        #expect(expand("{{ .Labels.job }}/{{ $externalLabels.cluster }}/{{ .ExternalLabels.cluster }}") == "node/eu1/eu1")
        #expect(expand("{{ $externalURL }}|{{ .ExternalURL }}") == "http://prom.example:9090|http://prom.example:9090")
        #expect(expand("{{ $value }} {{ .Value | humanizePercentage }}") == "0.1234 12.34%")
        #expect(expand("{{ $value | printf \"%.2f\" }}") == "0.12")
        // missingkey=zero: an absent label is the empty string, not "<no value>".
        #expect(expand("[{{ $labels.nope }}]") == "[]")
        #expect(expand("{{ range $k, $v := $labels }}{{ $k }}={{ $v }} {{ end }}") == "__name__=up instance=host1:9100 job=node ")
    }

    @Test func failuresBecomeErrorText() {
        // The preamble is 112 bytes long, so columns are offset by 112.
        #expect(PrometheusTemplate.preamble.utf8.count == 112)
        let structType = "struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value interface {} }"
        #expect(expand("{{ .Foo }}")
                == "<error expanding template: error executing template __alert_Test: template: __alert_Test:1:115: executing \"__alert_Test\" at <.Foo>: can't evaluate field Foo in type \(structType)>")
        #expect(expand("{{ nope }}")
                == "<error expanding template: error parsing template __alert_Test: template: __alert_Test:1: function \"nope\" not defined>")
        let template = PrometheusTemplate(ruleName: "Test", text: "{{ if }}", externalURL: "")
        #expect(template.parseError == "error parsing template __alert_Test: template: __alert_Test:1: missing value for if")
    }
}
