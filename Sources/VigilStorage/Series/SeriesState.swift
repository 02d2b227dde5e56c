import VigilCore

/// Everything a `SeriesStore` holds. It is a value: a snapshot is a copy,
/// and the paged entry array and copy-on-write collections keep the copy
/// cheap for the writer that comes after it.
struct SeriesState: Sendable {
    let chunkSize: Int
    var catalog = LabelCatalog<SeriesSamples>()
    var sampleCount = 0

    init(chunkSize: Int) { self.chunkSize = chunkSize }

    func samples(_ id: SeriesID) -> SeriesSamples? {
        guard catalog.isValid(id.value, epoch: id.epoch) else { return nil }
        return catalog.entries[Int(id.value)].payload
    }

    func labels(_ id: SeriesID) -> Labels? {
        guard catalog.isValid(id.value, epoch: id.epoch) else { return nil }
        return catalog.entries[Int(id.value)].labels
    }

    func id(_ slot: UInt32) -> SeriesID { SeriesID(value: slot, epoch: catalog.epoch) }

    mutating func seriesID(for labels: Labels) -> SeriesID? {
        if labels.isEmpty { return nil }
        // Take the slot first: `id(catalog.slot(...))` would copy `self` for
        // the call and make the catalog's dictionary copy on write.
        let slot = catalog.slot(for: labels) { SeriesSamples() }
        return id(UInt32(slot))
    }

    mutating func append(_ id: SeriesID, _ timestamp: Int64, _ value: Double) -> AppendError? {
        guard catalog.isValid(id.value, epoch: id.epoch) else {
            return AppendError(kind: .unknownSeries, series: .empty, timestamp: timestamp, value: value)
        }
        let slot = Int(id.value)
        switch catalog.entries[slot].payload.append(timestamp, value, chunkSize: chunkSize) {
        case .appended:
            sampleCount += 1
            catalog.markIndexed(slot)
            return nil
        case .duplicateIgnored:
            return nil
        case .outOfOrder(let newest):
            return AppendError(kind: .outOfOrder(newest: newest), series: catalog.entries[slot].labels,
                               timestamp: timestamp, value: value)
        case .conflictingDuplicate(let existing):
            return AppendError(kind: .duplicateTimestamp(existing: existing), series: catalog.entries[slot].labels,
                               timestamp: timestamp, value: value)
        }
    }

    mutating func dropSamples(before cutoff: Int64) {
        for slot in catalog.indexedSlots.map(Int.init) {
            guard let minTime = catalog.entries[slot].payload.minTime, minTime < cutoff else { continue }
            let before = catalog.entries[slot].payload.count
            catalog.entries[slot].payload.dropSamples(before: cutoff)
            sampleCount -= before - catalog.entries[slot].payload.count
            if catalog.entries[slot].payload.isEmpty { catalog.unindex(slot) }
        }
    }

    mutating func clear() {
        catalog.clear()
        sampleCount = 0
    }
}
