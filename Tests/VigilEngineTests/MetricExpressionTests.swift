import Testing
import VigilCore
@testable import VigilEngine
import VigilSyntax

/// Metric expressions the LogQL engine evaluates on its own: `vector()`,
/// literals, `label_replace`; and the ones it leaves to the PromQL operators.
@Suite struct MetricExpressionTests {
    let fixture: LogFixture

    init() throws {
        fixture = try LogFixture([(["app": "api-service"], [(s(10), "a"), (s(20), "b")])])
    }

    @Test func vectorAndLiterals() throws {
        let engine = fixture.engine
        let grid = LogQLStepGrid(startNanos: s(0), endNanos: s(120), stepNanos: s(60))
        guard case .matrix(let series) = try engine.evaluateRange(try LogQLParser().parse("vector(2)"), grid: grid) else {
            Issue.record("not a matrix"); return
        }
        #expect(series.map(\.labels) == [.empty])
        #expect(series.first?.timestampsMillis == [0, 60_000, 120_000])
        #expect(series.first?.values == [2, 2, 2])
        #expect(try engine.evaluateInstant(try LogQLParser().parse("1 + 2"), at: s(5)) == .scalar(timestampMillis: 5_000, value: 3))
    }

    @Test func labelReplaceOnRangeAggregations() throws {
        let expr = try LogQLParser().parse(#"label_replace(count_over_time({app="api-service"}[1m]), "svc", "$1", "app", "(.*)-service")"#)
        guard case .vector(let series) = try fixture.engine.evaluateInstant(expr, at: s(30)) else {
            Issue.record("not a vector"); return
        }
        #expect(series.map(\.labels) == [["app": "api-service", "svc": "api"]])
        #expect(series.first?.values == [2])
        let unchanged = try LogQLParser().parse(#"label_replace(count_over_time({app="api-service"}[1m]), "svc", "$1", "app", "(.*)-x")"#)
        guard case .vector(let same) = try fixture.engine.evaluateInstant(unchanged, at: s(30)) else { return }
        #expect(same.map(\.labels) == [["app": "api-service"]])
    }

    @Test func vectorOperatorsWaitForThePromQLEngine() throws {
        for query in [#"sum(count_over_time({app="api-service"}[1m]))"#, #"count_over_time({app="api-service"}[1m]) * 2"#] {
            #expect(throws: LogQLError.self) { try fixture.engine.evaluateInstant(try LogQLParser().parse(query), at: s(30)) }
        }
    }
}
