import VigilCore

/// One entry of a catalog: a label set, what the store keeps for it, and
/// whether it is in the index (entries are visible while they hold data).
struct CatalogEntry<Payload: Sendable>: Sendable {
    var labels: Labels
    var payload: Payload
    var indexed = false
}

/// Label sets interned to dense ids, with the postings index and label
/// order over the ids that hold data. Both stores keep their series or
/// streams in one, so selection, label names and label values are written
/// once.
struct LabelCatalog<Payload: Sendable>: Sendable {
    /// Bumped by `clear()`, so ids from before are recognised and refused.
    private(set) var epoch: UInt32 = 0
    var entries = PagedArray<CatalogEntry<Payload>>()
    private(set) var ids: [Labels: UInt32] = [:]
    private(set) var index = PostingsIndex()
    private(set) var order = LabelOrder()

    /// The slot of `labels`, creating an unindexed entry when new.
    mutating func slot(for labels: Labels, newPayload: () -> Payload) -> Int {
        if let existing = ids[labels] { return Int(existing) }
        let slot = entries.count
        entries.append(CatalogEntry(labels: labels, payload: newPayload()))
        ids[labels] = UInt32(slot)
        return slot
    }

    func isValid(_ value: UInt32, epoch: UInt32) -> Bool { epoch == self.epoch && Int(value) < entries.count }

    /// The slot of an entry with these labels that holds data.
    func indexedSlot(for labels: Labels) -> UInt32? {
        guard let value = ids[labels], entries[Int(value)].indexed else { return nil }
        return value
    }

    mutating func markIndexed(_ slot: Int) {
        guard !entries[slot].indexed else { return }
        entries[slot].indexed = true
        index.add(UInt32(slot), entries[slot].labels)
        order.add(UInt32(slot))
    }

    /// Hides an entry that no longer holds data; its slot stays reserved
    /// for its labels, so ids handed out remain usable.
    mutating func unindex(_ slot: Int) {
        guard entries[slot].indexed else { return }
        entries[slot].indexed = false
        index.remove(UInt32(slot), entries[slot].labels)
        order.remove(UInt32(slot))
    }

    var indexedSlots: [UInt32] { index.allIDs }
    var indexedCount: Int { index.count }

    mutating func clear() {
        epoch &+= 1
        entries.removeAll()
        ids = [:]
        index = PostingsIndex()
        order.removeAll()
    }

    /// Brings the label order up to date; snapshots call this under the lock.
    mutating func settle() {
        let entries = self.entries
        order.settle(idCount: entries.count) { entries[Int($0)].labels }
    }

    // MARK: Queries (on a settled catalog)

    /// Slots of indexed entries matching every matcher, in label order.
    func select(_ matchers: [LabelMatcher], where keep: ((CatalogEntry<Payload>) -> Bool)? = nil) -> [UInt32] {
        var slots = index.matching(matchers)
        if let keep { slots = slots.filter { keep(entries[Int($0)]) } }
        return order.sortByLabels(slots)
    }

    func labelNames(matching matchers: [LabelMatcher]) -> [String] {
        if matchers.isEmpty { return index.labelNames }
        var names = Set<String>()
        for slot in index.matching(matchers) {
            for pair in entries[Int(slot)].labels { names.insert(pair.name) }
        }
        return names.sorted(by: GoString.less)
    }

    func labelValues(_ name: String, matching matchers: [LabelMatcher]) -> [String] {
        if matchers.isEmpty { return index.labelValues(name) }
        var values = Set<String>()
        for slot in index.matching(matchers) {
            if let value = entries[Int(slot)].labels[name] { values.insert(value) }
        }
        return values.sorted(by: GoString.less)
    }

    /// Bytes of label strings and postings, roughly.
    var labelMemoryBytes: Int {
        var bytes = 0
        for slot in 0..<entries.count {
            for pair in entries[slot].labels { bytes += pair.name.utf8.count + pair.value.utf8.count + 32 }
            bytes += 48
        }
        for (name, values) in index.postings {
            bytes += name.utf8.count + 48
            for (value, ids) in values { bytes += value.utf8.count + 48 + ids.count * 4 }
        }
        return bytes + index.allIDs.count * 12
    }
}
