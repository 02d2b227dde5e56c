import VigilCore
import VigilStorage

/// The input series of a test group, appended to its store as evaluation
/// reaches them: before evaluating at `t`, every sample at or before `t`
/// is stored, as promtool's `LazyLoader.WithSamplesTill` does. Queries that
/// look ahead (`@` a later time, a negative offset) therefore see only the
/// samples up to the current evaluation, exactly as under promtool.
struct InputFeed {
    private struct Series {
        let labels: Labels
        let times: [Int64]
        let values: [Double]
        var id: SeriesID?
        var next = 0
    }

    private var series: [Series] = []
    private var slots: [Labels: Int] = [:]
    private let start: Int64
    private let interval: Int64

    /// Point i of a series is at `start + i × interval`.
    init(start: Int64, interval: Int64) {
        self.start = start
        self.interval = interval
    }

    /// Adds a series: gaps (`_`) take their step; `stale` is Prometheus's
    /// stale marker. A series defined twice keeps its last definition, as
    /// in promtool's loader.
    mutating func add(_ description: SeriesDescription) {
        var times: [Int64] = [], values: [Double] = []
        times.reserveCapacity(description.values.count)
        values.reserveCapacity(description.values.count)
        for (index, point) in description.values.enumerated() {
            guard let value = point.floatValue else { continue }
            let (offset, overflow1) = Int64(index).multipliedReportingOverflow(by: interval)
            let (time, overflow2) = start.addingReportingOverflow(offset)
            if overflow1 || overflow2 { break }
            times.append(time)
            values.append(value)
        }
        let entry = Series(labels: description.labels, times: times, values: values)
        if let slot = slots[description.labels] { series[slot] = entry } else {
            slots[description.labels] = series.count
            series.append(entry)
        }
    }

    /// Stores every sample up to `time`; returns the store's refusals.
    mutating func append(through time: Int64, into store: SeriesStore) -> [String] {
        var problems: [String] = []
        for index in series.indices {
            let start = series[index].next
            let times = series[index].times
            guard start < times.count, times[start] <= time else { continue }
            var end = start + 1
            while end < times.count, times[end] <= time { end += 1 }
            series[index].next = end
            let id: SeriesID
            if let known = series[index].id {
                id = known
            } else {
                do {
                    id = try store.seriesID(for: series[index].labels)
                } catch {
                    problems.append("\(error)")
                    continue
                }
                series[index].id = id
            }
            if start + 1 == end {
                // The common case (one sample per series per evaluation) skips building arrays.
                do {
                    try store.append(id, timestamp: times[start], value: series[index].values[start])
                } catch {
                    problems.append("\(error)")
                }
                continue
            }
            let rejected = store.append(id, timestamps: Array(times[start..<end]), values: Array(series[index].values[start..<end]))
            problems += rejected.map { "\($0.error)" }
        }
        return problems
    }
}
