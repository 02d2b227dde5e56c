/// `scalar(v)`: at each step the value of the only series of `v` with a
/// value, or NaN when there are none or several.
final class ScalarFromVector: ScalarOperator {
    private let child: InstantVectorOperator
    private let context: QueryContext
    private let steps: Int

    init(child: InstantVectorOperator, context: QueryContext, steps: Int) {
        self.child = child
        self.context = context
        self.steps = steps
    }

    func values() throws -> [Double] {
        var result = Array(repeating: Double.nan, count: steps)
        var seen = Array(repeating: 0, count: steps)
        let count = try child.seriesMetadata().count
        for _ in 0..<count {
            let series = try child.next()
            for step in series.present.presentIndices {
                seen[step] += 1
                result[step] = seen[step] == 1 ? series.values[step] : .nan
            }
            context.drop(series)
        }
        return result
    }
}
