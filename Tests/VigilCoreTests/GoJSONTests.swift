import Testing
import VigilCore

@Suite struct GoJSONTests {
    @Test func stringsEscapeLikeGoEncodingJSON() {
        #expect(GoJSON.quote("a\"b\\c") == #""a\"b\\c""#)
        #expect(GoJSON.quote("\u{01}\u{08}\u{0C}\n\r\t\u{1F}\u{7F}") == #""\u0001\b\f\n\r\t\u001f"# + "\u{7F}\"")
        #expect(GoJSON.quote("<a href='x'>&</a>") == #""\u003ca href='x'\u003e\u0026\u003c/a\u003e""#)
        #expect(GoJSON.quote("line\u{2028}para\u{2029}") == #""line\u2028para\u2029""#)
        #expect(GoJSON.quote("é🙂/") == "\"é🙂/\"")
        // Keys sort byte-wise, as Go sorts map keys: "Z" < "a" < "é".
        var out: [UInt8] = []
        GoJSON.appendStringMap([("é", "3"), ("a", "2"), ("Z", "1")], to: &out)
        #expect(String(decoding: out, as: UTF8.self) == #"{"Z":"1","a":"2","é":"3"}"#)
    }

    /// jsoniter (Prometheus's and Loki's HTTP APIs) has no `\b`/`\f` short
    /// forms; without HTML safety `<`, `>`, `&` and U+2028 pass through.
    @Test func jsoniterStyles() {
        let text = "\u{08}\u{0C}\n<&>\u{2028}"
        #expect(GoJSON.quote(text, style: .jsoniter(htmlSafe: true)) == #""\u0008\u000c\n\u003c\u0026\u003e\u2028""#)
        #expect(GoJSON.quote(text, style: .jsoniter(htmlSafe: false)) == #""\u0008\u000c\n<&>"# + "\u{2028}\"")
    }
}
