import VigilSyntax

extension Planner {
    func binary(_ node: BinaryExpr, _ grid: StepGrid) throws -> InstantVectorOperator {
        let lhsType = node.lhs.type, rhsType = node.rhs.type
        if lhsType == .instantVector && rhsType == .instantVector {
            let matching = node.matching ?? VectorMatching(cardinality: node.op.isSetOperator ? .manyToMany : .oneToOne)
            if matching.fill != nil {
                throw QueryError.unsupported("fill modifiers are not supported yet")
            }
            let lhs = try instant(node.lhs, grid), rhs = try instant(node.rhs, grid)
            if node.op.isSetOperator {
                let operation = SetOperation(op: node.op, lhs: lhs, rhs: rhs, matching: matching, context: context,
                                             steps: grid.count)
                return node.op == .or ? MergeDuplicates(child: operation, context: context) : operation
            }
            return VectorBinaryOperation(op: node.op, lhs: lhs, rhs: rhs, matching: matching,
                                         returnBool: node.returnBool, context: context, steps: grid.count)
        }
        if lhsType == .instantVector {
            return VectorScalarOperation(op: node.op, vector: try instant(node.lhs, grid),
                                         scalar: try scalar(node.rhs, grid), scalarOnLeft: false,
                                         returnBool: node.returnBool, context: context)
        }
        if rhsType == .instantVector {
            return VectorScalarOperation(op: node.op, vector: try instant(node.rhs, grid),
                                         scalar: try scalar(node.lhs, grid), scalarOnLeft: true,
                                         returnBool: node.returnBool, context: context)
        }
        throw QueryError.invalid("binary operation between \(lhsType.documentedName) and \(rhsType.documentedName)")
    }
}
