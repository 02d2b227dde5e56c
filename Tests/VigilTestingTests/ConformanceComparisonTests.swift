import Testing
import VigilCore
@testable import VigilTesting
import VigilStorage

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
}
