import Testing
import VigilCore
@testable import VigilTesting
import VigilStorage
import VigilSyntax

/// The comparison rules of the conformance README.
@Suite struct ConformanceComparisonTests {
    typealias R = LogQLExpectedResult

    @Test func errorsCompareByRejectionOnly() {
        #expect(LogQLConformanceRunner.compare(expected: .error("a"), actual: .error("b")) == nil)
        #expect(LogQLConformanceRunner.compare(expected: .error("a"), actual: .vector([])) != nil)
        #expect(LogQLConformanceRunner.compare(expected: .vector([]), actual: .error("b")) != nil)
    }

    @Test func valuesWithinRelativeTolerance() {
        let labels: Labels = ["a": "b"]
        func vector(_ value: Double) -> R { .vector([R.Sample(labels: labels, point: .init(timestamp: 1, value: value))]) }
        #expect(LogQLConformanceRunner.compare(expected: vector(1), actual: vector(1 + 1e-12)) == nil)
        #expect(LogQLConformanceRunner.compare(expected: vector(1), actual: vector(1 + 1e-6)) != nil)
        #expect(LogQLConformanceRunner.compare(expected: vector(.nan), actual: vector(.nan)) == nil)
        #expect(LogQLConformanceRunner.compare(expected: vector(.nan), actual: vector(0)) != nil)
    }

    @Test func streamsMergeWithoutErrorDetails() {
        let a = R.StreamEntries(labels: ["__error__": "JSONParserErr", "__error_details__": "x", "app": "p"],
                                entries: [R.Entry(timestamp: 3, line: "c"), R.Entry(timestamp: 1, line: "a")])
        let b = R.StreamEntries(labels: ["__error__": "JSONParserErr", "__error_details__": "y", "app": "p"],
                                entries: [R.Entry(timestamp: 2, line: "b")])
        let merged = LogQLConformanceRunner.normalizeExpected(.streams([a, b]), direction: .backward)
        #expect(merged == .streams([R.StreamEntries(labels: ["__error__": "JSONParserErr", "app": "p"], entries: [
            R.Entry(timestamp: 3, line: "c"), R.Entry(timestamp: 2, line: "b"), R.Entry(timestamp: 1, line: "a"),
        ])]))
    }

    @Test func entryOrderMatters() {
        let first = R.StreamEntries(labels: ["a": "b"], entries: [R.Entry(timestamp: 2, line: "x"), R.Entry(timestamp: 1, line: "y")])
        let swapped = R.StreamEntries(labels: ["a": "b"], entries: [R.Entry(timestamp: 1, line: "y"), R.Entry(timestamp: 2, line: "x")])
        #expect(LogQLConformanceRunner.compare(expected: .streams([first]), actual: .streams([swapped])) != nil)
        #expect(LogQLConformanceRunner.compare(expected: .streams([first]), actual: .streams([first])) == nil)
    }

    @Test func selectionsCompareUpToTies() throws {
        guard case .vectorAggregation(let node) = try LogQLParser().parse(#"topk(2, count_over_time({a=~".+"}[1m]))"#) else {
            Issue.record("not a vector aggregation"); return
        }
        func vector(_ pairs: [(String, Double)]) -> R {
            .vector(pairs.map { R.Sample(labels: ["a": $0.0], point: .init(timestamp: 60_000, value: $0.1)) })
        }
        // x 5, y 3, z 3, w 1: x and either of y, z are a valid top 2.
        let ties = LogQLSelectionTies(node: node, argument: vector([("x", 5), ("y", 3), ("z", 3), ("w", 1)]))
        #expect(ties.problem(in: vector([("x", 5), ("y", 3)])) == nil)
        #expect(ties.problem(in: vector([("x", 5), ("z", 3)])) == nil)
        #expect(ties.problem(in: vector([("x", 5), ("w", 1)])) != nil)
        #expect(ties.problem(in: vector([("y", 3), ("z", 3)])) != nil)
        #expect(ties.problem(in: vector([("x", 5)])) != nil)
        #expect(ties.problem(in: vector([("x", 5), ("z", 4)])) != nil)
        // Without a tie only the exact answer passes.
        let strict = LogQLSelectionTies(node: node, argument: vector([("x", 5), ("y", 3), ("z", 2)]))
        #expect(strict.problem(in: vector([("x", 5), ("z", 2)])) != nil)
    }
}
