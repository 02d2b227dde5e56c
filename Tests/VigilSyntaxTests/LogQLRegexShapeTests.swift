import Testing
import VigilSyntax

/// Loki's literal simplification of regexes, after Go's regexp/syntax parse.
@Suite struct LogQLRegexShapeTests {
    func shape(_ pattern: String, anchored: Bool = false) -> LiteralFilterShape? {
        LogQLRegexShape.simplify(pattern, anchored: anchored)
    }

    func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func lineFilterShapes() {
        #expect(shape("error") == .contains(bytes("error"), caseInsensitive: false))
        #expect(shape("(?i)INFO") == .contains(bytes("info"), caseInsensitive: true))
        #expect(shape("ERROR|FATAL") == .or(.contains(bytes("ERROR"), caseInsensitive: false),
                                            .contains(bytes("FATAL"), caseInsensitive: false)))
        #expect(shape("time(d|out)") == .or(.contains(bytes("timed"), caseInsensitive: false),
                                            .contains(bytes("timeout"), caseInsensitive: false)))
        #expect(shape(".*foo.*") == .contains(bytes("foo"), caseInsensitive: false))
        #expect(shape(".*") == .always)
        #expect(shape("") == .always)
        #expect(shape(".+") == .nonEmpty)
        #expect(shape(#"a\.b"#) == .contains(bytes("a.b"), caseInsensitive: false))
        // Go factors `error|errors` into `error(?:|s)`: both stay substring tests.
        #expect(shape("error|errors") == .or(.contains(bytes("error"), caseInsensitive: false),
                                             .contains(bytes("errors"), caseInsensitive: false)))
        // Single characters become a class: not literal any more.
        #expect(shape("a|b") == nil)
        #expect(shape(#"\d+"#) == nil)
        #expect(shape("(?s).*") == nil)
        #expect(shape("^foo") == nil)
        #expect(shape(".*foo.*bar") == nil)
        // `(?i)pq:`: `:` has no case, so the literal splits in two and Loki gives up.
        #expect(shape("(?i)(deadlock|pq:)") == nil)
    }

    @Test func labelFilterShapesAreEqualityOrSubstring() {
        #expect(shape("ERROR|FATAL", anchored: true) == .or(.equal(bytes("ERROR"), caseInsensitive: false),
                                                            .equal(bytes("FATAL"), caseInsensitive: false)))
        // Loki turns `/api/.*` into a substring test, not a prefix test.
        #expect(shape("/api/.*", anchored: true) == .contains(bytes("/api/"), caseInsensitive: false))
        #expect(shape("(?i).*(auth|token|password).*", anchored: true) == nil)
        #expect(shape("abc|abd", anchored: true) == nil)
    }
}
