import VigilCore
import VigilSyntax

/// Builds the vector operators both languages share from already-planned
/// children: the PromQL `Planner` and the `LogQLPlanner` differ in how they
/// read their ASTs and leaves, not in how they combine vectors.
struct OperatorBuilder {
    let context: QueryContext
    let steps: Int

    /// `lhs op rhs` between two instant vectors: a set operation (`or`
    /// merging series that coincide) or arithmetic/comparison with vector
    /// matching. `fill` modifiers are the caller's to reject.
    func vectorBinary(_ op: BinaryOperator, _ lhs: InstantVectorOperator, _ rhs: InstantVectorOperator,
                      matching: VectorMatching, returnBool: Bool) -> InstantVectorOperator {
        if op.isSetOperator {
            let operation = SetOperation(op: op, lhs: lhs, rhs: rhs, matching: matching, context: context, steps: steps)
            return op == .or ? MergeDuplicates(child: operation, context: context) : operation
        }
        return VectorBinaryOperation(op: op, lhs: lhs, rhs: rhs, matching: matching, returnBool: returnBool,
                                     context: context, steps: steps)
    }

    /// `vector op scalar` or `scalar op vector`.
    func vectorScalar(_ op: BinaryOperator, vector: InstantVectorOperator, scalar: ScalarOperator,
                      scalarOnLeft: Bool, returnBool: Bool) -> InstantVectorOperator {
        VectorScalarOperation(op: op, vector: vector, scalar: scalar, scalarOnLeft: scalarOnLeft,
                              returnBool: returnBool, context: context)
    }

    /// An aggregation other than `count_values` (which needs a label name,
    /// not a scalar). `parameter` is required for `topk`, `bottomk`,
    /// `quantile`, `limitk` and `limit_ratio`.
    func aggregation(_ op: AggregationOperator, _ child: InstantVectorOperator, grouping: Grouping,
                     parameter: ScalarOperator?, parameterRange: SourceRange?) throws -> InstantVectorOperator {
        func required() throws -> ScalarOperator {
            guard let parameter else { throw QueryError.invalid("\(op.rawValue) needs a parameter") }
            return parameter
        }
        func simple(_ kind: Aggregation.Kind, _ parameter: ScalarOperator? = nil) -> InstantVectorOperator {
            Aggregation(op: kind, child: child, grouping: grouping, parameter: parameter,
                        parameterRange: parameterRange, context: context, steps: steps)
        }
        func selection(_ kind: SelectionAggregation.Kind) throws -> InstantVectorOperator {
            SelectionAggregation(kind: kind, child: child, grouping: grouping, parameter: try required(),
                                 parameterRange: parameterRange, context: context, steps: steps)
        }
        switch op {
        case .sum: return simple(.sum)
        case .avg: return simple(.avg)
        case .count: return simple(.count)
        case .group: return simple(.group)
        case .min: return simple(.min)
        case .max: return simple(.max)
        case .stddev: return simple(.stddev)
        case .stdvar: return simple(.stdvar)
        case .quantile: return simple(.quantile, try required())
        case .topk: return try selection(.topk)
        case .bottomk: return try selection(.bottomk)
        case .limitk: return try selection(.limitk)
        case .limitRatio: return try selection(.limitRatio)
        case .countValues: throw QueryError.invalid("count_values needs a label name")
        }
    }

    /// `label_replace(v, destination, replacement, source, regex)`; the
    /// regex is compiled by the caller with its language's anchoring.
    func labelReplace(_ child: InstantVectorOperator, destination: String, replacement: String, source: String,
                      regex: RE2Regex) -> InstantVectorOperator {
        LabelRewrite(child: child, context: context,
                     rewrite: LabelRewrites.replace(destination: destination, replacement: replacement,
                                                    source: source, regex: regex))
    }

    /// `sort`, `sort_desc` and their by-label forms.
    func sort(_ child: InstantVectorOperator, _ order: SortFunction.Order) -> InstantVectorOperator {
        SortFunction(child: child, order: order, context: context, steps: steps)
    }

    /// `vector(s)`.
    func vector(_ scalar: ScalarOperator) -> InstantVectorOperator {
        VectorFromScalar(scalar: scalar, context: context)
    }
}
