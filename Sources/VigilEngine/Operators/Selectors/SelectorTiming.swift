import VigilSyntax

/// When a selector (or subquery) reads its data at each step: the step's
/// time, or the fixed `@` time, moved back by the offset. Prometheus
/// resolves `@ start()` / `@ end()` to the bounds of the whole query, even
/// inside subqueries.
struct SelectorTiming {
    /// Fixed evaluation time from `@`, if any.
    let at: Int64?
    /// Resolved offset (may be negative).
    let offset: Int64

    init(at: AtModifier?, offset: DurationValue?, context: QueryContext) throws {
        switch at {
        case .timestamp(let time)?: self.at = time
        case .start?: self.at = context.queryGrid.start
        case .end?: self.at = context.queryGrid.end
        case nil: self.at = nil
        }
        self.offset = try offset.map { try context.resolve($0, allowNegative: true) } ?? 0
    }

    /// The reference time for a step at `time`.
    @inline(__always)
    func reference(_ time: Int64) -> Int64 { (at ?? time) &- offset }

    /// Reference times for every step of `grid`.
    func references(_ grid: StepGrid) -> [Int64] { (0..<grid.count).map { reference(grid.time(at: $0)) } }
}

extension QueryContext {
    /// A range, step or offset in milliseconds for this query (duration
    /// expressions see the query's step and range).
    func resolve(_ duration: DurationValue, allowNegative: Bool) throws -> Int64 {
        let step = isRangeQuery ? queryGrid.step : 0
        do {
            return try duration.milliseconds(step: step, queryRange: queryGrid.end &- queryGrid.start,
                                             allowNegative: allowNegative)
        } catch {
            throw QueryError.execution(error.message)
        }
    }
}
