/// How an `Engine` evaluates queries.
public struct EngineOptions: Sendable {
    /// How far back an instant selector looks for the latest sample
    /// (milliseconds); Prometheus's `--query.lookback-delta`, default 5m.
    public var lookbackDelta: Int64
    /// Most samples a query may hold at once (loaded samples plus step
    /// values alive); Prometheus's `--query.max-samples`, default 50 M.
    public var maxSamples: Int
    /// Longest a query may run; nil for no limit. Prometheus's `--query.timeout` is 2m.
    public var timeout: Duration?
    /// Prometheus 3's `promql-delayed-name-removal`: keep `__name__` until the
    /// end of evaluation so later operations (e.g. `label_replace` onto
    /// `__name__`, or a regex on names) still see it.
    public var delayedNameRemoval: Bool
    /// Step of a subquery written without one (`x[5m:]`), from its range in
    /// milliseconds. Prometheus uses the global evaluation interval (1m).
    public var defaultSubqueryStep: @Sendable (Int64) -> Int64
    /// How the shared vector operators behave where Prometheus and Loki
    /// differ; `.prometheus` for PromQL (the LogQL engine uses `.loki`).
    public var semantics: OperatorSemantics

    public init(lookbackDelta: Int64 = 5 * 60 * 1000, maxSamples: Int = 50_000_000, timeout: Duration? = .seconds(120),
                delayedNameRemoval: Bool = false,
                defaultSubqueryStep: @escaping @Sendable (Int64) -> Int64 = { _ in 60_000 },
                semantics: OperatorSemantics = .prometheus) {
        self.lookbackDelta = lookbackDelta
        self.maxSamples = maxSamples
        self.timeout = timeout
        self.delayedNameRemoval = delayedNameRemoval
        self.defaultSubqueryStep = defaultSubqueryStep
        self.semantics = semantics
    }

    /// The settings of Prometheus's own test engine (`promqltest`): delayed
    /// name removal on, 5m lookback, 1m default subquery step, 100s timeout.
    public static var promqlTest: EngineOptions {
        EngineOptions(timeout: .seconds(100), delayedNameRemoval: true)
    }
}
