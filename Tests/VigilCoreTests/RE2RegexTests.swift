import Testing
@testable import VigilCore

@Suite struct RE2RegexTests {
    @Test func fullMatchIsAnchoredAndDotMatchesNewline() throws {
        let regex = try RE2Regex("a.c", options: [.dotMatchesNewline])
        #expect(regex.fullMatch("abc"))
        #expect(regex.fullMatch("a\nc"))
        #expect(!regex.fullMatch("xabc"))
        #expect(regex.contains(in: "xabcx"))
    }

    @Test func emptyInputMatchesEmptyPattern() throws {
        #expect(try RE2Regex("").fullMatch(""))
        #expect(try RE2Regex(".*").fullMatch(""))
        #expect(!(try RE2Regex(".+").fullMatch("")))
    }

    @Test func badPatternReportsRE2Reason() {
        #expect(throws: RE2Regex.CompileError.self) { try RE2Regex("(abc") }
        do {
            _ = try RE2Regex("a(?=b)")
            Issue.record("look-ahead must be rejected")
        } catch {
            #expect(error.reason.contains("invalid perl operator"))
        }
    }

    @Test func goStyleNamedGroupsAreAccepted() throws {
        let regex = try RE2Regex("(?<user>[a-z]+)@(?P<host>[a-z.]+)")
        #expect(regex.groupNames == [nil, "user", "host"])
        #expect(regex.captures(in: "mail bob@example.org now") == ["bob@example.org", "bob", "example.org"])
    }

    @Test func unsetGroupIsNil() throws {
        let regex = try RE2Regex("(a)|(b)")
        #expect(regex.captures(in: "b") == ["b", nil, "b"])
    }

    @Test func expandFollowsGoTemplateRules() throws {
        let regex = try RE2Regex("(?P<first>\\w+):(\\d+)")
        #expect(regex.replaceAll(in: "host:80", with: "${first}-$2") == "host-80")
        #expect(regex.replaceAll(in: "host:80", with: "$1x") == "")  // `$1x` names group "1x", which is unset
        #expect(regex.replaceAll(in: "host:80", with: "$$1") == "$1")
    }

    @Test func replaceAllHandlesEmptyMatchesLikeGo() throws {
        // Go: regexp.MustCompile("a*").ReplaceAllString("baaac", "-") == "-b-c-"
        #expect(try RE2Regex("a*").replaceAll(in: "baaac", with: "-") == "-b-c-")
        #expect(try RE2Regex("x*").replaceAll(in: "", with: "-") == "-")
    }

    @Test func quoteMetaEscapesEverySpecialCharacter() throws {
        let text = "a.b*c(d)|e[f]{g}^h$i\\j+k?"
        #expect(try RE2Regex(RE2Regex.quoteMeta(text)).fullMatch(text))
    }
}
