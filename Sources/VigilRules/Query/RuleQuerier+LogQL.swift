import Synchronization
import VigilEngine
import VigilStorage
import VigilSyntax

extension RuleQuerier {
    /// LogQL rules (Loki ruler files) evaluated by Vigil's LogQL engine over
    /// the log store, as Loki's ruler does: an instant metric query at the
    /// evaluation time, a vector passing through and a scalar becoming one
    /// unlabelled sample. Every query reads a fresh snapshot, so lines
    /// appended since the last evaluation count. Expressions are parsed once
    /// per distinct text and sent in canonical form (Loki's `String()`, the
    /// LogQL printer). The rules' outputs (recorded series, `ALERTS`) go to
    /// the group's series store, not here.
    ///
    /// Errors read as Loki's ruler words them: `rule evaluation failed: ...`.
    public static func logql(engine: LogQLEngine, logStore: LogStore) -> RuleQuerier {
        let parsed = ParsedLogQL()
        let instantQuery: @Sendable (String, Int64) throws -> InstantQueryResult = { text, time in
            let result: LogQLResult
            do {
                let (nanos, overflow) = time.multipliedReportingOverflow(by: 1_000_000)
                if overflow { throw LogQLError(.invalidQuery, "evaluation time \(time) ms is out of range") }
                result = try engine.instantQuery(try parsed.expr(for: text), at: nanos, on: logStore.snapshot())
            } catch {
                throw RuleQueryError("rule evaluation failed: \(error)")
            }
            switch result {
            case .vector(let samples):
                return .vector(samples.compactMap { sample in
                    sample.values.first.map { RuleSample(labels: sample.labels, value: $0) }
                })
            case .scalar(_, let value): return .scalar(value)
            case .matrix: return .other(typeName: "matrix")
            case .streams: return .other(typeName: "streams")
            }
        }
        return RuleQuerier(language: .logql, query: vector(from: instantQuery)) { text in
            (try? LogQLParser().parse(text))?.description ?? text
        }
    }
}

/// Parsed LogQL expressions by their text, shared by the queries of all groups.
private final class ParsedLogQL: Sendable {
    let cache = Mutex<[String: LogQLExpr]>([:])

    func expr(for text: String) throws(ParseError) -> LogQLExpr {
        if let expr = cache.withLock({ $0[text] }) { return expr }
        let expr = try LogQLParser().parse(text)
        cache.withLock { $0[text] = expr }
        return expr
    }
}
