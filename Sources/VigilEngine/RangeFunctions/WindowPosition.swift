/// Functions of a window's size or end points, O(1) per step:
/// `count_over_time`, `present_over_time`, `last_over_time`,
/// `first_over_time`, `ts_of_last_over_time`, `ts_of_first_over_time`.
struct WindowPosition: RangeKernel {
    enum Kind { case count, present, last, first, timestampOfLast, timestampOfFirst }
    let kind: Kind

    var keepsMetricName: Bool { kind == .last || kind == .first }

    func evaluate(_ input: RangeWindowInput, context: QueryContext) throws -> StepSeries {
        var series = StepSeries(count: input.bounds.count)
        for (step, window) in input.bounds.enumerated() where !window.isEmpty {
            switch kind {
            case .count: series.set(step, Double(window.count))
            case .present: series.set(step, 1)
            case .last: series.set(step, input.values[window.upperBound - 1])
            case .first: series.set(step, input.values[window.lowerBound])
            case .timestampOfLast: series.set(step, Double(input.timestamps[window.upperBound - 1]) / 1000)
            case .timestampOfFirst: series.set(step, Double(input.timestamps[window.lowerBound]) / 1000)
            }
        }
        return series
    }
}
