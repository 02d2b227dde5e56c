/// Where Prometheus's and Loki's evaluators disagree about the vector
/// operators both languages share, the choice each operator makes. PromQL
/// runs with `.prometheus`, LogQL with `.loki`; the operators are the same
/// classes either way (docs/logql.md lists the differences).
public struct OperatorSemantics: Sendable, Hashable {
    /// `sum`, `avg`, `stddev` and `stdvar` fold with Prometheus's arithmetic
    /// (Kahan–Neumaier sums, a mean from the compensated sum, NaN variance
    /// for a NaN or infinite first value). Loki adds plainly (`+=`), keeps an
    /// incremental mean from the first value and starts Welford's sum at 0.
    public var compensatedAggregation: Bool
    /// `topk`/`bottomk` replace the heap's root and fix the heap, replacing a
    /// NaN root only with a number (Prometheus). Loki pops the root and
    /// pushes the newcomer, and replaces a NaN root with anything.
    public var selectionPopsAndPushes: Bool
    /// Arithmetic, `bool` comparisons, negation and `ignoring` matching drop
    /// (or ignore) `__name__`, as Prometheus does. Loki never treats the name
    /// specially there (LogQL series have none unless a query makes one).
    public var dropsMetricName: Bool
    /// `x / 0` and `x % 0` are NaN (Loki's `MergeBinOp` guard) instead of
    /// IEEE's ±Inf and NaN.
    public var divisionByZeroIsNaN: Bool
    /// `label_replace` results that end up with equal labels are merged, or
    /// rejected when they meet at a step (Prometheus). Loki keeps them as
    /// separate series.
    public var mergesRelabelledSeries: Bool
    /// Where duplicates on the "one" side of a vector match are an error.
    public var oneSideDuplicates: DuplicateCheck

    public enum DuplicateCheck: Sendable, Hashable {
        /// Within a match group, at steps where the other side has a value
        /// (Vigil's reading of Prometheus's check; docs/promql.md).
        case matchedGroups
        /// Anywhere on the "one" side at any step, whether or not the other
        /// side has a partner, with Loki's message (`vectorBinop`).
        case wholeSide
    }

    public init(compensatedAggregation: Bool, selectionPopsAndPushes: Bool, dropsMetricName: Bool,
                divisionByZeroIsNaN: Bool, mergesRelabelledSeries: Bool, oneSideDuplicates: DuplicateCheck) {
        self.compensatedAggregation = compensatedAggregation
        self.selectionPopsAndPushes = selectionPopsAndPushes
        self.dropsMetricName = dropsMetricName
        self.divisionByZeroIsNaN = divisionByZeroIsNaN
        self.mergesRelabelledSeries = mergesRelabelledSeries
        self.oneSideDuplicates = oneSideDuplicates
    }

    /// Prometheus 3.x (`promql/engine.go`).
    public static let prometheus = OperatorSemantics(
        compensatedAggregation: true, selectionPopsAndPushes: false, dropsMetricName: true,
        divisionByZeroIsNaN: false, mergesRelabelledSeries: true, oneSideDuplicates: .matchedGroups)

    /// Loki 3.x (`pkg/logql/evaluator.go`, `syntax.MergeBinOp`).
    public static let loki = OperatorSemantics(
        compensatedAggregation: false, selectionPopsAndPushes: true, dropsMetricName: false,
        divisionByZeroIsNaN: true, mergesRelabelledSeries: false, oneSideDuplicates: .wholeSide)
}
