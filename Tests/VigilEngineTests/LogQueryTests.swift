import Testing
import VigilCore
@testable import VigilEngine
import VigilStorage
import VigilSyntax

/// Log queries: `[start, end)`, `limit`, direction, merged streams.
@Suite struct LogQueryTests {
    let fixture: LogFixture

    init() throws {
        fixture = try LogFixture([
            (["app": "a", "pod": "1"], [(s(1), "level=info n=1"), (s(3), "level=error n=3"), (s(5), "level=info n=5")]),
            (["app": "a", "pod": "2"], [(s(2), "level=error n=2"), (s(4), "level=info n=4"), (s(6), "level=info n=6")]),
        ])
    }

    func query(_ text: String, start: Int64, end: Int64, limit: Int, direction: LogDirection) throws -> [LogStreamResult] {
        guard case .log(let selector) = try LogQLParser().parse(text) else { return [] }
        return try fixture.logQuery(selector, start: start, end: end, limit: limit, direction: direction)
    }

    @Test func limitTakesNewestOrOldestAcrossStreams() throws {
        let backward = try query(#"{app="a"}"#, start: s(1), end: s(6), limit: 3, direction: .backward)
        #expect(backward.map { $0.entries.map(\.timestamp) } == [[s(5), s(3)], [s(4)]])
        let forward = try query(#"{app="a"}"#, start: s(1), end: s(7), limit: 3, direction: .forward)
        #expect(forward.map { $0.entries.map(\.timestamp) } == [[s(1), s(3)], [s(2)]])
    }

    @Test func streamsWithEqualLabelsMerge() throws {
        let merged = try query(#"{app="a"} | logfmt | drop pod, n"#, start: 0, end: s(10), limit: 10, direction: .backward)
        #expect(merged.map(\.labels.description) == [#"{app="a", level="error"}"#, #"{app="a", level="info"}"#])
        #expect(merged[1].entries.map(\.timestamp) == [s(6), s(5), s(4), s(1)])
    }

    @Test func filtersBeforeTheLimit() throws {
        let errors = try query(#"{app="a"} | logfmt | level="error""#, start: 0, end: s(10), limit: 1, direction: .forward)
        #expect(errors.map { $0.entries.map(\.line) } == [["level=error n=2"]])
    }

    /// At equal times Loki's heap iterator orders entries by their labels
    /// after the pipeline: descending going backward, ascending forward; an
    /// entry equal to one already in its stream is dropped.
    @Test func equalTimestampsOrderByOutputLabels() throws {
        let tied = try LogFixture([
            (["app": "t", "pod": "1"], [(s(1), "level=b")]),
            (["app": "t", "pod": "2"], [(s(1), "level=a"), (s(1), "level=c")]),
            (["app": "u", "pod": "1"], [(s(2), "same")]),
            (["app": "u", "pod": "2"], [(s(2), "same")]),
        ])
        func first(_ direction: LogDirection) throws -> [String] {
            guard case .log(let selector) = try LogQLParser().parse(#"{app="t"} | logfmt | drop pod"#) else { return [] }
            return try tied.logQuery(selector, start: 0, end: s(9), limit: 1, direction: direction)
                .flatMap { $0.entries.map(\.line) }
        }
        #expect(try first(.backward) == ["level=c"])
        #expect(try first(.forward) == ["level=a"])
        guard case .log(let merged) = try LogQLParser().parse(#"{app="u"} | drop pod"#) else { return }
        #expect(try tied.logQuery(merged, start: 0, end: s(9), limit: 10, direction: .backward)
                .map { $0.entries.count } == [1])
    }

    @Test func limits() throws {
        #expect(throws: LogQLError.self) { try query(#"{app="a"}"#, start: 0, end: s(9), limit: 5001, direction: .backward) }
        guard case .log = try LogQLParser().parse(#"{app="a"}"#) else { return }
        #expect(throws: LogQLError.self) { try fixture.instant(try LogQLParser().parse(#"{app="a"}"#), at: s(3)) }
    }
}
