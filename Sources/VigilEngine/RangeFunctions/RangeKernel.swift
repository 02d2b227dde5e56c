import VigilStorage

/// The samples of one series and the window of each step, as a range
/// function sees them. `bounds[step]` indexes `timestamps` / `values`.
struct RangeWindowInput {
    let timestamps: [Int64]
    let values: [Double]
    let bounds: [Range<Int>]
    let windows: StepWindows
    /// The evaluation time of each step (what `predict_linear` extrapolates from).
    let stepTimes: [Int64]
    /// Scalar arguments, one column per argument.
    let parameters: [[Double]]
}

/// A function from a range vector to an instant vector, evaluated for all
/// steps of one series at once. Implementations slide over the windows
/// with forward-moving indices; where Prometheus's floating-point result
/// depends on the order of a whole window (Kahan sums, quantiles) they
/// recompute each window in that order to stay bit-exact.
protocol RangeKernel {
    /// `last_over_time` and `first_over_time` keep the metric name.
    var keepsMetricName: Bool { get }
    func evaluate(_ input: RangeWindowInput, context: QueryContext) throws -> StepSeries
}

extension RangeKernel {
    var keepsMetricName: Bool { false }
}

/// A kernel defined by a function of one window's samples, recomputed per
/// step (O(window) per step).
struct WindowKernel: RangeKernel {
    let keepsMetricName: Bool
    let body: (_ timestamps: ArraySlice<Int64>, _ values: ArraySlice<Double>, _ step: Int) -> Double?

    init(keepsMetricName: Bool = false,
         _ body: @escaping (_ timestamps: ArraySlice<Int64>, _ values: ArraySlice<Double>, _ step: Int) -> Double?) {
        self.keepsMetricName = keepsMetricName
        self.body = body
    }

    func evaluate(_ input: RangeWindowInput, context: QueryContext) throws -> StepSeries {
        var series = StepSeries(count: input.bounds.count)
        for (step, range) in input.bounds.enumerated() where !range.isEmpty {
            series[step] = body(input.timestamps[range], input.values[range], step)
        }
        return series
    }
}
