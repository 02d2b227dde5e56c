/// Go's `container/heap` and `sort.Sort` on an array with a `less`
/// function, step for step, so `topk`, `bottomk` and `limitk` pick and
/// order ties exactly as Prometheus does.
enum GoHeap {
    static func push<T>(_ heap: inout [T], _ element: T, less: (T, T) -> Bool) {
        heap.append(element)
        up(&heap, heap.count - 1, less: less)
    }

    /// `heap.Pop(h)`: removes and returns the least element.
    @discardableResult
    static func pop<T>(_ heap: inout [T], less: (T, T) -> Bool) -> T? {
        guard !heap.isEmpty else { return nil }
        let last = heap.count - 1
        heap.swapAt(0, last)
        down(&heap, 0, last, less: less)
        return heap.removeLast()
    }

    /// `heap.Fix(h, i)`.
    static func fix<T>(_ heap: inout [T], _ index: Int, less: (T, T) -> Bool) {
        if !down(&heap, index, heap.count, less: less) { up(&heap, index, less: less) }
    }

    private static func up<T>(_ heap: inout [T], _ start: Int, less: (T, T) -> Bool) {
        var j = start
        while true {
            let i = (j - 1) / 2  // parent
            if i == j || !less(heap[j], heap[i]) || j <= 0 { break }
            heap.swapAt(i, j)
            j = i
        }
    }

    @discardableResult
    private static func down<T>(_ heap: inout [T], _ start: Int, _ n: Int, less: (T, T) -> Bool) -> Bool {
        var i = start
        while true {
            let j1 = 2 * i + 1
            if j1 >= n || j1 < 0 { break }
            var j = j1
            let j2 = j1 + 1
            if j2 < n, less(heap[j2], heap[j1]) { j = j2 }
            if !less(heap[j], heap[i]) { break }
            heap.swapAt(i, j)
            i = j
        }
        return i > start
    }

    /// `sort.Sort`: Go uses insertion sort for up to 12 elements (stable);
    /// beyond that a stable sort stands in for pdqsort (which may order
    /// ties differently).
    static func sort<T>(_ values: inout [T], less: (T, T) -> Bool) {
        if values.count <= 12 {
            for i in 1..<max(values.count, 1) {
                var j = i
                while j > 0, less(values[j], values[j - 1]) {
                    values.swapAt(j, j - 1)
                    j -= 1
                }
            }
        } else {
            values = stableSorted(values, less: less)
        }
    }

    private static func stableSorted<T>(_ values: [T], less: (T, T) -> Bool) -> [T] {
        let indexed = values.enumerated().map { ($0.offset, $0.element) }
        return indexed.sorted { a, b in
            if less(a.1, b.1) { return true }
            if less(b.1, a.1) { return false }
            return a.0 < b.0
        }.map(\.1)
    }
}
