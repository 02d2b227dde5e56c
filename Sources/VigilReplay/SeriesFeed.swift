import VigilCore
import VigilStorage

/// Moves recorded samples into the rules' series store as simulated time
/// reaches them, so a query at time `t` finds exactly the samples a live
/// Prometheus would have ingested by `t`: nothing from the future, whatever
/// a negative `offset` or an `@` modifier asks for.
///
/// Each recorded series keeps a cursor; a queue ordered by each cursor's
/// next timestamp finds the series due, so feeding costs nothing for
/// series without new samples.
struct SeriesFeed {
    private struct Cursor {
        var target: SeriesID
        var columns: SampleColumns
        var next = 0
    }

    private var cursors: [Cursor] = []
    private var due = DueQueue()
    private let store: SeriesStore
    /// Samples fed so far, and those the store refused (a recorded series
    /// that a rule also writes).
    private(set) var fed = 0
    private(set) var refused: [AppendError] = []

    /// Recorded series left out because the rules write series of that name.
    private(set) var replaced: [String: Int] = [:]

    /// - Parameter rulesWrite: metric names the replayed rules write
    ///   (`ALERTS`, `ALERTS_FOR_STATE`, recording rule names). A recording
    ///   taken from a Prometheus that ran rules holds their old output; the
    ///   replay's own output takes its place instead of mixing with it.
    init(recording: SeriesSnapshot, into store: SeriesStore, rulesWrite: Set<String> = []) {
        self.store = store
        for id in recording.select(Recording.everyStream) {
            let labels = recording.labels(of: id)
            if let name = labels.metricName, rulesWrite.contains(name) {
                replaced[name, default: 0] += 1
                continue
            }
            let columns = recording.samples(id, from: .min, through: .max)
            // Registering the series now makes it visible only with its first sample.
            guard !columns.isEmpty, let target = try? store.seriesID(for: labels) else { continue }
            due.push(time: columns.timestamps[0], index: cursors.count)
            cursors.append(Cursor(target: target, columns: columns))
        }
    }

    /// The time of the oldest sample not fed yet.
    var nextTime: Int64? { due.nextTime }

    /// Appends every sample with a timestamp at or before `time`.
    mutating func feed(through time: Int64) {
        var touched: [Int] = []
        while let index = due.pop(dueBy: time) { touched.append(index) }
        for index in touched {
            let cursor = cursors[index]
            let timestamps = cursor.columns.timestamps
            var end = cursor.next
            while end < timestamps.count, timestamps[end] <= time { end += 1 }
            let rejected = store.append(
                cursor.target, timestamps: Array(timestamps[cursor.next..<end]),
                values: Array(cursor.columns.values[cursor.next..<end]))
            fed += end - cursor.next - rejected.count
            refused += rejected.map(\.error)
            cursors[index].next = end
            if end < timestamps.count {
                due.push(time: timestamps[end], index: index)
            } else {
                // Fed completely: let the columns go.
                cursors[index].columns = SampleColumns()
            }
        }
    }
}
