import VigilCore
import VigilSyntax

extension Planner {
    func aggregation(_ node: AggregateExpr, _ grid: StepGrid) throws -> InstantVectorOperator {
        let grouping = Grouping(node.grouping, without: node.without)
        let child = try instant(node.expr, grid)
        func parameter() throws -> ScalarOperator {
            guard let param = node.param else { throw QueryError.invalid("\(node.op.rawValue) needs a parameter") }
            return try scalar(param, grid)
        }
        let parameterRange = node.param?.sourceRange
        func simple(_ kind: Aggregation.Kind, _ parameter: ScalarOperator? = nil) -> InstantVectorOperator {
            Aggregation(op: kind, child: child, grouping: grouping, parameter: parameter,
                        parameterRange: parameterRange, context: context, steps: grid.count)
        }
        func selection(_ kind: SelectionAggregation.Kind) throws -> InstantVectorOperator {
            SelectionAggregation(kind: kind, child: child, grouping: grouping, parameter: try parameter(),
                                 parameterRange: parameterRange, context: context, steps: grid.count)
        }
        switch node.op {
        case .sum: return simple(.sum)
        case .avg: return simple(.avg)
        case .count: return simple(.count)
        case .group: return simple(.group)
        case .min: return simple(.min)
        case .max: return simple(.max)
        case .stddev: return simple(.stddev)
        case .stdvar: return simple(.stdvar)
        case .quantile: return simple(.quantile, try parameter())
        case .topk: return try selection(.topk)
        case .bottomk: return try selection(.bottomk)
        case .limitk: return try selection(.limitk)
        case .limitRatio: return try selection(.limitRatio)
        case .countValues:
            guard let param = node.param else { throw QueryError.invalid("count_values needs a label name") }
            let label = try string(param)
            guard label.isValidUTF8, !label.bytes.isEmpty else {
                throw QueryError.execution("invalid label name \(GoString.quote(utf8: label.bytes))")
            }
            return CountValuesAggregation(child: child, label: label.value, grouping: node.grouping,
                                          without: node.without, context: context, steps: grid.count)
        }
    }
}
