/// The samples of one series at every step of a query: a value column and a
/// presence mask. A step without a value keeps an unspecified number in
/// `values`; read it only where `present` is set.
///
/// Native histograms will get their own optional column beside `values`
/// (one histogram per present step), so float-only operators keep working
/// unchanged.
public struct StepSeries: Sendable {
    public var values: [Double]
    public var present: StepMask

    /// A series with no value at any of `count` steps.
    public init(count: Int) {
        values = Array(repeating: 0, count: count)
        present = StepMask(count: count)
    }

    public init(values: [Double], present: StepMask) {
        precondition(values.count == present.count, "values and mask differ in length")
        self.values = values
        self.present = present
    }

    /// The same value at every step.
    public init(repeating value: Double, count: Int) {
        values = Array(repeating: value, count: count)
        present = StepMask(count: count, allPresent: true)
    }

    public var count: Int { values.count }
    public var presentCount: Int { present.presentCount }
    public var isEmpty: Bool { present.isEmpty }

    @inline(__always)
    public subscript(step: Int) -> Double? {
        get { present[step] ? values[step] : nil }
        set {
            if let newValue {
                values[step] = newValue
                present[step] = true
            } else {
                present[step] = false
            }
        }
    }

    @inline(__always)
    public mutating func set(_ step: Int, _ value: Double) {
        values[step] = value
        present[step] = true
    }
}
