import VigilCore

/// The `@` modifier: a fixed evaluation time or the query's start or end.
public enum AtModifier: Hashable, Sendable {
    /// Milliseconds since the epoch (`@ 1609746000` is 1609746000000).
    case timestamp(Int64)
    /// `@ start()`
    case start
    /// `@ end()`
    case end
}

/// The experimental extended range selectors (`--enable-feature=promql-extended-range-selectors`).
public enum ExtendedRangeModifier: String, Hashable, Sendable {
    /// `foo[5m] anchored`: the range is anchored to samples at its boundaries.
    case anchored
    /// `foo[5m] smoothed`: boundary values are interpolated.
    case smoothed
}

/// `metric{label="value"}` with its modifiers.
public struct VectorSelector: Hashable, Sendable {
    /// The metric name written before the braces (`foo` in `foo{a="b"}`);
    /// `nil` when the name is given as a matcher (`{__name__="foo"}`, `{"foo"}`).
    public var name: String?
    /// All matchers in source order. When `name` is set, an implicit
    /// `__name__="name"` matcher comes last, as in Prometheus.
    public var matchers: [LabelMatcher]
    public var offset: DurationValue?
    public var at: AtModifier?
    public var extendedRange: ExtendedRangeModifier?
    public var sourceRange: SourceRange

    public init(name: String?, matchers: [LabelMatcher], offset: DurationValue? = nil, at: AtModifier? = nil,
                extendedRange: ExtendedRangeModifier? = nil, sourceRange: SourceRange) {
        self.name = name
        self.matchers = matchers
        self.offset = offset
        self.at = at
        self.extendedRange = extendedRange
        self.sourceRange = sourceRange
    }

    /// Matcher order carries no meaning (the printer sorts them), so
    /// equality compares them as a multiset.
    public static func == (lhs: VectorSelector, rhs: VectorSelector) -> Bool {
        lhs.name == rhs.name && lhs.offset == rhs.offset && lhs.at == rhs.at
            && lhs.extendedRange == rhs.extendedRange
            && lhs.matchers.count == rhs.matchers.count
            && lhs.sortedMatcherTexts == rhs.sortedMatcherTexts
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(offset)
        hasher.combine(at)
        hasher.combine(extendedRange)
        hasher.combine(sortedMatcherTexts)
    }

    var sortedMatcherTexts: [String] { matchers.map(\.description).sorted(by: GoString.less) }
}

/// `selector[range]`: a range vector. Offset, `@` and `anchored`/`smoothed`
/// live on the inner selector, as in Prometheus.
public struct MatrixSelector: Hashable, Sendable {
    public var selector: VectorSelector
    public var range: DurationValue
    public var sourceRange: SourceRange

    public init(selector: VectorSelector, range: DurationValue, sourceRange: SourceRange) {
        self.selector = selector
        self.range = range
        self.sourceRange = sourceRange
    }

    public static func == (lhs: MatrixSelector, rhs: MatrixSelector) -> Bool {
        lhs.selector == rhs.selector && lhs.range == rhs.range
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(selector)
        hasher.combine(range)
    }
}

/// `expr[range:step]`: evaluates `expr` at each step over the range.
public struct SubqueryExpr: Hashable, Sendable {
    public var expr: Expr
    public var range: DurationValue
    /// `nil` for `[5m:]`: the evaluator uses the default resolution.
    public var step: DurationValue?
    public var offset: DurationValue?
    public var at: AtModifier?
    public var sourceRange: SourceRange

    public init(expr: Expr, range: DurationValue, step: DurationValue?, offset: DurationValue? = nil,
                at: AtModifier? = nil, sourceRange: SourceRange) {
        self.expr = expr
        self.range = range
        self.step = step
        self.offset = offset
        self.at = at
        self.sourceRange = sourceRange
    }

    public static func == (lhs: SubqueryExpr, rhs: SubqueryExpr) -> Bool {
        lhs.expr == rhs.expr && lhs.range == rhs.range && lhs.step == rhs.step
            && lhs.offset == rhs.offset && lhs.at == rhs.at
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(expr)
        hasher.combine(range)
        hasher.combine(step)
        hasher.combine(offset)
        hasher.combine(at)
    }
}
