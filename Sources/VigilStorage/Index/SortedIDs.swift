/// Set operations on strictly increasing arrays of ids (postings lists).
/// When one side is much shorter, each of its elements is located in the
/// other by galloping (exponential then binary search), so the cost follows
/// the short list, not the long one.
enum SortedIDs {
    /// Below this length ratio a linear merge is cheaper than galloping.
    static let gallopRatio = 16

    static func intersect(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        if a.isEmpty || b.isEmpty { return [] }
        let (short, long) = a.count <= b.count ? (a, b) : (b, a)
        var out: [UInt32] = []
        out.reserveCapacity(short.count)
        if long.count / short.count >= gallopRatio {
            var from = 0
            for id in short {
                from = gallop(long, for: id, from: from)
                if from == long.count { break }
                if long[from] == id { out.append(id); from += 1 }
            }
            return out
        }
        var i = 0, j = 0
        while i < a.count, j < b.count {
            let x = a[i], y = b[j]
            if x == y { out.append(x); i += 1; j += 1 } else if x < y { i += 1 } else { j += 1 }
        }
        return out
    }

    /// Intersection of several lists, shortest first so the running result
    /// only shrinks.
    static func intersect(_ lists: [[UInt32]]) -> [UInt32] {
        guard var result = lists.min(by: { $0.count < $1.count }) else { return [] }
        for list in lists.sorted(by: { $0.count < $1.count }).dropFirst() {
            if result.isEmpty { break }
            result = intersect(result, list)
        }
        return result
    }

    static func union(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        if a.isEmpty { return b }
        if b.isEmpty { return a }
        var out: [UInt32] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count, j < b.count {
            let x = a[i], y = b[j]
            if x == y { out.append(x); i += 1; j += 1 } else if x < y { out.append(x); i += 1 } else { out.append(y); j += 1 }
        }
        out.append(contentsOf: a[i...])
        out.append(contentsOf: b[j...])
        return out
    }

    /// Union of many lists by merging pairs, level by level: O(n log k).
    static func union(_ lists: [[UInt32]]) -> [UInt32] {
        var level = lists.filter { !$0.isEmpty }
        while level.count > 1 {
            var next: [[UInt32]] = []
            next.reserveCapacity((level.count + 1) / 2)
            var index = 0
            while index + 1 < level.count {
                next.append(union(level[index], level[index + 1]))
                index += 2
            }
            if index < level.count { next.append(level[index]) }
            level = next
        }
        return level.first ?? []
    }

    /// Elements of `a` that are not in `b`.
    static func subtract(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        if a.isEmpty || b.isEmpty { return a }
        var out: [UInt32] = []
        out.reserveCapacity(a.count)
        if b.count / a.count >= gallopRatio {
            var from = 0
            for id in a {
                from = gallop(b, for: id, from: from)
                if from == b.count || b[from] != id { out.append(id) }
            }
            return out
        }
        var j = 0
        for id in a {
            while j < b.count, b[j] < id { j += 1 }
            if j < b.count, b[j] == id { j += 1; continue }
            out.append(id)
        }
        return out
    }

    /// Index of the first element >= `target` at or after `from`.
    static func gallop(_ list: [UInt32], for target: UInt32, from: Int) -> Int {
        var low = from
        if low >= list.count || list[low] >= target { return low }
        var step = 1
        var high = low + step
        while high < list.count, list[high] < target {
            low = high
            step <<= 1
            high = low + step
        }
        high = Swift.min(high, list.count)
        // list[low] < target, and list[high] >= target or high == count.
        while low + 1 < high {
            let mid = (low + high) >> 1
            if list[mid] < target { low = mid } else { high = mid }
        }
        return high
    }

    /// Insertion position keeping the list sorted (first index >= id).
    static func lowerBound(_ list: [UInt32], _ id: UInt32) -> Int {
        var low = 0, high = list.count
        while low < high {
            let mid = (low + high) >> 1
            if list[mid] < id { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
