/// `changes` and `resets` from prefix counts of the qualifying sample
/// pairs: O(samples + steps) per series.
struct PrefixCount: RangeKernel {
    let counts: (_ previous: Double, _ current: Double) -> Bool

    static var changes: PrefixCount { PrefixCount { previous, current in current != previous && !(current.isNaN && previous.isNaN) } }
    static var resets: PrefixCount { PrefixCount { previous, current in current < previous } }

    func evaluate(_ input: RangeWindowInput, context: QueryContext) throws -> StepSeries {
        let values = input.values
        // prefix[i]: qualifying pairs (j - 1, j) with j < i.
        var prefix = [0]
        prefix.reserveCapacity(values.count + 1)
        for index in values.indices {
            prefix.append(prefix[index] + (index > 0 && counts(values[index - 1], values[index]) ? 1 : 0))
        }
        var series = StepSeries(count: input.bounds.count)
        for (step, window) in input.bounds.enumerated() where !window.isEmpty {
            series.set(step, Double(prefix[window.upperBound] - prefix[window.lowerBound + 1]))
        }
        return series
    }
}
