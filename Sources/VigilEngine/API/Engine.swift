import VigilCore
import VigilStorage
import VigilSyntax

/// The PromQL engine: parses a query, plans it into streaming operators and
/// evaluates it against a `SeriesSnapshot`.
///
///     let engine = Engine(options: EngineOptions())
///     let result = try engine.instantQuery("sum(rate(x[5m]))", at: t, on: store.snapshot())
///
/// An `Engine` is a value holding only options: share it freely; each query
/// gets its own context (sample budget, deadline, annotations).
public struct Engine: Sendable {
    public var options: EngineOptions
    public var parserOptions: PromQLParser.Options

    public init(options: EngineOptions = EngineOptions(), parserOptions: PromQLParser.Options = .init()) {
        self.options = options
        self.parserOptions = parserOptions
    }

    /// Parses and type-checks a query with this engine's parser options.
    public func parse(_ text: String) throws(QueryFailure) -> Expr {
        do {
            return try PromQLParser(options: parserOptions).parse(text)
        } catch {
            throw QueryFailure(error: .parse(error), annotations: Annotations())
        }
    }

    /// Evaluates `text` at one instant (milliseconds).
    public func instantQuery(_ text: String, at time: Int64, on snapshot: SeriesSnapshot,
                             cancellation: CancellationToken? = nil) throws(QueryFailure) -> QueryResult {
        try instantQuery(try parse(text), at: time, on: snapshot, cancellation: cancellation)
    }

    /// Evaluates a parsed expression at one instant: what a rule evaluator
    /// calls every interval without parsing again.
    public func instantQuery(_ expr: Expr, at time: Int64, on snapshot: SeriesSnapshot,
                             cancellation: CancellationToken? = nil) throws(QueryFailure) -> QueryResult {
        let grid = StepGrid(instant: time)
        let context = QueryContext(snapshot: snapshot, options: options, queryGrid: grid, isRangeQuery: false,
                                   token: cancellation)
        return try run(expr, grid: grid, context: context, instant: true)
    }

    /// Evaluates `text` at every step from `start` to `end` (milliseconds).
    public func rangeQuery(_ text: String, start: Int64, end: Int64, step: Int64, on snapshot: SeriesSnapshot,
                           cancellation: CancellationToken? = nil) throws(QueryFailure) -> QueryResult {
        try rangeQuery(try parse(text), start: start, end: end, step: step, on: snapshot, cancellation: cancellation)
    }

    public func rangeQuery(_ expr: Expr, start: Int64, end: Int64, step: Int64, on snapshot: SeriesSnapshot,
                           cancellation: CancellationToken? = nil) throws(QueryFailure) -> QueryResult {
        guard step > 0 else {
            throw QueryFailure(error: .invalid(
                "zero or negative query resolution step widths are not accepted. Try a positive integer"),
                annotations: Annotations())
        }
        guard end >= start else {
            throw QueryFailure(error: .invalid("end timestamp must not be before start time"), annotations: Annotations())
        }
        guard expr.type == .instantVector || expr.type == .scalar else {
            throw QueryFailure(error: .invalid("invalid expression type \"\(expr.type.documentedName)\" for range query, "
                + "must be Scalar or instant Vector"), annotations: Annotations())
        }
        let grid = StepGrid(start: start, end: end, step: step)
        let context = QueryContext(snapshot: snapshot, options: options, queryGrid: grid, isRangeQuery: true,
                                   token: cancellation)
        return try run(expr, grid: grid, context: context, instant: false)
    }

    private func run(_ expr: Expr, grid: StepGrid, context: QueryContext, instant: Bool) throws(QueryFailure)
        -> QueryResult {
        do {
            let planner = Planner(context: context)
            let assembler = ResultAssembler(context: context, grid: grid)
            let value: QueryValue
            switch expr.type {
            case .instantVector: value = try assembler.vector(planner.instant(expr, grid), instant: instant)
            case .scalar: value = try assembler.scalar(planner.scalar(expr, grid), instant: instant)
            case .rangeVector: value = try assembler.rangeVector(planner.range(expr, grid))
            case .string: value = .string(time: grid.start, value: try planner.string(expr).value)
            }
            return QueryResult(value: value, annotations: context.annotations, peakSamples: context.memory.peak)
        } catch let error as QueryError {
            throw QueryFailure(error: error, annotations: context.annotations)
        } catch {
            throw QueryFailure(error: .execution("\(error)"), annotations: context.annotations)
        }
    }
}
