import VigilCore
import VigilStorage
import VigilSyntax

/// Pulls the root operator's series into the result Prometheus returns:
/// names dropped where flagged (delayed name removal), series with the same
/// final labels merged (or rejected when they clash at a step), empty
/// series left out, a range query's matrix sorted by labels.
struct ResultAssembler {
    let context: QueryContext
    let grid: StepGrid

    func vector(_ root: InstantVectorOperator, instant: Bool) throws -> QueryValue {
        let metadata = try root.seriesMetadata()
        var rows: [(labels: Labels, series: StepSeries)] = []
        rows.reserveCapacity(metadata.count)
        for item in metadata {
            try context.checkCancellation()
            let series = try root.next()
            rows.append((item.finalLabels, series))
        }
        if instant {
            var seen: Set<Labels> = []
            var samples: [VectorSample] = []
            for row in rows {
                guard let value = row.series[0] else { continue }
                if !seen.insert(row.labels).inserted {
                    throw QueryError.execution("vector cannot contain metrics with the same labelset")
                }
                samples.append(VectorSample(labels: row.labels, time: grid.start, value: value))
            }
            return .vector(samples)
        }
        var merged: [Labels: StepSeries] = [:]
        var order: [Labels] = []
        for row in rows where !row.series.isEmpty {
            if var existing = merged[row.labels] {
                if existing.present.intersects(row.series.present) {
                    throw QueryError.execution("vector cannot contain metrics with the same labelset")
                }
                for step in row.series.present.presentIndices { existing.set(step, row.series.values[step]) }
                merged[row.labels] = existing
            } else {
                merged[row.labels] = row.series
                order.append(row.labels)
            }
        }
        order.sort()
        return .matrix(order.compactMap { labels in
            guard let series = merged[labels] else { return nil }
            let steps = series.present.presentIndices
            return MatrixSeries(labels: labels, times: steps.map(grid.time(at:)), values: steps.map { series.values[$0] })
        })
    }

    func scalar(_ root: ScalarOperator, instant: Bool) throws -> QueryValue {
        let values = try root.values()
        if instant { return .scalar(time: grid.start, value: values.first ?? .nan) }
        return .matrix([MatrixSeries(labels: .empty, times: grid.times, values: values)])
    }

    /// An instant query of a range vector (`foo[5m]`, `foo[5m:1m]`): the
    /// samples of each series in the window.
    func rangeVector(_ root: RangeVectorOperator) throws -> QueryValue {
        let metadata = try root.seriesMetadata()
        var result: [MatrixSeries] = []
        for item in metadata {
            let columns = try root.next()
            let bounds = root.windows.bounds(in: columns.timestamps)[0]
            context.memory.release(columns.count)
            guard !bounds.isEmpty else { continue }
            result.append(MatrixSeries(labels: item.finalLabels, times: Array(columns.timestamps[bounds]),
                                       values: Array(columns.values[bounds])))
        }
        result.sort { $0.labels < $1.labels }
        return .matrix(result)
    }
}
