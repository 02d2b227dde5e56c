import Testing
@testable import VigilTemplate

/// Go text/template semantics. Expected strings follow Go's documentation
/// (pkg.go.dev/text/template) and the behaviour of exec.go/funcs.go.
@Suite struct EngineTests {
    let data: TemplateValue = [
        "name": "world", "list": [1, 2, 3, 4, 5], "empty": [], "zero": 0,
        "labels": .stringMap([("job", "api"), ("instance", "a:9090")]),
        "nested": ["inner": ["leaf": "x"]],
    ]

    @Test func plainTextAndActions() throws {
        #expect(try render("plain text") == "plain text")
        #expect(try render("Hello, {{.name}}!", data) == "Hello, world!")
        #expect(try render("{{ 1 }}") == "1")
    }

    @Test func trimMarkers() throws {
        // The example from the text/template documentation.
        #expect(try render("{{23 -}} < {{- 45}}") == "23<45")
        #expect(try render("a  \n\t{{- \"b\" -}}\n  c") == "abc")
        // "{{-3}}" is the number -3, not a trim marker.
        #expect(try render("x {{-3}}") == "x -3")
    }

    @Test func comments() throws {
        #expect(try render("a{{/* a comment */}}b") == "ab")
        #expect(try render("a {{- /* trimmed */ -}} b") == "ab")
        #expect(renderError("{{/* open") == "template: t:1: unclosed comment")
        #expect(renderError("{{/* x */ }}") == "template: t:1: comment ends before closing delimiter")
    }

    @Test func conditionals() throws {
        let text = "{{if eq .zero 1}}one{{else if eq .zero 0}}zero{{else}}other{{end}}"
        #expect(try render(text, data) == "zero")
        #expect(try render("{{if .empty}}yes{{else}}no{{end}}", data) == "no")
        #expect(try render("{{if .missing}}yes{{else}}no{{end}}", data) == "no")
        #expect(try render("{{if .list}}yes{{end}}", data) == "yes")
    }

