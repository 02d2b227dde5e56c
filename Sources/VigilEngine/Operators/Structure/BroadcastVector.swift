/// A step-invariant instant vector (everything under an `@`, or made of
/// literals): its child is evaluated once, on a one-step grid, and each
/// series' value is repeated at every step.
final class BroadcastVector: InstantVectorOperator {
    private let child: InstantVectorOperator
    private let context: QueryContext
    private let steps: Int

    init(child: InstantVectorOperator, context: QueryContext, steps: Int) {
        self.child = child
        self.context = context
        self.steps = steps
    }

    func seriesMetadata() throws -> [SeriesMetadata] { try child.seriesMetadata() }

    func next() throws -> StepSeries {
        let single = try child.next()
        context.drop(single)
        var series = StepSeries(count: steps)
        if let value = single[0] { series = StepSeries(repeating: value, count: steps) }
        try context.hold(series)
        return series
    }
}

/// A step-invariant scalar, evaluated once and repeated at every step.
final class BroadcastScalar: ScalarOperator {
    private let child: ScalarOperator
    private let steps: Int

    init(child: ScalarOperator, steps: Int) {
        self.child = child
        self.steps = steps
    }

    func values() throws -> [Double] {
        let single = try child.values()
        return Array(repeating: single.first ?? .nan, count: steps)
    }
}
