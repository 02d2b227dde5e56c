import VigilCore
import VigilStorage
import VigilSyntax

/// Evaluates one range aggregation over a grid of steps: the samples of
/// every selected stream are extracted once, grouped into series, and each
/// series' windows `(t - offset - range, t - offset]` are aggregated at all
/// steps, sliding two cursors over its time-ordered samples.
struct RangeAggregationEvaluator {
    let snapshot: LogSnapshot

    /// The samples of one series, in time order once sorted.
    struct Samples {
        var labels: Labels
        var timestamps: [Int64] = []
        var values: [Double] = []
        var lastStream = -1
        var needsSort = false
        var hasError = false
    }

    func evaluate(_ node: RangeAggregation, grid: LogQLStepGrid, groupingOverride: LogQLGrouping? = nil) throws -> [LogQLSeries] {
        let extractor = try SampleExtractor(node, groupingOverride: groupingOverride)
        let range = node.range.rangeNanos
        let offset = node.range.offsetNanos
        // Entries with first window start < t <= last window end.
        let (lowest, lowOverflow) = grid.startNanos.subtractingReportingOverflow(offset)
        let (highest, highOverflow) = grid.endNanos.subtractingReportingOverflow(offset)
        let (windowStart, startOverflow) = lowest.subtractingReportingOverflow(range)
        let from = lowOverflow || startOverflow ? Int64.min : (windowStart == .max ? .max : windowStart + 1)
        let through = highOverflow ? Int64.max : (highest == .max ? .max : highest + 1)

        var series: [Samples] = []
        var index = ByteKeyCache<Int>(capacity: .max)
        let streams = snapshot.select(node.range.selector.matchers, from: from, through: through)
        var line = LineState()
        var labels = LabelBuilder(names: extractor.names)
        var scratch = SampleExtractor.KeyScratch()
        for (streamIndex, stream) in streams.enumerated() {
            labels.setStream(snapshot.labels(of: stream))
            snapshot.forEachEntry(in: stream, from: from, through: through, direction: .forward) { timestamp, bytes in
                line.begin(timestamp: timestamp, line: bytes)
                labels.reset()
                guard let value = extractor.extract(&line, &labels) else { return true }
                let seriesIndex: Int
                if let known = extractor.withSeriesKey(&labels, &scratch, { index.lookup($0) }) {
                    seriesIndex = known
                } else {
                    let labelSet = extractor.seriesLabels(labels)
                    var created = Samples(labels: labelSet)
                    created.hasError = labelSet.has("__error__")
                    series.append(created)
                    seriesIndex = series.count - 1
                    scratch.key.withUnsafeBytes { index.insert($0, seriesIndex) }
                }
                if series[seriesIndex].lastStream != streamIndex {
                    if series[seriesIndex].lastStream >= 0 { series[seriesIndex].needsSort = true }
                    series[seriesIndex].lastStream = streamIndex
                }
                series[seriesIndex].timestamps.append(timestamp)
                series[seriesIndex].values.append(value)
                return true
            }
        }

        let function = RangeFunctions.function(for: node)
        var results: [LogQLSeries] = []
        for var samples in series {
            if samples.needsSort { Self.sortByTime(&samples) }
            var result = LogQLSeries(labels: samples.labels)
            var low = 0
            var high = 0
            for step in 0..<grid.count {
                let shifted = grid.time(at: step) &- offset
                let windowStart = shifted &- range
                while high < samples.timestamps.count, samples.timestamps[high] <= shifted { high += 1 }
                while low < high, samples.timestamps[low] <= windowStart { low += 1 }
                guard low < high else { continue }
                result.stepIndices.append(Int32(step))
                result.values.append(function((samples.timestamps[low..<high], samples.values[low..<high])))
                result.timestampsMillis.append(shifted / 1_000_000 &+ offset / 1_000_000)
            }
            guard !result.stepIndices.isEmpty else { continue }
            if samples.hasError && !extractor.preserveErrors {
                throw LogQLError(.pipeline, Self.pipelineErrorMessage(samples.labels))
            }
            results.append(result)
        }

        if node.operation == .absentOverTime {
            return [Self.absent(results, grid: grid, offset: offset, labels: Self.absentLabels(node.range.selector))]
                .filter { !$0.stepIndices.isEmpty }
        }
        return results
    }

    /// Samples from several streams, merged in time order (stable).
    static func sortByTime(_ samples: inout Samples) {
        let order = samples.timestamps.indices.sorted { a, b in
            samples.timestamps[a] != samples.timestamps[b] ? samples.timestamps[a] < samples.timestamps[b] : a < b
        }
        samples.timestamps = order.map { samples.timestamps[$0] }
        samples.values = order.map { samples.values[$0] }
    }

    /// `absent_over_time`: 1 at every step where nothing was in range.
    static func absent(_ present: [LogQLSeries], grid: LogQLStepGrid, offset: Int64, labels: Labels) -> LogQLSeries {
        var covered = [Bool](repeating: false, count: grid.count)
        for series in present { for step in series.stepIndices { covered[Int(step)] = true } }
        var result = LogQLSeries(labels: labels)
        for step in 0..<grid.count where !covered[step] {
            let shifted = grid.time(at: step) &- offset
            result.stepIndices.append(Int32(step))
            result.values.append(1)
            result.timestampsMillis.append(shifted / 1_000_000 &+ offset / 1_000_000)
        }
        return result
    }

    /// The labels of an `absent_over_time` result: the selector's equality
    /// matchers, unless the name also has another matcher.
    static func absentLabels(_ selector: LogSelector) -> Labels {
        var pairs: [Label] = []
        var dropped: Set<String> = []
        for matcher in selector.matchers where matcher.name != Labels.metricName {
            if matcher.kind == .equal, !pairs.contains(where: { $0.name == matcher.name }) {
                pairs.append(Label(matcher.name, matcher.value))
            } else {
                dropped.insert(matcher.name)
            }
        }
        return Labels(pairs.filter { !dropped.contains($0.name) })
    }

    /// Loki's `PipelineError` text.
    static func pipelineErrorMessage(_ labels: Labels) -> String {
        let error = labels.get("__error__")
        return "pipeline error: '\(error)' for series: '\(labels)'.\n"
            + "Use a label filter to intercept this error.\n"
            + "(e.g `| json | __error__=\"\"`)\n"
            + "See https://grafana.com/docs/loki/latest/logql/#pipeline-errors for more details."
    }
}
