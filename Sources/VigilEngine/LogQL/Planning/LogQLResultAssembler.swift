import VigilCore

/// Pulls a LogQL plan's root into Loki's results (`JoinSampleVector`): the
/// series limit counts the result's series (not the range aggregations'
/// inputs), an instant vector is ordered by labels unless the query sorts,
/// a matrix joins points by label set (series Loki's operators leave with
/// equal labels become one, points in step order) and is ordered by labels.
struct LogQLResultAssembler {
    let context: QueryContext
    let limits: LogQLLimits
    /// Milliseconds of each step's points (`LogQLStepTimes`).
    let stepTimes: [Int64]

    func vector(_ root: InstantVectorOperator, keepOrder: Bool) throws -> [LogQLSeries] {
        let metadata = try root.seriesMetadata()
        var samples: [LogQLSeries] = []
        for item in metadata {
            try context.checkCancellation()
            let series = try root.next()
            defer { context.drop(series) }
            guard let value = series[0] else { continue }
            samples.append(LogQLSeries(labels: item.finalLabels, stepIndices: [0], values: [value],
                                       timestampsMillis: [stepTimes[0]]))
        }
        if samples.count > limits.maxSeries { throw Self.seriesLimit(limits) }
        if !keepOrder {
            samples = samples.enumerated().sorted { a, b in
                a.element.labels != b.element.labels ? a.element.labels < b.element.labels : a.offset < b.offset
            }.map(\.element)
        }
        return samples
    }

    func matrix(_ root: InstantVectorOperator) throws -> [LogQLSeries] {
        let metadata = try root.seriesMetadata()
        var indexByLabels: [Labels: Int] = [:]
        var result: [LogQLSeries] = []
        for item in metadata {
            try context.checkCancellation()
            let series = try root.next()
            defer { context.drop(series) }
            let steps = series.present.presentIndices
            guard !steps.isEmpty else { continue }
            let labels = item.finalLabels
            if let existing = indexByLabels[labels] {
                result[existing] = merged(result[existing], series, steps)
                continue
            }
            if result.count == limits.maxSeries { throw Self.seriesLimit(limits) }
            indexByLabels[labels] = result.count
            result.append(LogQLSeries(labels: labels, stepIndices: steps.map { Int32($0) },
                                      values: steps.map { series.values[$0] }, timestampsMillis: steps.map { stepTimes[$0] }))
        }
        result.sort { $0.labels < $1.labels }
        return result
    }

    /// Points of two series with the same labels, in step order; at a step
    /// both have, the earlier series' point first (Loki appends both).
    private func merged(_ existing: LogQLSeries, _ series: StepSeries, _ steps: [Int]) -> LogQLSeries {
        var output = LogQLSeries(labels: existing.labels)
        var index = 0
        func appendExisting() {
            output.stepIndices.append(existing.stepIndices[index])
            output.values.append(existing.values[index])
            output.timestampsMillis.append(existing.timestampsMillis[index])
            index += 1
        }
        for step in steps {
            while index < existing.stepIndices.count, Int(existing.stepIndices[index]) <= step { appendExisting() }
            output.stepIndices.append(Int32(step))
            output.values.append(series.values[step])
            output.timestampsMillis.append(stepTimes[step])
        }
        while index < existing.stepIndices.count { appendExisting() }
        return output
    }

    /// Loki's `NewSeriesLimitError`.
    static func seriesLimit(_ limits: LogQLLimits) -> LogQLError {
        LogQLError(.limit, "maximum of series (\(limits.maxSeries)) reached for a single query")
    }
}
