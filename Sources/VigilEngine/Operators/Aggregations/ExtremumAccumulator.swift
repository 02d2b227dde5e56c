/// `min` and `max`: a NaN is replaced by any later number, so NaN wins
/// only when every input is NaN.
final class ExtremumAccumulator: Accumulator {
    private var value: [Double]
    private var seen: StepMask
    private let maximum: Bool

    init(steps: Int, maximum: Bool) {
        value = Array(repeating: 0, count: steps)
        seen = StepMask(count: steps)
        self.maximum = maximum
    }

    func add(_ series: StepSeries) {
        for step in series.present.presentIndices {
            let candidate = series.values[step]
            if !seen[step] {
                value[step] = candidate
                seen[step] = true
            } else if maximum ? (value[step] < candidate || value[step].isNaN)
                              : (value[step] > candidate || value[step].isNaN) {
                value[step] = candidate
            }
        }
    }

    func finish() -> StepSeries { StepSeries(values: value, present: seen) }
}
