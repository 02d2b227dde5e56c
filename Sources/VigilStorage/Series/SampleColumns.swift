/// The samples of one series in a time range, as parallel columns in time
/// order: what a vectorized evaluator slides its windows over.
///
/// Float samples only for now. Native histogram samples will arrive as
/// their own pair of columns beside these (their timestamps and the
/// histograms), so code that reads only floats keeps working unchanged.
public struct SampleColumns: Sendable, Equatable, CustomStringConvertible {
    public var timestamps: [Int64]
    public var values: [Double]

    public init(timestamps: [Int64] = [], values: [Double] = []) {
        self.timestamps = timestamps
        self.values = values
    }

    public var count: Int { timestamps.count }
    public var isEmpty: Bool { timestamps.isEmpty }

    public mutating func removeAll(keepingCapacity: Bool = true) {
        timestamps.removeAll(keepingCapacity: keepingCapacity)
        values.removeAll(keepingCapacity: keepingCapacity)
    }

    /// Equal when the timestamps match and the values have identical bit
    /// patterns, so NaNs (and stale markers) compare as stored.
    public static func == (lhs: SampleColumns, rhs: SampleColumns) -> Bool {
        lhs.timestamps == rhs.timestamps
            && lhs.values.count == rhs.values.count
            && zip(lhs.values, rhs.values).allSatisfy { $0.bitPattern == $1.bitPattern }
    }

    public var description: String {
        zip(timestamps, values).map { "\($0)@\(GoFloatText.string($1))" }.joined(separator: " ")
    }
}

import VigilCore

/// Sample values as Prometheus prints them (`%g`-like, Go's shortest form).
enum GoFloatText {
    static func string(_ value: Double) -> String {
        if StaleMarker.isStale(value) { return "stale" }
        return GoFloat.formatV(value)
    }
}
