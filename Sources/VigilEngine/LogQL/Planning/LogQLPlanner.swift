import VigilCore
import VigilStorage
import VigilSyntax

/// Plans a LogQL metric expression into the PromQL engine's operators:
/// range aggregations are the leaves (`RangeAggregationVector`); vector
/// aggregations, binary operators, `label_replace`, `vector()` and `sort`
/// are the shared operators, built by `OperatorBuilder` with Loki's
/// semantics in the context. Literal legs of a binary operation become
/// scalars, as Loki's `LiteralStepEvaluator` treats them.
struct LogQLPlanner {
    let context: QueryContext
    let grid: LogQLStepGrid
    let evaluator: RangeAggregationEvaluator

    private var build: OperatorBuilder { OperatorBuilder(context: context, steps: grid.count) }

    func instant(_ expr: LogQLExpr) throws -> InstantVectorOperator {
        switch expr {
        case .rangeAggregation(let node):
            return RangeAggregationVector(node, groupingOverride: nil, grid: grid, evaluator: evaluator,
                                          context: context)
        case .vectorAggregation(let node):
            return try aggregation(node)
        case .binary(let node):
            return try binary(node)
        case .labelReplace(let node):
            let regex: RE2Regex
            do {
                // Loki compiles `^(?:regex)$` with Go's default flags (`.` stops at newlines).
                regex = try RE2Regex("^(?:" + node.regex + ")$")
            } catch {
                throw LogQLError(.invalidQuery, "invalid regex in label_replace: \(error.description)")
            }
            return build.labelReplace(try instant(node.expr), destination: node.destination,
                                      replacement: node.replacement, source: node.source, regex: regex)
        case .vector(let number):
            return build.vector(ConstantScalar(number.value, steps: grid.count))
        case .literal:
            throw LogQLError(.invalidQuery, "a number is not an instant vector here")
        case .log:
            throw LogQLError(.invalidQuery, "a log query cannot be used as a metric expression")
        }
    }

    private func aggregation(_ node: VectorAggregation) throws -> InstantVectorOperator {
        switch node.operation {
        case .sort: return build.sort(try instant(node.expr), .ascending)
        case .sortDesc: return build.sort(try instant(node.expr), .descending)
        default: break
        }
        guard let op = node.operation.promQLOperator else {
            throw LogQLError(.invalidQuery, "unknown vector aggregation \(node.operation.rawValue)")
        }
        let child: InstantVectorOperator
        if case .rangeAggregation(let range) = node.expr, Self.acceptsPushedGrouping(op, range) {
            child = RangeAggregationVector(range, groupingOverride: node.grouping, grid: grid, evaluator: evaluator,
                                           context: context)
        } else {
            child = try instant(node.expr)
        }
        let parameter = node.parameter.map { ConstantScalar(Double($0), steps: grid.count) as ScalarOperator }
        return try build.aggregation(op, child, grouping: Grouping(node.grouping.labels, without: node.grouping.without),
                                     parameter: parameter, parameterRange: nil)
    }

    /// Loki's `canInjectVectorGrouping`: a `sum` over `count_over_time`,
    /// `rate`, `bytes_over_time`, `bytes_rate` or `sum_over_time` without a
    /// grouping of its own extracts only the sum's labels. It changes which
    /// labels the parsers extract and how samples are grouped before the
    /// range function, not the sums themselves.
    static func acceptsPushedGrouping(_ op: AggregationOperator, _ range: RangeAggregation) -> Bool {
        guard op == .sum, range.grouping == nil else { return false }
        switch range.operation {
        case .bytesOverTime, .bytesRate, .sumOverTime, .rate, .countOverTime: return true
        default: return false
        }
    }

    private func binary(_ node: LogQLBinaryExpr) throws -> InstantVectorOperator {
        // Loki's `bool` only changes comparisons.
        let returnBool = node.returnBool && node.op.isComparison
        switch (node.lhs, node.rhs) {
        case (.literal, .literal):
            throw LogQLError(.invalidQuery, "a binary operation between two numbers must be folded into one")
        case (.literal(let number), _):
            return build.vectorScalar(node.op, vector: try instant(node.rhs),
                                      scalar: ConstantScalar(number.value, steps: grid.count),
                                      scalarOnLeft: true, returnBool: returnBool)
        case (_, .literal(let number)):
            return build.vectorScalar(node.op, vector: try instant(node.lhs),
                                      scalar: ConstantScalar(number.value, steps: grid.count),
                                      scalarOnLeft: false, returnBool: returnBool)
        default:
            return build.vectorBinary(node.op, try instant(node.lhs), try instant(node.rhs), matching: node.matching,
                                      returnBool: returnBool)
        }
    }
}

extension LogQLExpr {
    /// Loki's `Sortable`: whether `sort` or `sort_desc` appears anywhere, in
    /// which case an instant query keeps the order the operators produce
    /// instead of ordering by labels.
    var containsSort: Bool {
        switch self {
        case .vectorAggregation(let node):
            return node.operation == .sort || node.operation == .sortDesc || node.expr.containsSort
        case .binary(let node): return node.lhs.containsSort || node.rhs.containsSort
        case .labelReplace(let node): return node.expr.containsSort
        case .log, .rangeAggregation, .literal, .vector: return false
        }
    }
}
