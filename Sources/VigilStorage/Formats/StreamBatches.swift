import VigilCore

/// Gathers entries of line-oriented recordings per stream, keeping each
/// stream's push order, and pushes them in large batches. Readers find a
/// line's stream by the raw bytes its labels came from, so a label set is
/// built and hashed once per distinct stream, not once per line.
struct StreamBatches {
    private var streams: [Labels] = []
    private var batches: [LogEntries] = []
    private var slotsByLabels: [Labels: Int] = [:]
    private var slotsByKey: [[UInt8]: Int] = [:]
    private var bufferedBytes = 0
    static let flushBytes = 32 << 20

    /// The stream slot for a raw key, if one was registered.
    func slot(forKey key: [UInt8]) -> Int? { slotsByKey[key] }

    /// Registers `labels` for `key` and returns its slot.
    mutating func register(_ labels: Labels, forKey key: [UInt8]) -> Int {
        let slot: Int
        if let existing = slotsByLabels[labels] {
            slot = existing
        } else {
            slot = streams.count
            streams.append(labels)
            batches.append(LogEntries())
            slotsByLabels[labels] = slot
        }
        slotsByKey[key] = slot
        return slot
    }

    mutating func add(slot: Int, timestamp: Int64, line: UnsafeRawBufferPointer, store: LogStore, report: inout ReadReport) {
        batches[slot].append(timestamp: timestamp, line: line)
        bufferedBytes += line.count + 16
        if bufferedBytes >= Self.flushBytes { flush(into: store, report: &report) }
    }

    mutating func add(slot: Int, timestamp: Int64, line: [UInt8], store: LogStore, report: inout ReadReport) {
        line.withUnsafeBytes { add(slot: slot, timestamp: timestamp, line: $0, store: store, report: &report) }
    }

    mutating func flush(into store: LogStore, report: inout ReadReport) {
        for slot in streams.indices where !batches[slot].isEmpty {
            do {
                let result = try store.push(streams[slot], batches[slot])
                report.stored += result.accepted
                report.duplicatesDropped += result.duplicates
            } catch {
                // Readers never register empty label sets; should one slip through, say so.
                report.errors.append(RecordError(file: "stream \(streams[slot])", line: 0, reason: error.description))
            }
            batches[slot] = LogEntries()
        }
        bufferedBytes = 0
    }
}
