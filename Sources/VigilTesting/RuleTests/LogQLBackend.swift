import VigilCore
import VigilEngine
import VigilRules
import VigilStorage

/// How rule tests run LogQL: supplied by whoever has a LogQL engine, the way
/// a rule group gets a `QueryFunc`. Rule tests stay independent of the
/// engine: they build a `LogStore` per test group from `input_streams`, and
/// ask this backend to evaluate Loki rules and `logql_expr_test` over it.
public struct LogQLBackend: Sendable {
    /// An instant metric query at `time` (Unix milliseconds, as rule
    /// evaluations are timed) over the test group's logs: what a Loki ruler
    /// evaluates, and what `exp_samples` is compared with. A log query here
    /// should answer `.other(typeName: "streams")`.
    public typealias InstantQuery = @Sendable (_ query: String, _ time: Int64, _ logs: LogSnapshot) throws
        -> InstantQueryResult

    /// A log query over `[start, end)` (Unix nanoseconds), every matching
    /// entry without a limit, as Loki's `query_range` with
    /// `direction=forward` answers it: streams with their entries.
    public typealias LogQuery = @Sendable (_ query: String, _ start: Int64, _ end: Int64, _ logs: LogSnapshot) throws
        -> [LogStreamResult]

    /// The language Loki rule groups are tagged with (their `RuleQuerier`'s).
    public var ruleLanguage: RuleLanguage
    /// Checks a rule's expression when a Loki rule file is loaded; nil when
    /// it is valid. Errors are reported at the expression's position.
    public var checkExpression: @Sendable (_ expr: String) -> ExpressionProblem?
    /// The text a rule sends to the engine and shows in generator URLs.
    public var canonicalText: @Sendable (_ expr: String) -> String
    public var instantQuery: InstantQuery
    public var logQuery: LogQuery

    public init(ruleLanguage: RuleLanguage,
                checkExpression: @escaping @Sendable (_ expr: String) -> ExpressionProblem? = { _ in nil },
                canonicalText: @escaping @Sendable (_ expr: String) -> String = { $0 },
                instantQuery: @escaping InstantQuery, logQuery: @escaping LogQuery) {
        self.ruleLanguage = ruleLanguage
        self.checkExpression = checkExpression
        self.canonicalText = canonicalText
        self.instantQuery = instantQuery
        self.logQuery = logQuery
    }
}
