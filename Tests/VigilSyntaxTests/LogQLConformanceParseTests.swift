import Testing
import VigilSyntax

/// Every query of the LogQL conformance file parses, or is rejected when
/// Loki rejects it, and what parses prints back to the same AST.
@Suite struct LogQLConformanceParseTests {
    @Test func conformanceQueriesParseAsLokiDoes() throws {
        guard let file = LogQLConformanceCases.file else {
            print(LogQLConformanceCases.skipMessage)
            return
        }
        let queries = try LogQLConformanceCases.queries(in: file)
        #expect(queries.count > 100)
        for query in queries {
            do {
                let expr = try LogQLParser().parse(query.query)
                #expect(!query.expectsError, "accepted a query Loki rejects: \(query.query) → \(expr)")
                let reparsed = try LogQLParser().parse(expr.description)
                #expect(reparsed == expr, "round trip changed \(query.query): \(expr) vs \(reparsed)")
            } catch {
                #expect(query.expectsError, "rejected \(query.query): \(error)")
            }
        }
    }
}
