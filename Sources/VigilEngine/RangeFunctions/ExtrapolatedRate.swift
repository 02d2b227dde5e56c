/// `rate`, `increase` and `delta` (Prometheus's `extrapolatedRate`): the
/// change between the first and last sample of the window, corrected for
/// counter resets, extrapolated towards the window's edges (all the way
/// when the edge is within 1.1 average sample intervals, else half an
/// interval; never below zero for counters).
///
/// Resets are found once per series; each window then adds the resets that
/// fall inside it one by one, in sample order, as Prometheus does, so the
/// sum is bit-exact. Cost: O(samples + steps + resets per window).
struct ExtrapolatedRate: RangeKernel {
    let isCounter: Bool
    let isRate: Bool

    func evaluate(_ input: RangeWindowInput, context: QueryContext) throws -> StepSeries {
        let times = input.timestamps, values = input.values
        var resets: [Int] = []  // i where values[i] < values[i - 1]
        if isCounter {
            for index in values.indices.dropFirst() where values[index] < values[index - 1] { resets.append(index) }
        }
        var series = StepSeries(count: input.bounds.count)
        var resetCursor = 0
        var previousFirst = Int.min
        let range = input.windows.range
        let rangeSeconds = Double(range / 1000) + Double((range % 1000) * 1_000_000) / 1e9
        for (step, window) in input.bounds.enumerated() where window.count >= 2 {
            let first = window.lowerBound, last = window.upperBound - 1
            var result = values[last] - values[first]
            if isCounter {
                if first < previousFirst { resetCursor = 0 }
                previousFirst = first
                while resetCursor < resets.count, resets[resetCursor] <= first { resetCursor += 1 }
                var cursor = resetCursor
                while cursor < resets.count, resets[cursor] <= last {
                    result += values[resets[cursor] - 1]
                    cursor += 1
                }
            }
            let rangeEnd = input.windows.ends[step]
            let rangeStart = rangeEnd - range
            var durationToStart = Double(times[first] - rangeStart) / 1000
            var durationToEnd = Double(rangeEnd - times[last]) / 1000
            let sampledInterval = Double(times[last] - times[first]) / 1000
            let averageInterval = sampledInterval / Double(window.count - 1)
            let threshold = averageInterval * 1.1
            if durationToStart >= threshold { durationToStart = averageInterval / 2 }
            if isCounter {
                var durationToZero = durationToStart
                if result > 0 && values[first] >= 0 { durationToZero = sampledInterval * (values[first] / result) }
                if durationToZero < durationToStart { durationToStart = durationToZero }
            }
            if durationToEnd >= threshold { durationToEnd = averageInterval / 2 }
            var factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval
            if isRate { factor /= rangeSeconds }
            series.set(step, result * factor)
        }
        return series
    }
}
