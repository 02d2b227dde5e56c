/// `irate` and `idelta`: from the last two samples of each window. O(1) per step.
struct InstantRate: RangeKernel {
    let isRate: Bool

    func evaluate(_ input: RangeWindowInput, context: QueryContext) throws -> StepSeries {
        var series = StepSeries(count: input.bounds.count)
        for (step, window) in input.bounds.enumerated() where window.count >= 2 {
            let last = window.upperBound - 1, previous = last - 1
            let interval = input.timestamps[last] - input.timestamps[previous]
            guard interval != 0 else { continue }
            let current = input.values[last], before = input.values[previous]
            var result = current
            if !isRate || !(current < before) { result = current - before }
            if isRate { result /= Double(interval) / 1000 }
            series.set(step, result)
        }
        return series
    }
}
