import VigilSyntax

extension LogQLExpr {
    /// Loki's `optimizeSampleExpr` (`removeLineformat`), which every metric
    /// query goes through: in a range aggregation other than
    /// `bytes_over_time`/`bytes_rate`, a `line_format` that no later parser
    /// or line filter reads is dropped. The count, rate or unwrapped value
    /// cannot depend on it — but its template errors would otherwise fail
    /// the query, and Loki's does not fail.
    func removingUnusedLineFormats() -> LogQLExpr {
        switch self {
        case .rangeAggregation(var node):
            guard node.operation != .bytesOverTime, node.operation != .bytesRate else { return self }
            let stages = node.range.selector.stages
            node.range.selector.stages = stages.indices.compactMap { index in
                guard case .lineFormat = stages[index] else { return stages[index] }
                return stages[index...].contains(where: \.readsTheLine) ? stages[index] : nil
            }
            return .rangeAggregation(node)
        case .vectorAggregation(var node):
            node.expr = node.expr.removingUnusedLineFormats()
            return .vectorAggregation(node)
        case .binary(var node):
            node.lhs = node.lhs.removingUnusedLineFormats()
            node.rhs = node.rhs.removingUnusedLineFormats()
            return .binary(node)
        case .labelReplace(var node):
            node.expr = node.expr.removingUnusedLineFormats()
            return .labelReplace(node)
        case .log, .literal, .vector:
            return self
        }
    }
}

private extension PipelineStage {
    /// The stages after which Loki keeps a `line_format`: parsers and line filters.
    var readsTheLine: Bool {
        switch self {
        case .lineFilter, .json, .logfmt, .regexp, .pattern, .unpack: return true
        default: return false
        }
    }
}
