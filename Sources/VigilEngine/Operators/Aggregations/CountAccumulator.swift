/// `count` (number of inputs with a value) and `group` (always 1).
final class CountAccumulator: Accumulator {
    private var count: [Double]
    private var seen: StepMask
    private let constantOne: Bool

    init(steps: Int, group: Bool) {
        count = Array(repeating: 0, count: steps)
        seen = StepMask(count: steps)
        constantOne = group
    }

    func add(_ series: StepSeries) {
        for step in series.present.presentIndices {
            count[step] += 1
            seen[step] = true
        }
    }

    func finish() -> StepSeries {
        if constantOne { return StepSeries(values: Array(repeating: 1, count: count.count), present: seen) }
        return StepSeries(values: count, present: seen)
    }
}
