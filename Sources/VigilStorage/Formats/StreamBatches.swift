import VigilCore

/// Gathers entries of line-oriented recordings per stream, keeping each
/// stream's push order, and pushes them in large batches.
struct StreamBatches {
    private var batches: [Labels: LogEntries] = [:]
    private var order: [Labels] = []
    private var bufferedBytes = 0
    static let flushBytes = 32 << 20

    mutating func add(_ labels: Labels, timestamp: Int64, line: UnsafeRawBufferPointer, store: LogStore, report: inout ReadReport) {
        if batches[labels] == nil { order.append(labels) }
        batches[labels, default: LogEntries()].append(timestamp: timestamp, line: line)
        bufferedBytes += line.count + 16
        if bufferedBytes >= Self.flushBytes { flush(into: store, report: &report) }
    }

    mutating func flush(into store: LogStore, report: inout ReadReport) {
        for labels in order {
            guard let entries = batches[labels] else { continue }
            do {
                let result = try store.push(labels, entries)
                report.stored += result.accepted
                report.duplicatesDropped += result.duplicates
            } catch {
                // Callers never add empty label sets; should one slip through, say so.
                report.errors.append(RecordError(file: "stream \(labels)", line: 0, reason: error.description))
            }
        }
        batches = [:]
        order = []
        bufferedBytes = 0
    }
}
