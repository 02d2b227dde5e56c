/// `min_over_time` and `max_over_time` with a monotonic deque: O(samples +
/// steps) per series. NaN only wins when the whole window is NaN, and among
/// equal values the earliest is kept, exactly as Prometheus's loop does.
struct SlidingExtremum: RangeKernel {
    let maximum: Bool

    func evaluate(_ input: RangeWindowInput, context: QueryContext) throws -> StepSeries {
        let values = input.values
        var series = StepSeries(count: input.bounds.count)
        var deque: [Int] = []
        var head = 0
        var pushed = 0
        var previous = 0..<0
        for (step, window) in input.bounds.enumerated() {
            if window.lowerBound < previous.lowerBound || window.upperBound < previous.upperBound {
                deque.removeAll(keepingCapacity: true); head = 0; pushed = window.lowerBound
            }
            previous = window
            if pushed < window.lowerBound { pushed = window.lowerBound }
            while pushed < window.upperBound {
                let value = values[pushed]
                if !value.isNaN {
                    while deque.count > head, let back = deque.last,
                          maximum ? values[back] < value : values[back] > value {
                        deque.removeLast()
                    }
                    deque.append(pushed)
                }
                pushed += 1
            }
            while head < deque.count, deque[head] < window.lowerBound { head += 1 }
            if head > 1024, head * 2 > deque.count { deque.removeFirst(head); head = 0 }
            guard !window.isEmpty else { continue }
            series.set(step, head < deque.count ? values[deque[head]] : .nan)
        }
        return series
    }
}
