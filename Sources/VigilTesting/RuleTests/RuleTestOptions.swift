import Foundation
import VigilCore
import VigilEngine
import VigilSyntax

/// How `vigil test rules` runs test files.
public struct RuleTestOptions: Sendable {
    /// PromQL syntax accepted in rule files and expression tests (promtool's
    /// `--enable-feature=promql-experimental-functions`, …); default: none.
    public var parserOptions: PromQLParser.Options
    /// `--enable-feature=promql-delayed-name-removal`.
    public var delayedNameRemoval: Bool
    /// Only test groups whose name this regex matches (unanchored) run, as
    /// with promtool's `--run`; nil runs all.
    public var run: RE2Regex?
    /// Print what promtool's `--debug` prints: each group's start and
    /// duration, and all series at its last evaluation time.
    public var debug: Bool
    /// Evaluates LogQL: Vigil's LogQL engine by default. With nil, Loki rule
    /// files and `logql_expr_test` fail with a clear message.
    public var logql: LogQLBackend?
    /// Test groups run concurrently on up to this many threads.
    public var parallelism: Int

    public init(parserOptions: PromQLParser.Options = .init(), delayedNameRemoval: Bool = false, run: RE2Regex? = nil,
                debug: Bool = false, logql: LogQLBackend? = .engine(), parallelism: Int = RuleTestOptions.defaultParallelism) {
        self.parserOptions = parserOptions
        self.delayedNameRemoval = delayedNameRemoval
        self.run = run
        self.debug = debug
        self.logql = logql
        self.parallelism = max(1, parallelism)
    }

    public static var defaultParallelism: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// promtool's test engine (`promqltest.LazyLoader`): at most 10,000
    /// samples per query, 100 s timeout, 5m lookback, subqueries without a
    /// step use the file's evaluation interval.
    func engine(evaluationInterval: Int64) -> Engine {
        let options = EngineOptions(
            lookbackDelta: 5 * 60_000, maxSamples: 10_000, timeout: .seconds(100),
            delayedNameRemoval: delayedNameRemoval, defaultSubqueryStep: { _ in evaluationInterval })
        return Engine(options: options, parserOptions: parserOptions)
    }

    /// Whether a test group named `name` runs.
    func selects(_ name: String) -> Bool {
        run?.contains(in: name) ?? true
    }
}
