/// Reads a child's series in order and keeps only those still needed.
///
/// Operators that combine several input series (aggregations, binary
/// operations, merges) know from the metadata how many times each input
/// will be used. `take(index)` reads forward as far as needed; series that
/// will be used later are held, series used by nothing are dropped as soon
/// as they are read. Memory held is therefore the open groups only.
final class SeriesBuffer {
    private let child: InstantVectorOperator
    private let context: QueryContext
    private var remainingUses: [Int]
    private var held: [Int: StepSeries] = [:]
    private var nextToRead = 0
    let count: Int

    /// - Parameter uses: how many times each input series will be taken.
    init(child: InstantVectorOperator, context: QueryContext, uses: [Int]) {
        self.child = child
        self.context = context
        self.remainingUses = uses
        self.count = uses.count
    }

    /// The series at `index`; released when its last use is taken.
    func take(_ index: Int) throws -> StepSeries {
        while nextToRead <= index {
            let series = try child.next()
            let position = nextToRead
            nextToRead += 1
            if remainingUses[position] > 0 {
                held[position] = series
            } else {
                context.drop(series)
            }
        }
        guard let series = held[index] else {
            preconditionFailure("series \(index) taken more often than declared")
        }
        remainingUses[index] -= 1
        if remainingUses[index] == 0 {
            held[index] = nil
            context.drop(series)
        }
        return series
    }

    /// Reads and drops the rest of the child's series (so the child's own
    /// accounting completes).
    func drain() throws {
        while nextToRead < count {
            context.drop(try child.next())
            nextToRead += 1
        }
        for series in held.values { context.drop(series) }
        held.removeAll()
    }
}
