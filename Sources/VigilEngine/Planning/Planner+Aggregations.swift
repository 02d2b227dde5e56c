import VigilCore
import VigilSyntax

extension Planner {
    func aggregation(_ node: AggregateExpr, _ grid: StepGrid) throws -> InstantVectorOperator {
        let child = try instant(node.expr, grid)
        if node.op == .countValues {
            guard let param = node.param else { throw QueryError.invalid("count_values needs a label name") }
            let label = try string(param)
            guard label.isValidUTF8, !label.bytes.isEmpty else {
                throw QueryError.execution("invalid label name \(GoString.quote(utf8: label.bytes))")
            }
            return CountValuesAggregation(child: child, label: label.value, grouping: node.grouping,
                                          without: node.without, context: context, steps: grid.count)
        }
        let parameter = try node.param.map { try scalar($0, grid) }
        return try builder(grid).aggregation(node.op, child, grouping: Grouping(node.grouping, without: node.without),
                                             parameter: parameter, parameterRange: node.param?.sourceRange)
    }
}
