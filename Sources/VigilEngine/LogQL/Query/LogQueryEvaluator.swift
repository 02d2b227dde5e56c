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

        // The newest (or oldest) `limit` across streams, as Loki's heap
        // iterator takes them: by time, then (at equal times) by the
        // entries' labels after the pipeline, descending when backward.
        let backward = direction == .backward
        var order = candidates.indices.sorted { a, b in
            let x = candidates[a].timestamp, y = candidates[b].timestamp
            if x != y { return backward ? x > y : x < y }
            return a < b
        }
        if order.count > limit {
            let boundary = candidates[order[limit - 1]].timestamp
            let tiedStart = order.firstIndex { candidates[$0].timestamp == boundary } ?? limit - 1
            let tiedEnd = order[tiedStart...].firstIndex { candidates[$0].timestamp != boundary } ?? order.count
            if tiedEnd > limit {
                let tied = Array(order[tiedStart..<tiedEnd])
                let keys = tied.map { outputLabels(of: candidates[$0], full, streamLabels, &line, &labels) }
                let ranked = tied.indices.sorted { a, b in
                    if keys[a] != keys[b] { return backward ? keys[a] > keys[b] : keys[a] < keys[b] }
                    return a < b
                }
                order.replaceSubrange(tiedStart..<tiedEnd, with: ranked.map { tied[$0] })
            }
        }
        let chosen = order.prefix(limit)

        // Pass 2: labels and text of the chosen lines.
        var grouped: [Labels: [LogStreamResult.Entry]] = [:]
        for index in chosen {
            let candidate = candidates[index]
            labels.setStream(streamLabels[candidate.stream])
            candidate.line.withUnsafeBytes { bytes in
                line.begin(timestamp: candidate.timestamp, line: bytes)
                labels.reset()
                guard full.process(&line, &labels) else { return }
                let text = line.withBytes { String(decoding: $0, as: UTF8.self) }
                let entry = LogStreamResult.Entry(timestamp: candidate.timestamp, line: text)
                let key = labels.labels()
                // Loki's heap iterator drops an entry equal to one already taken for the same stream.
                if let previous = grouped[key], previous.reversed().prefix(while: { $0.timestamp == entry.timestamp }).contains(entry) {
                    return
                }
                grouped[key, default: []].append(entry)
            }
        }
        return grouped.map { LogStreamResult(labels: $0.key, entries: $0.value) }.sorted { $0.labels < $1.labels }
    }

    /// The text of a candidate's labels after the full pipeline (Loki's
    /// stream key), for ordering entries with equal timestamps.
    func outputLabels(of candidate: Candidate, _ pipeline: LogPipeline, _ streamLabels: [Labels],
                      _ line: inout LineState, _ labels: inout LabelBuilder) -> String {
        labels.setStream(streamLabels[candidate.stream])
        return candidate.line.withUnsafeBytes { bytes in
            line.begin(timestamp: candidate.timestamp, line: bytes)
            labels.reset()
            _ = pipeline.process(&line, &labels)
            return labels.labels().description
        }
    }
}
