import Testing
@testable import VigilCore

@Suite struct LabelMatcherTests {
    @Test func shortcutsAgreeWithRE2() throws {
        let patterns = ["a|b|c", "(api|web)", "prod.*", ".*", ".+", "", "a.c", "x|", "foo\\.bar"]
        let values = ["", "a", "b", "c", "api", "web", "apiweb", "prod", "production", "abc", "a.c", "x", "foo.bar", "fooxbar"]
        for pattern in patterns {
            let compiled = try CompiledPattern(anchoredPattern: pattern)
            let plain = try RE2Regex(pattern, options: [.dotMatchesNewline])
            for value in values {
                #expect(compiled.matches(value) == plain.fullMatch(value), "\(pattern) vs \(value)")
            }
        }
    }

    @Test func missingLabelMatchesAsEmpty() throws {
        #expect(try LabelMatcher(.equal, "env", "").matchesEmpty)
        #expect(try LabelMatcher(.regexMatch, "env", ".*").matchesEmpty)
        #expect(!(try LabelMatcher(.regexMatch, "env", ".+").matchesEmpty))
        #expect(try LabelMatcher(.notEqual, "env", "prod").matchesEmpty)
    }

    @Test func rendersLikePrometheus() throws {
        #expect(try LabelMatcher(.regexNoMatch, "status", "5..").description == #"status!~"5..""#)
        #expect(try LabelMatcher(.equal, "service.name", "a\"b").description == #""service.name"="a\"b""#)
    }
}
