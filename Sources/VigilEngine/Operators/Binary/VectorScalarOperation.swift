import VigilSyntax

/// `vector op scalar` or `scalar op vector`, series by series.
/// Arithmetic and `bool` comparisons drop the metric name (Prometheus); a
/// filtering comparison keeps the vector's value where it holds. LogQL's
/// literal operands (Loki's `LiteralStepEvaluator`) run through here too.
final class VectorScalarOperation: InstantVectorOperator {
    private let op: BinaryOperator
    private let vector: InstantVectorOperator
    private let scalar: ScalarOperator
    private let scalarOnLeft: Bool
    private let returnBool: Bool
    private let context: QueryContext
    private var scalarValues: [Double] = []
    private var zeroDivisorIsNaN: Bool { context.options.semantics.divisionByZeroIsNaN }

    init(op: BinaryOperator, vector: InstantVectorOperator, scalar: ScalarOperator, scalarOnLeft: Bool,
         returnBool: Bool, context: QueryContext) {
        self.op = op
        self.vector = vector
        self.scalar = scalar
        self.scalarOnLeft = scalarOnLeft
        self.returnBool = returnBool
        self.context = context
    }

    func seriesMetadata() throws -> [SeriesMetadata] {
        scalarValues = try scalar.values()
        let inputs = try vector.seriesMetadata()
        guard BinaryArithmetic.dropsMetricName(op) || returnBool else { return inputs }
        return inputs.map(context.droppingName)
    }

    func next() throws -> StepSeries {
        var series = try vector.next()
        for step in series.present.presentIndices {
            let element = series.values[step]
            let scalarValue = scalarValues[step]
            let (lhs, rhs) = scalarOnLeft ? (scalarValue, element) : (element, scalarValue)
            var (value, keep) = BinaryArithmetic.apply(op, lhs, rhs, zeroDivisorIsNaN: zeroDivisorIsNaN)
            if op.isComparison { value = element }
            if returnBool {
                series.set(step, keep ? 1 : 0)
            } else if keep {
                series.set(step, value)
            } else {
                series.present[step] = false
            }
        }
        return series
    }
}
