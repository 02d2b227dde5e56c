/// `avg` as Loki computes it: an incremental mean from the first value,
/// `mean += (v - mean) / n`, with no compensation (`VectorAggEvaluator`).
final class IncrementalMeanAccumulator: Accumulator {
    private var mean: [Double]
    private var count: [Double]
    private var seen: StepMask

    init(steps: Int) {
        mean = Array(repeating: 0, count: steps)
        count = mean
        seen = StepMask(count: steps)
    }

    func add(_ series: StepSeries) {
        for step in series.present.presentIndices {
            let value = series.values[step]
            if seen[step] {
                count[step] += 1
                mean[step] += (value - mean[step]) / count[step]
            } else {
                mean[step] = value
                count[step] = 1
                seen[step] = true
            }
        }
    }

    func finish() -> StepSeries { StepSeries(values: mean, present: seen) }
}
