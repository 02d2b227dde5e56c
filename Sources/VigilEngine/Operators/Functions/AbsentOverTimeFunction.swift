import VigilCore
import VigilStorage

/// `absent_over_time(m[r])`: 1 at each step whose window holds no sample
/// of any series.
final class AbsentOverTimeFunction: InstantVectorOperator {
    private let child: RangeVectorOperator
    private let labels: Labels
    private let context: QueryContext

    init(child: RangeVectorOperator, labels: Labels, context: QueryContext) {
        self.child = child
        self.labels = labels
        self.context = context
    }

    func seriesMetadata() throws -> [SeriesMetadata] { [SeriesMetadata(labels: labels)] }

    func next() throws -> StepSeries {
        let steps = child.windows.ends.count
        var any = StepMask(count: steps)
        for _ in try child.seriesMetadata().indices {
            let columns = try child.next()
            for (step, bounds) in child.windows.bounds(in: columns.timestamps).enumerated() where !bounds.isEmpty {
                any[step] = true
            }
            context.memory.release(columns.count)
        }
        var result = StepSeries(count: steps)
        for step in 0..<steps where !any[step] { result.set(step, 1) }
        try context.hold(result)
        return result
    }
}
