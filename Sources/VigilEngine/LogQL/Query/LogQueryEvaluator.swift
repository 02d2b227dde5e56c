import VigilCore
import VigilStorage
import VigilSyntax

/// Evaluates a log query (Loki's `streams` result): the entries of the
/// selected streams with `start <= t < end` that survive the pipeline, the
/// newest (`backward`) or oldest (`forward`) `limit` of them across all
/// streams, grouped by their labels after the pipeline (streams whose
/// labels become equal merge).
///
/// Two passes keep the work proportional to what is returned: the first
/// runs the pipeline extracting only the labels its stages read (enough to
/// decide exactly which lines survive) and keeps at most `limit` candidates
/// per stream; the second re-runs the full pipeline on the `limit` lines
/// chosen, to build their labels and text.
struct LogQueryEvaluator {
    let snapshot: LogSnapshot
    let limits: LogQLLimits

    struct Candidate {
        var timestamp: Int64
        var stream: Int
        var line: [UInt8]
    }

    func evaluate(_ selector: LogSelector, start: Int64, end: Int64, limit: Int, direction: LogDirection) throws
        -> [LogStreamResult]
    {
        if limit > limits.maxEntries {
            throw LogQLError(.limit, "max entries limit per query exceeded, limit > max_entries_limit (\(limit) > \(limits.maxEntries))")
        }
        guard limit > 0, start < end else { return [] }
        let names = LabelNameTable.makeDefault()
        let full = try LogPipeline(selector.stages, names: names, hints: .all)
        let filtering: LogPipeline
        if full.changesEntries && !full.usesTemplates {
            filtering = try LogPipeline(selector.stages, names: names,
                                        hints: .only(full.readLabels, table: names, stopWhenComplete: false))
        } else {
            filtering = full
        }
        let streams = snapshot.select(selector.matchers, from: start, through: end)
        let streamLabels = streams.map { snapshot.labels(of: $0) }

        // Pass 1: the first `limit` surviving lines of each stream, in direction order.
        var candidates: [Candidate] = []
        var line = LineState()
        var labels = LabelBuilder(names: names)
        for (streamIndex, stream) in streams.enumerated() {
            labels.setStream(streamLabels[streamIndex])
            var kept = 0
            snapshot.forEachEntry(in: stream, from: start, through: end, direction: direction) { timestamp, bytes in
                line.begin(timestamp: timestamp, line: bytes)
                labels.reset()
                guard filtering.process(&line, &labels) else { return true }
                candidates.append(Candidate(timestamp: timestamp, stream: streamIndex, line: Array(bytes)))
                kept += 1
                return kept < limit
            }
        }

        // The newest (or oldest) `limit` across streams; equal times by stream labels, then push order.
        let backward = direction == .backward
        let order = candidates.indices.sorted { a, b in
            let x = candidates[a], y = candidates[b]
            if x.timestamp != y.timestamp { return backward ? x.timestamp > y.timestamp : x.timestamp < y.timestamp }
            if x.stream != y.stream { return streamLabels[x.stream] < streamLabels[y.stream] }
            return a < b
        }
        let chosen = order.prefix(limit)

        // Pass 2: labels and text of the chosen lines.
        var grouped: [Labels: [LogStreamResult.Entry]] = [:]
        var currentStream = -1
        for index in chosen {
            let candidate = candidates[index]
            if candidate.stream != currentStream {
                labels.setStream(streamLabels[candidate.stream])
                currentStream = candidate.stream
            }
            candidate.line.withUnsafeBytes { bytes in
                line.begin(timestamp: candidate.timestamp, line: bytes)
                labels.reset()
                guard full.process(&line, &labels) else { return }
                let text = line.withBytes { String(decoding: $0, as: UTF8.self) }
                grouped[labels.labels(), default: []].append(LogStreamResult.Entry(timestamp: candidate.timestamp, line: text))
            }
        }
        return grouped.map { LogStreamResult(labels: $0.key, entries: $0.value) }.sorted { $0.labels < $1.labels }
    }
}
