import Testing
import VigilCore
@testable import VigilEngine

/// `json`, `logfmt`, `regexp`, `pattern`, `unpack` as Loki's parsers behave.
@Suite struct ParserStageTests {
    func labels(_ line: String, _ pipeline: String, stream: Labels = ["app": "a"]) throws -> String {
        let fixture = try LogFixture([(stream, [(s(1), line)])])
        return try fixture.labels("{app=\"a\"} " + pipeline).first ?? "(no line)"
    }

    @Test func jsonFlattensAndSanitizes() throws {
        let line = #"{"a.b":{"c":"d"},"e":"f","n":5,"t":true,"z":null,"arr":[1,2],"1x":"y","app":"dup","u":{"id":"v","1":{"x":"w"}}}"#
        #expect(try labels(line, "| json") == #"{_1x="y", a_b_c="d", app="a", app_extracted="dup", e="f", n="5", t="true", u__1_x="w", u_id="v"}"#)
    }

    @Test func jsonUnescapesValuesAndKeepsPartialLabelsOnErrors() throws {
        #expect(try labels(#"{"m":"a\"b\u00e9\n","k":"\u0041"}"#, "| json | line_format `{{.m}}|{{.k}}`") != "(no line)")
        // An invalid escape empties the value, and the API drops empty labels.
        #expect(try labels(#"{"k":"\u0041","bad":"\x"}"#, "| json") == #"{app="a", k="A"}"#)
        #expect(try labels(#"{"k":"\u0041","bad":"\x"}"#, #"| json | bad="""#) == #"{app="a", k="A"}"#)
        #expect(try labels(#"{"a":"1","b":tru}"#, "| json")
                == #"{__error__="JSONParserErr", __error_details__="Unknown value type", a="1", app="a"}"#)
        #expect(try labels("LOG: hello {\"a\":1}", "| json")
                == #"{__error__="JSONParserErr", __error_details__="Value looks like object, but can't find closing '}' symbol", app="a"}"#)
        #expect(try labels(#"{"a":1} trailing"#, "| json") == #"{a="1", app="a"}"#)
        #expect(try labels(#"{"a":"x","a":"y"}"#, "| json") == #"{a="y", app="a"}"#)
    }

    @Test func jsonExpressions() throws {
        let line = #"{"user":{"id":"u1","tags":["x","y"]},"list":[{"k":1},{"k":2}],"n":null,"s":"a\"b"}"#
        #expect(try labels(line, #"| json id="user.id", tag="user.tags[1]", k="list[1].k", obj="list[0]", n, s, missing="nope""#)
                == #"{app="a", id="u1", k="2", obj="{\"k\":1}", s="a\"b", tag="y"}"#)
        #expect(try labels("plain text", #"| json x="y""#) == #"{__error__="JSONParserErr", app="a"}"#)
        #expect(try labels(#"{"app":"z"}"#, #"| json app"#) == #"{app="a", app_extracted="z"}"#)
    }

    @Test func logfmtBestEffortAndStrict() throws {
        let line = #"level=info msg="hello \"you\"" empty= flag dur=5ms bad"x=1 =v ok=yes"#
        #expect(try labels(line, "| logfmt") == #"{app="a", dur="5ms", level="info", msg="hello \"you\"", ok="yes"}"#)
        #expect(try labels(line, "| logfmt --keep-empty")
                == #"{app="a", dur="5ms", level="info", msg="hello \"you\"", ok="yes"}"#)
        #expect(try labels(line, "| logfmt --strict")
                == #"{__error__="LogfmtParserErr", __error_details__="logfmt syntax error at pos 55 : unexpected '\"'", app="a", dur="5ms", level="info", msg="hello \"you\""}"#)
        #expect(try labels("a=1 app=2", "| logfmt") == #"{a="1", app="a", app_extracted="2"}"#)
        #expect(try labels("a=1 b=2", #"| logfmt x="a", b"#) == #"{app="a", b="2", x="1"}"#)
        // A requested key that is missing is set empty, which a number filter cannot convert.
        #expect(try labels("a=1", #"| logfmt q | q > 1"#) == #"{__error__="LabelFilterErr", __error_details__="strconv.ParseFloat: parsing \"\": invalid syntax", app="a"}"#)
    }

    @Test func regexpAndPattern() throws {
        let line = #"10.0.0.1 - - [14/Nov/2023] "GET /x HTTP/1.1" 200 512"#
        #expect(try labels(line, #"| regexp `^(?P<ip>\S+) .* "(?P<method>\w+) (?P<path>\S+)(?P<none>z)?`"#)
                == #"{app="a", ip="10.0.0.1", method="GET", path="/x"}"#)
        #expect(try labels(line, #"| pattern `<ip> - - <_> "<method> <path> <_>" <status> <size>`"#)
                == #"{app="a", ip="10.0.0.1", method="GET", path="/x", size="512", status="200"}"#)
        // A missing literal ends matching; the capture takes the rest of the line.
        #expect(try labels("abc def", "| pattern `<x> <y>|<z>`") == #"{app="a", x="abc", y="def"}"#)
        #expect(try labels("abc def", "| pattern `zz <x>`") == #"{app="a"}"#)
    }

    @Test func unpack() throws {
        #expect(try labels(#"{"container":"c1","_entry":"original \"line\"","n":5}"#, "| unpack | line_format `{{.container}}: {{__line__}}`")
                == #"{app="a", container="c1"}"#)
        let fixture = try LogFixture([(["app": "a"], [(s(1), #"{"container":"c1","_entry":"original"}"#)])])
        #expect(try fixture.lines(#"{app="a"} | unpack"#).map(\.1) == ["original"])
        #expect(try labels(#"{"container":"c1"}"#, "| unpack") == #"{app="a"}"#)
        #expect(try labels("text", "| unpack")
                == #"{__error__="JSONParserErr", __error_details__="expecting json object(6), but it is not", app="a"}"#)
    }
}
