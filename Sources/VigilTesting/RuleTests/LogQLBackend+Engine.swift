import VigilCore
import VigilEngine
import VigilRules
import VigilStorage
import VigilSyntax

extension LogQLBackend {
    /// Vigil's LogQL engine behind the rule-test seams: Loki ruler semantics
    /// for rules (`RuleQuerier.logql`'s instant query) and an unlimited
    /// forward log query for `exp_logs`. Limits are Loki's defaults except
    /// the entry limit, which a test must not hit silently.
    public static func engine(limits: LogQLLimits = LogQLLimits(maxEntries: .max)) -> LogQLBackend {
        let engine = LogQLEngine(limits: limits)
        let validator = RuleFileValidator.standard()
        return LogQLBackend(
            ruleLanguage: RuleLanguage.logql,
            checkExpression: { expr in validator.checkExpression(expr, RuleLanguage.logql) },
            canonicalText: { expr in (try? LogQLParser().parse(expr))?.description ?? expr },
            instantQuery: { query, time, logs in
                let (nanos, overflow) = time.multipliedReportingOverflow(by: 1_000_000)
                if overflow { throw LogQLError(.invalidQuery, "evaluation time \(time) ms is out of range") }
                switch try engine.instantQuery(try LogQLParser().parse(query), at: nanos, on: logs) {
                case .vector(let samples):
                    return .vector(samples.compactMap { sample in
                        sample.values.first.map { RuleSample(labels: sample.labels, value: $0) }
                    })
                case .scalar(_, let value): return .scalar(value)
                case .matrix: return .other(typeName: "matrix")
                case .streams: return .other(typeName: "streams")
                }
            },
            logQuery: { query, start, end, logs in
                guard case .log(let selector) = try LogQLParser().parse(query) else {
                    throw LogQLError(.invalidQuery, "exp_logs needs a log query, got a metric query: \(query)")
                }
                return try engine.logQuery(selector, start: start, end: end, limit: .max, direction: .forward, on: logs)
            })
    }
}
