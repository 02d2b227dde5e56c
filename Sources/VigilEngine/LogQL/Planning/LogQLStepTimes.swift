import VigilSyntax

/// The timestamp (milliseconds) Loki stamps on a metric query's points at
/// each step. The shared operators only know step indices; Loki's step
/// evaluators each report a time, and a node's points carry the time of
/// its leftmost leaf: a range aggregation reports `(t - offset)/1e6 +
/// offset/1e6` (integer division, so a sub-millisecond offset shows),
/// `vector()` and literals `t/1e6`, a binary operation its left side's
/// (a literal leg the other leg's), aggregations and `label_replace` their
/// argument's.
enum LogQLStepTimes {
    static func millis(_ expr: LogQLExpr, grid: LogQLStepGrid) -> [Int64] {
        switch expr {
        case .rangeAggregation(let node):
            let offset = node.range.offsetNanos
            return (0..<grid.count).map { step in
                (grid.time(at: step) &- offset) / 1_000_000 &+ offset / 1_000_000
            }
        case .vectorAggregation(let node):
            return millis(node.expr, grid: grid)
        case .labelReplace(let node):
            return millis(node.expr, grid: grid)
        case .binary(let node):
            if case .literal = node.lhs { return millis(node.rhs, grid: grid) }
            return millis(node.lhs, grid: grid)
        case .vector, .literal, .log:
            return (0..<grid.count).map { grid.time(at: $0) / 1_000_000 }
        }
    }
}
