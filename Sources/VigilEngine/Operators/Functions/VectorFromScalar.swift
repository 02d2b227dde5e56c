import VigilCore

/// `vector(s)`: one series without labels holding the scalar at every step.
final class VectorFromScalar: InstantVectorOperator {
    private let scalar: ScalarOperator
    private let context: QueryContext

    init(scalar: ScalarOperator, context: QueryContext) {
        self.scalar = scalar
        self.context = context
    }

    func seriesMetadata() throws -> [SeriesMetadata] { [SeriesMetadata(labels: .empty)] }

    func next() throws -> StepSeries {
        let values = try scalar.values()
        let series = StepSeries(values: values, present: StepMask(count: values.count, allPresent: true))
        try context.hold(series)
        return series
    }
}
