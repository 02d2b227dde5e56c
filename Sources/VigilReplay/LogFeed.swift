import VigilCore
import VigilStorage

/// Moves recorded log lines into the rules' log store as simulated time
/// reaches them, as ``SeriesFeed`` does for samples: a line with timestamp
/// `ns` becomes visible once simulated time (milliseconds) `t` satisfies
/// `ns <= t × 10⁶`.
struct LogFeed {
    private struct Cursor {
        var labels: Labels
        var entries: LogEntries
        var next = 0
    }

    private var cursors: [Cursor] = []
    private var due = DueQueue()
    private let store: LogStore
    private(set) var fed = 0
    private(set) var refused: [LogStoreError] = []

    init(recording: LogSnapshot, into store: LogStore) {
        self.store = store
        for stream in recording.select(Recording.everyStream) {
            let entries = recording.entries(in: stream, from: .min, through: .max, direction: .forward)
            guard !entries.isEmpty else { continue }
            due.push(time: Self.ceilMillis(entries.timestamps[0]), index: cursors.count)
            cursors.append(Cursor(labels: recording.labels(of: stream), entries: entries))
        }
    }

    /// The simulated time (milliseconds) at which the next line becomes visible.
    var nextTime: Int64? { due.nextTime }

    /// Pushes every line with a timestamp at or before `time` milliseconds.
    mutating func feed(through time: Int64) {
        let (scaled, overflow) = time.multipliedReportingOverflow(by: 1_000_000)
        let cutoff = overflow ? (time < 0 ? Int64.min : Int64.max) : scaled
        var touched: [Int] = []
        while let index = due.pop(dueBy: time) { touched.append(index) }
        for index in touched {
            let cursor = cursors[index]
            var batch = LogEntries()
            var end = cursor.next
            while end < cursor.entries.count, cursor.entries.timestamps[end] <= cutoff {
                cursor.entries.withLine(at: end) { batch.append(timestamp: cursor.entries.timestamps[end], line: $0) }
                end += 1
            }
            do {
                fed += try store.push(cursor.labels, batch).accepted
            } catch {
                refused.append(error)
            }
            cursors[index].next = end
            if end < cursor.entries.count {
                due.push(time: Self.ceilMillis(cursor.entries.timestamps[end]), index: index)
            } else {
                cursors[index].entries = LogEntries()
            }
        }
    }

    /// Nanoseconds to the millisecond at or before them.
    static func floorMillis(_ nanos: Int64) -> Int64 {
        let quotient = nanos / 1_000_000
        return nanos % 1_000_000 < 0 ? quotient - 1 : quotient
    }

    /// Nanoseconds to the first millisecond at or after them.
    static func ceilMillis(_ nanos: Int64) -> Int64 {
        let quotient = nanos / 1_000_000
        return nanos % 1_000_000 > 0 ? quotient + 1 : quotient
    }
}
