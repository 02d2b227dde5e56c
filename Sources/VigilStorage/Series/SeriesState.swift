import VigilCore

/// One series: its labels, its samples, and whether it is in the index
/// (a series is visible to queries while it holds at least one sample).
struct SeriesRecord: Sendable {
    var labels: Labels
    var samples = SeriesSamples()
    var indexed = false
}

/// Everything a `SeriesStore` holds. It is a value: a snapshot is a copy,
/// and the paged record array and copy-on-write collections keep the copy
/// cheap for the writer that comes after it.
struct SeriesState: Sendable {
    let chunkSize: Int
    var epoch: UInt32 = 0
    var records = PagedArray<SeriesRecord>()
    var ids: [Labels: UInt32] = [:]
    var index = PostingsIndex()
    var order = LabelOrder()
    var sampleCount = 0

    init(chunkSize: Int) { self.chunkSize = chunkSize }

    func record(_ id: SeriesID) -> SeriesRecord? {
        guard id.epoch == epoch, Int(id.value) < records.count else { return nil }
        return records[Int(id.value)]
    }

    mutating func seriesID(for labels: Labels) -> SeriesID? {
        if labels.isEmpty { return nil }
        if let existing = ids[labels] { return SeriesID(value: existing, epoch: epoch) }
        let value = UInt32(records.count)
        records.append(SeriesRecord(labels: labels))
        ids[labels] = value
        return SeriesID(value: value, epoch: epoch)
    }

    mutating func append(_ id: SeriesID, _ timestamp: Int64, _ value: Double) -> AppendError? {
        guard id.epoch == epoch, Int(id.value) < records.count else {
            return AppendError(kind: .unknownSeries, series: .empty, timestamp: timestamp, value: value)
        }
        let slot = Int(id.value)
        switch records[slot].samples.append(timestamp, value, chunkSize: chunkSize) {
        case .appended:
            sampleCount += 1
            if !records[slot].indexed {
                records[slot].indexed = true
                index.add(id.value, records[slot].labels)
                order.add(id.value)
            }
            return nil
        case .duplicateIgnored:
            return nil
        case .outOfOrder(let newest):
            return AppendError(kind: .outOfOrder(newest: newest), series: records[slot].labels,
                               timestamp: timestamp, value: value)
        case .conflictingDuplicate(let existing):
            return AppendError(kind: .duplicateTimestamp(existing: existing), series: records[slot].labels,
                               timestamp: timestamp, value: value)
        }
    }

    mutating func dropSamples(before cutoff: Int64) {
        for slot in 0..<records.count where records[slot].indexed {
            guard let minTime = records[slot].samples.minTime, minTime < cutoff else { continue }
            let before = records[slot].samples.count
            records[slot].samples.dropSamples(before: cutoff)
            sampleCount -= before - records[slot].samples.count
            if records[slot].samples.isEmpty {
                records[slot].indexed = false
                index.remove(UInt32(slot), records[slot].labels)
                order.remove(UInt32(slot))
            }
        }
    }

    mutating func clear() {
        epoch &+= 1
        records.removeAll()
        ids = [:]
        index = PostingsIndex()
        order.removeAll()
        sampleCount = 0
    }

    mutating func settleOrder() {
        let records = self.records
        order.settle(idCount: records.count) { records[Int($0)].labels }
    }
}
