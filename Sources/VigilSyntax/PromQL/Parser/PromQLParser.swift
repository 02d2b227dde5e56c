/// Parses PromQL (Prometheus 3.14) into an `Expr`, type-checked as
/// Prometheus's `checkAST` does.
///
///     let expr = try PromQLParser().parse(#"sum by (job) (rate(x[5m]))"#)
///
/// The experimental syntax Prometheus puts behind feature flags is off by
/// default and rejected with the message Prometheus gives when its flag is off.
public struct PromQLParser: Sendable {
    public struct Options: Hashable, Sendable {
        /// `--enable-feature=promql-experimental-functions`: the experimental
        /// functions (`info`, `sort_by_label`, `mad_over_time`, ...) and the
        /// `limitk` / `limit_ratio` aggregations.
        public var experimentalFunctions: Bool
        /// `--enable-feature=promql-duration-expr`: arithmetic, `step()`,
        /// `range()`, `min_of()`, `max_of()` and parentheses in ranges,
        /// subquery steps and offsets.
        public var durationExpressions: Bool
        /// `--enable-feature=promql-extended-range-selectors`: `anchored` and `smoothed`.
        public var extendedRangeSelectors: Bool
        /// `--enable-feature=promql-binop-fill-modifiers`: `fill`, `fill_left`, `fill_right`.
        public var binopFillModifiers: Bool
        /// The deepest expression tree accepted (parentheses, operands of
        /// operator chains, arguments, unary signs all count). Deeper queries
        /// get a parse error instead of exhausting the stack of the parser and
        /// of every recursive consumer of the AST: a debug build needs up to
        /// about 12 KB of stack per level, so the default of 256 stays within
        /// 4 MB. Prometheus itself has no limit.
        public var maximumNesting: Int

        public init(experimentalFunctions: Bool = false, durationExpressions: Bool = false,
                    extendedRangeSelectors: Bool = false, binopFillModifiers: Bool = false,
                    maximumNesting: Int = PromQLParser.defaultMaximumNesting) {
            self.experimentalFunctions = experimentalFunctions
            self.durationExpressions = durationExpressions
            self.extendedRangeSelectors = extendedRangeSelectors
            self.binopFillModifiers = binopFillModifiers
            self.maximumNesting = maximumNesting
        }

        /// Every experimental feature on, as Prometheus's own test engine runs
        /// its conformance suite.
        public static let all = Options(experimentalFunctions: true, durationExpressions: true,
                                        extendedRangeSelectors: true, binopFillModifiers: true)
    }

    public static let defaultMaximumNesting = 256

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// Parses and type-checks one expression. Errors carry the `line:column`
    /// of the offending text (lines count from 1 within `query`).
    public func parse(_ query: String) throws(ParseError) -> Expr {
        let bytes = Array(query.utf8)
        var parser = ParserCore(bytes: bytes, options: options)
        let parsed = try parser.parseQuery()
        var checker = TypeChecker(bytes: bytes, lines: parser.lines)
        return try checker.check(parsed)
    }
}

extension Expr {
    /// Parses `query` with `options` (all experimental syntax off by default).
    public static func parse(_ query: String, options: PromQLParser.Options = .init()) throws(ParseError) -> Expr {
        try PromQLParser(options: options).parse(query)
    }
}
