import Testing
import VigilSyntax

@Test func parsesAndPrintsACanonicalQuery() throws {
    let expr = try PromQLParser().parse(#"sum(rate(http_requests_total{status=~"5.."}[5m])) by (job)"#)
    #expect(expr.description == #"sum by (job) (rate(http_requests_total{status=~"5.."}[5m]))"#)
}
