/// The evaluation times of a query: `start`, `start + step`, ..., up to and
/// including `end`. Times are plain `Int64` in whatever unit the language
/// uses (milliseconds for PromQL, nanoseconds for LogQL); the generic vector
/// operators never look at them, only at step indices.
public struct StepGrid: Hashable, Sendable, CustomStringConvertible {
    public let start: Int64
    public let end: Int64
    /// Distance between steps; 1 for an instant query (one step).
    public let step: Int64
    public let count: Int

    /// An instant query: one step at `time`.
    public init(instant time: Int64) {
        start = time
        end = time
        step = 1
        count = 1
    }

    /// A range query. `end` is rounded down to the last step on the grid.
    public init(start: Int64, end: Int64, step: Int64) {
        precondition(step > 0, "step must be positive")
        self.start = start
        self.step = step
        let span = end >= start ? (end &- start) / step : -1
        count = Int(span + 1)
        self.end = start &+ Int64(max(count - 1, 0)) &* step
    }

    @inline(__always)
    public func time(at index: Int) -> Int64 { start &+ Int64(index) &* step }

    public var times: [Int64] { (0..<count).map(time(at:)) }

    public var isInstant: Bool { count == 1 }

    public var description: String { count == 1 ? "@\(start)" : "[\(start), \(end)] step \(step)" }
}
