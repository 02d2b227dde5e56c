import VigilSyntax

/// What a group needs to run its rules in one query language: the query
/// function and how the language prints an expression.
///
/// Every group carries its own querier, so PromQL groups query the series
/// store while LogQL groups (Loki ruler files) query the log store; the
/// outputs of both (recorded series, `ALERTS`) go to the same series store.
public struct RuleQuerier: Sendable {
    public var language: RuleLanguage
    public var query: QueryFunc
    /// The canonical text of an expression, which the rule sends to `query`
    /// and puts in the alert's generator URL. Prometheus parses a rule's
    /// expression once and uses its printed form (`expr.String()`) for both.
    public var canonicalText: @Sendable (String) -> String

    public init(language: RuleLanguage, query: @escaping QueryFunc,
                canonicalText: @escaping @Sendable (String) -> String = { $0 }) {
        self.language = language
        self.query = query
        self.canonicalText = canonicalText
    }

    /// PromQL rules: expressions printed by Vigil's PromQL printer, as
    /// Prometheus prints them. An expression that does not parse (the rule
    /// loader rejects those) is used as written.
    public static func promql(_ query: @escaping QueryFunc, options: PromQLParser.Options = .all) -> RuleQuerier {
        RuleQuerier(language: .promql, query: query) { text in
            (try? PromQLParser(options: options).parse(text))?.description ?? text
        }
    }
}
