/// The running state of one aggregation group over all steps. Inputs are
/// added one series at a time in input order, which is the order
/// Prometheus folds them in at each step, so floating-point results match.
protocol Accumulator: AnyObject {
    func add(_ series: StepSeries)
    /// The aggregated value at each step where any input had one.
    func finish() -> StepSeries
}