    @Test func ranges() throws {
        #expect(try render("{{range .list}}{{.}},{{end}}", data) == "1,2,3,4,5,")
        #expect(try render("{{range $i, $e := .list}}{{$i}}={{$e}} {{end}}", data) == "0=1 1=2 2=3 3=4 4=5 ")
        #expect(try render("{{range .empty}}x{{else}}none{{end}}", data) == "none")
        #expect(try render("{{range .missing}}x{{else}}none{{end}}", data) == "none")
        // Maps range in sorted key order.
        #expect(try render("{{range $k, $v := .labels}}{{$k}}={{$v}};{{end}}", data) == "instance=a:9090;job=api;")
        // Go 1.22+: range over an integer.
        #expect(try render("{{range 3}}{{.}}{{end}}") == "012")
        #expect(try render("{{range $i := 3}}{{$i}}{{end}}") == "012")
        #expect(try render("{{range 0}}x{{else}}empty{{end}}") == "empty")
        #expect(renderError("{{range $i, $e := 3}}{{end}}")
                == "template: t:1:18: executing \"t\" at <3>: can't use 3 to iterate over more than one variable")
        #expect(renderError("{{range .name}}{{end}}", data)
                == "template: t:1:8: executing \"t\" at <.name>: range can't iterate over world")
    }

    @Test func breakAndContinue() throws {
        #expect(try render("{{range .list}}{{if eq . 3}}{{break}}{{end}}{{.}}{{end}}", data) == "12")
        #expect(try render("{{range .list}}{{if eq . 3}}{{continue}}{{end}}{{.}}{{end}}", data) == "1245")
        #expect(renderError("{{break}}") == "template: t:1: {{break}} outside {{range}}")
        #expect(renderError("{{continue}}") == "template: t:1: {{continue}} outside {{range}}")
    }

    @Test func withAndElseWith() throws {
        #expect(try render("{{with .name}}<{{.}}>{{end}}", data) == "<world>")
        #expect(try render("{{with .missing}}x{{else}}none{{end}}", data) == "none")
        #expect(try render("{{with .missing}}x{{else with .name}}{{.}}{{end}}", data) == "world")
        #expect(try render("{{with $x := .name}}{{$x}}{{end}}", data) == "world")
    }

    @Test func nestedRangeAndWith() throws {
        let value: TemplateValue = ["rows": [["a", "b"], ["c"]]]
        #expect(try render("{{range .rows}}[{{range .}}{{.}}{{end}}]{{end}}", value) == "[ab][c]")
        #expect(try render("{{range $r := .rows}}{{with index $r 0}}{{.}}{{$r}}{{end}};{{end}}", value) == "a[a b];c[c];")
    }

    @Test func variableScope() throws {
        #expect(try render("{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}") == "2")
        #expect(try render("{{$x := 1}}{{if true}}{{$x := 2}}{{$x}}{{end}}{{$x}}") == "21")
        #expect(try render("{{$x := \"a\"}}{{range .list}}{{$x = \"b\"}}{{end}}{{$x}}", data) == "b")
        #expect(try render("{{range .list}}{{$.name}}{{break}}{{end}}", data) == "world")
        #expect(renderError("{{if true}}{{$y := 1}}{{end}}{{$y}}") == "template: t:1: undefined variable \"$y\"")
    }

    @Test func defineTemplateAndBlock() throws {
        #expect(try render("{{define \"T\"}}Hello, {{.}}!{{end}}{{template \"T\" \"you\"}}") == "Hello, you!")
        #expect(try render("{{block \"B\" .name}}[{{.}}]{{end}}", data) == "[world]")
        #expect(try render("{{define \"T\"}}{{$}}{{end}}{{template \"T\" 5}}") == "5")
        // Templates see no variables of their caller.
        #expect(renderError("{{$x := 1}}{{define \"T\"}}{{$x}}{{end}}") == "template: t:1: undefined variable \"$x\"")
        #expect(renderError("{{template \"nope\"}}")
                == "template: t:1:11: executing \"t\" at <{{template \"nope\"}}>: template \"nope\" not defined")
        #expect(renderError("{{define \"a\"}}x{{end}}{{define \"a\"}}y{{end}}")
                == "template: t:1: template: multiple definition of template \"a\"")
    }

    // A field chain is positioned at its last element, as Go's parser does.
    @Test func errorsInDefinedTemplatesNameTheTemplate() {
        #expect(renderError("{{define \"T\"}}\n{{.x.y}}{{end}}{{template \"T\" 1}}")
                == "template: t:2:4: executing \"T\" at <.x.y>: can't evaluate field x in type int")
    }

    @Test func fieldAndKeyChains() throws {
        #expect(try render("{{.nested.inner.leaf}}", data) == "x")
        #expect(try render("{{$l := .labels}}{{$l.job}}", data) == "api")
        #expect(try render("{{.labels.job}}", data) == "api")
        #expect(try render("{{(index .nested \"inner\").leaf}}", data) == "x")
        #expect(try render("{{.nested.missing.deeper}}", data) == "<no value>")
    }

    @Test func missingKeyOptions() throws {
        #expect(try render("{{.labels.nope}}", data) == "<no value>")
        #expect(try render("{{.labels.nope}}", data, missingKey: .zero) == "")
        // A map[string]interface{} has a nil zero value.
        #expect(try render("{{.nope}}", data, missingKey: .zero) == "<no value>")
        #expect(renderError("{{.labels.nope}}", data, missingKey: .error)
                == "template: t:1:9: executing \"t\" at <.labels.nope>: map has no entry for key \"nope\"")
    }

    @Test func parenthesizedPipelinesAndChaining() throws {
        #expect(try render("{{(print \"a\" \"b\") | printf \"%s!\"}}") == "ab!")
        #expect(try render("{{\"x\" | printf \"%s-%s\" \"y\"}}") == "y-x")
        #expect(try render("{{3 | print 1 2}}") == "1 2 3")
    }

    @Test func literals() throws {
        #expect(try render("{{'a'}}") == "97")
        #expect(try render("{{0x1F}} {{0o17}} {{0b101}} {{1_000}} {{017}}") == "31 15 5 1000 15")
        #expect(try render("{{1e3}} {{1.5}} {{-2.25}} {{.5}}") == "1000 1.5 -2.25 0.5")
        #expect(try render("{{\"tab\\there\"}}|{{`raw\\n`}}") == "tab\there|raw\\n")
        #expect(try render("{{true}} {{false}}") == "true false")
        #expect(renderError("{{nil}}") == "template: t:1:2: executing \"t\" at <nil>: nil is not a command")
        #expect(renderError("{{9223372036854775808}}")
                == "template: t:1:2: executing \"t\" at <9223372036854775808>: 9223372036854775808 overflows int")
        #expect(renderError("{{3x}}") == "template: t:1: bad number syntax: \"3x\"")
    }

    @Test func printFunctions() throws {
        #expect(try render("{{print 1 2}}") == "1 2")
        #expect(try render("{{print \"a\" 1 2 \"b\"}}") == "a1 2b")
        #expect(try render("{{println 1 \"a\"}}") == "1 a\n")
        #expect(try render("{{print nil}}") == "<nil>")
        #expect(try render("{{print .list}}", data) == "[1 2 3 4 5]")
        #expect(try render("{{print .labels}}", data) == "map[instance:a:9090 job:api]")
        #expect(try render("{{.list}}", data) == "[1 2 3 4 5]")
    }

    @Test func escapers() throws {
        #expect(try render("{{html \"<a href=\\\"x\\\">&'\"}}") == "&lt;a href=&#34;x&#34;&gt;&amp;&#39;")
        #expect(try render("{{js \"<'\\\"\\\\=>\"}}") == "\\u003C\\'\\\"\\\\\\u003D\\u003E")
        #expect(try render("{{urlquery \"a b&c=d/é\"}}") == "a+b%26c%3Dd%2F%C3%A9")
        #expect(try render("{{html .missing}}", data) == "&lt;no value&gt;")
        #expect(try render("{{\"<b>\"}}") == "<b>")
    }

    @Test func lenIndexSlice() throws {
        #expect(try render("{{len \"héllo\"}} {{len .list}} {{len .labels}}", data) == "6 5 2")
        #expect(try render("{{index .list 1}} {{index .labels \"job\"}} {{index \"abc\" 1}}", data) == "2 api 98")
        #expect(try render("{{index .labels \"absent\"}}|", data) == "|")
        #expect(try render("{{index .nested \"inner\" \"leaf\"}}", data) == "x")
        #expect(try render("{{slice \"hello\" 1 3}} {{slice .list 3}} {{slice .list 1 2}}", data) == "el [4 5] [2]")
        #expect(renderError("{{index .list 9}}", data)
                == "template: t:1:2: executing \"t\" at <index .list 9>: error calling index: index out of range: 9")
        #expect(renderError("{{len 3}}")
                == "template: t:1:2: executing \"t\" at <len 3>: error calling len: len of type int")
        #expect(renderError("{{slice .list 3 1}}", data)
                == "template: t:1:2: executing \"t\" at <slice .list 3 1>: error calling slice: invalid slice index: 3 > 1")
    }

    @Test func comparisons() throws {
        #expect(try render("{{eq 1 2 3 1}} {{eq \"a\" \"a\"}} {{eq 1 2}}") == "true true false")
        #expect(try render("{{ne 1 2}} {{lt 1 2}} {{le 2 2}} {{gt 2.5 1.5}} {{ge \"a\" \"b\"}}") == "true true true true false")
        #expect(try render("{{eq .missing 1}}", data) == "false")
        #expect(try render("{{eq .labels.job \"api\"}}", data) == "true")
        // Go: an int and a float64 are incompatible, not numerically compared.
        #expect(renderError("{{eq 1 1.0}}")
                == "template: t:1:2: executing \"t\" at <eq 1 1.0>: error calling eq: incompatible types for comparison: int and float64")
        #expect(renderError("{{lt true false}}")
                == "template: t:1:2: executing \"t\" at <lt true false>: error calling lt: invalid type for comparison")
        #expect(renderError("{{eq 1}}")
                == "template: t:1:2: executing \"t\" at <eq 1>: error calling eq: missing argument for comparison")
    }

    @Test func booleanFunctions() throws {
        #expect(try render("{{and 1 0 \"x\"}} {{and 1 2}} {{or 0 \"\" \"x\"}} {{or 0 \"\"}}") == "0 2 x ")
        #expect(try render("{{not 0}} {{not \"a\"}}") == "true false")
        // and/or short-circuit: the failing index is never evaluated.
        #expect(try render("{{and false (index .list 99)}}", data) == "false")
        #expect(try render("{{or true (index .list 99)}}", data) == "true")
    }

    @Test func callBuiltin() throws {
        let add = TemplateFunction("add", parameters: [.int, .int], result: "int") { _, args in
            guard case .int(let a, _) = args[0], case .int(let b, _) = args[1] else { return .none }
            return .int(a + b, .int)
        }
        let value: TemplateValue = ["f": .function(add)]
        #expect(try render("{{call .f 2 3}}", value) == "5")
        #expect(renderError("{{call .f 2}}", value)
                == "template: t:1:2: executing \"t\" at <call .f 2>: error calling call: wrong number of args for .f: got 1 want 2")
        #expect(renderError("{{call .f \"a\" 2}}", value)
                == "template: t:1:2: executing \"t\" at <call .f \"a\" 2>: error calling call: arg 0: value has type string; should be int")
    }

    @Test func executionErrors() {
        #expect(renderError("{{.Foo}}", "str") == "template: t:1:2: executing \"t\" at <.Foo>: can't evaluate field Foo in type string")
        #expect(renderError("{{ (print \"x\").banana }}")
                == "template: t:1:10: executing \"t\" at <\"x\">: can't evaluate field banana in type string")
        #expect(renderError("{{3 4}}") == "template: t:1:2: executing \"t\" at <3>: can't give argument to non-function 3")
        #expect(renderError("a\nb {{.list.x}}", data)
                == "template: t:2:9: executing \"t\" at <.list.x>: can't evaluate field x in type []interface {}")
        #expect(renderError("{{printf 3}}")
                == "template: t:1:9: executing \"t\" at <3>: expected string; found 3")
        #expect(renderError("{{printf .zero}}", data)
                == "template: t:1:9: executing \"t\" at <.zero>: wrong type for value; expected string; got int")
        #expect(renderError("{{len}}") == "template: t:1:2: executing \"t\" at <len>: wrong number of args for len: want 1 got 0")
    }

    @Test func parseErrors() {
        #expect(renderError("{{if}}") == "template: t:1: missing value for if")
        #expect(renderError("{{end}}") == "template: t:1: unexpected {{end}}")
        #expect(renderError("{{else}}") == "template: t:1: unexpected {{else}}")
        #expect(renderError("{{range .}}") == "template: t:1: unexpected EOF")
        #expect(renderError("{{nofunc}}") == "template: t:1: function \"nofunc\" not defined")
        #expect(renderError("{{$x}}") == "template: t:1: undefined variable \"$x\"")
        #expect(renderError("{{\"open}}") == "template: t:1: unterminated quoted string")
        #expect(renderError("{{.a | 3}}") == "template: t:1: non executable command in pipeline stage 2")
        #expect(renderError("{{") == "template: t:1: unclosed action")
        #expect(renderError("{{ .x\n\n") == "template: t:3: unclosed action started at t:1")
        #expect(renderError("a\n{{if}}") == "template: t:2: missing value for if")
        #expect(renderError("{{ \u{00A0}}}") == "template: t:1: unrecognized character in action: U+00A0")
        #expect(renderError("{{(1}}") == "template: t:1: unclosed left paren")
        // The parser reads the ")" item before the lexer's error item.
        #expect(renderError("{{1)}}") == "template: t:1: unexpected \")\" in command")
        #expect(renderError("{{.x=1}}") == "template: t:1: bad character U+003D '='")
        #expect(renderError("{{3.a}}") == "template: t:1: bad number syntax: \"3.a\"")
        #expect(renderError("{{range $a, $b, $c := .}}{{end}}") == "template: t:1: too many declarations in range")
        #expect(renderError("{{range $a, 3}}{{end}}") == "template: t:1: range can only initialize variables")
        #expect(renderError("{{with $a, $b := .}}{{end}}") == "template: t:1: too many declarations in with")
        #expect(renderError("{{if 1}}{{else}}{{else}}{{end}}") == "template: t:1: expected end; found {{else}}")
    }
}
