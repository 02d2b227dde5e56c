import VigilCore

/// The live ids sorted by their label sets (Prometheus's `labels.Compare`),
/// and each id's rank in that order, so a selection sorts by comparing
/// integers instead of label sets.
///
/// New ids wait in `pending` and removed ids in `removed` until `settle`
/// folds them in: a bulk load pays one sort, not one insertion per id.
struct LabelOrder: Sendable {
    private(set) var sorted: [UInt32] = []
    private var rank: [UInt32] = []
    private var pending: [UInt32] = []
    private var removed: Set<UInt32> = []

    var isSettled: Bool { pending.isEmpty && removed.isEmpty }

    mutating func add(_ id: UInt32) { pending.append(id) }

    mutating func remove(_ id: UInt32) {
        if let at = pending.firstIndex(of: id) { pending.remove(at: at) } else { removed.insert(id) }
    }

    /// Folds pending additions and removals in; `labels` gives an id's set.
    mutating func settle(idCount: Int, labels: (UInt32) -> Labels) {
        guard !isSettled else { return }
        if !removed.isEmpty {
            sorted.removeAll { removed.contains($0) }
            removed = []
        }
        if !pending.isEmpty {
            let incoming = pending.map { (id: $0, labels: labels($0)) }
                .sorted { Labels.compare($0.labels, $1.labels) < 0 }
            var merged: [UInt32] = []
            merged.reserveCapacity(sorted.count + incoming.count)
            var i = 0, j = 0
            while i < sorted.count, j < incoming.count {
                if Labels.compare(labels(sorted[i]), incoming[j].labels) <= 0 {
                    merged.append(sorted[i]); i += 1
                } else {
                    merged.append(incoming[j].id); j += 1
                }
            }
            merged.append(contentsOf: sorted[i...])
            merged.append(contentsOf: incoming[j...].map(\.id))
            sorted = merged
            pending = []
        }
        if rank.count < idCount { rank.append(contentsOf: repeatElement(0, count: idCount - rank.count)) }
        for (position, id) in sorted.enumerated() { rank[Int(id)] = UInt32(position) }
    }

    /// Sorts ids of live entries into label order; needs a settled order.
    func sortByLabels(_ ids: [UInt32]) -> [UInt32] {
        if ids.count == sorted.count { return sorted }
        return ids.sorted { rank[Int($0)] < rank[Int($1)] }
    }

    mutating func removeAll() {
        sorted = []; rank = []; pending = []; removed = []
    }
}
