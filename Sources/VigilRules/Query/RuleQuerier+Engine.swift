import Synchronization
import VigilEngine
import VigilStorage
import VigilSyntax

extension RuleQuerier {
    /// PromQL rules evaluated by Vigil's engine over the live series store,
    /// as Prometheus's `EngineQueryFunc` does. Every query sees a fresh
    /// snapshot, so a recording rule's output is visible to the next rule of
    /// the same group. Expressions are parsed once per distinct text.
    public static func promql(engine: Engine, store: SeriesStore) -> RuleQuerier {
        let parsed = ParsedExpressions(engine: engine)
        let instantQuery: @Sendable (String, Int64) throws -> InstantQueryResult = { text, time in
            let result = try engine.instantQuery(try parsed.expr(for: text), at: time, on: store.snapshot())
            switch result.value {
            case .vector(let samples):
                return .vector(samples.map { RuleSample(labels: $0.labels, value: $0.value) })
            case .scalar(_, let value): return .scalar(value)
            case .string(_, let value): return .string(value)
            case .matrix: return .other(typeName: "matrix")
            }
        }
        return .promql(vector(from: instantQuery), options: engine.parserOptions)
    }
}

/// Parsed expressions by their text, shared by the queries of all groups.
private final class ParsedExpressions: Sendable {
    let engine: Engine
    let cache = Mutex<[String: Expr]>([:])

    init(engine: Engine) { self.engine = engine }

    func expr(for text: String) throws(QueryFailure) -> Expr {
        if let expr = cache.withLock({ $0[text] }) { return expr }
        let expr = try engine.parse(text)
        cache.withLock { $0[text] = expr }
        return expr
    }
}
