import VigilSyntax

extension Planner {
    func binary(_ node: BinaryExpr, _ grid: StepGrid) throws -> InstantVectorOperator {
        let lhsType = node.lhs.type, rhsType = node.rhs.type
        let build = builder(grid)
        if lhsType == .instantVector && rhsType == .instantVector {
            let matching = node.matching ?? VectorMatching(cardinality: node.op.isSetOperator ? .manyToMany : .oneToOne)
            if matching.fill != nil {
                throw QueryError.unsupported("fill modifiers are not supported yet")
            }
            return build.vectorBinary(node.op, try instant(node.lhs, grid), try instant(node.rhs, grid),
                                          matching: matching, returnBool: node.returnBool)
        }
        if lhsType == .instantVector {
            return build.vectorScalar(node.op, vector: try instant(node.lhs, grid), scalar: try scalar(node.rhs, grid),
                                      scalarOnLeft: false, returnBool: node.returnBool)
        }
        if rhsType == .instantVector {
            return build.vectorScalar(node.op, vector: try instant(node.rhs, grid), scalar: try scalar(node.lhs, grid),
                                      scalarOnLeft: true, returnBool: node.returnBool)
        }
        throw QueryError.invalid("binary operation between \(lhsType.documentedName) and \(rhsType.documentedName)")
    }
}
