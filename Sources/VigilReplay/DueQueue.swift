/// A binary min-heap of (time, index) pairs: which recorded series or
/// stream has the oldest sample not yet fed. Ties break on the index, so
/// the order is fully determined.
struct DueQueue {
    private var heap: [(time: Int64, index: Int)] = []

    var isEmpty: Bool { heap.isEmpty }

    /// The earliest pending time.
    var nextTime: Int64? { heap.first?.time }

    mutating func push(time: Int64, index: Int) {
        heap.append((time, index))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.less(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the index with the earliest time, if that time
    /// is at or before `time`.
    mutating func pop(dueBy time: Int64) -> Int? {
        guard let first = heap.first, first.time <= time else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var smallest = parent
                if left < heap.count, Self.less(heap[left], heap[smallest]) { smallest = left }
                if right < heap.count, Self.less(heap[right], heap[smallest]) { smallest = right }
                if smallest == parent { break }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return first.index
    }

    private static func less(_ lhs: (time: Int64, index: Int), _ rhs: (time: Int64, index: Int)) -> Bool {
        lhs.time != rhs.time ? lhs.time < rhs.time : lhs.index < rhs.index
    }
}
