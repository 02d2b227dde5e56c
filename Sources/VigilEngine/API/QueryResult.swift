import VigilCore

/// One element of an instant vector result.
public struct VectorSample: Sendable, Equatable {
    public var labels: Labels
    public var time: Int64
    public var value: Double

    public init(labels: Labels, time: Int64, value: Double) {
        self.labels = labels
        self.time = time
        self.value = value
    }
}

/// One series of a matrix result: its points in time order.
public struct MatrixSeries: Sendable, Equatable {
    public var labels: Labels
    public var times: [Int64]
    public var values: [Double]

    public init(labels: Labels, times: [Int64], values: [Double]) {
        self.labels = labels
        self.times = times
        self.values = values
    }
}

/// What a query evaluates to, in Prometheus's four result types.
public enum QueryValue: Sendable, Equatable {
    case vector([VectorSample])
    case matrix([MatrixSeries])
    case scalar(time: Int64, value: Double)
    case string(time: Int64, value: String)

    /// `vector`, `matrix`, `scalar` or `string`, as the HTTP API names it.
    public var resultType: String {
        switch self {
        case .vector: return "vector"
        case .matrix: return "matrix"
        case .scalar: return "scalar"
        case .string: return "string"
        }
    }
}

/// A query's value with the annotations raised while computing it.
public struct QueryResult: Sendable {
    public var value: QueryValue
    public var annotations: Annotations
    /// The most samples held at once while evaluating.
    public var peakSamples: Int

    public init(value: QueryValue, annotations: Annotations = Annotations(), peakSamples: Int = 0) {
        self.value = value
        self.annotations = annotations
        self.peakSamples = peakSamples
    }
}

/// A failed query: the error and the annotations raised before it.
public struct QueryFailure: Error, Sendable, CustomStringConvertible {
    public var error: QueryError
    public var annotations: Annotations

    public var description: String { error.description }
}
