/// A function applied to every value of a vector, with optional scalar
/// arguments per step (`abs`, `ln`, `clamp`, `round`, the date functions,
/// ...). The metric name is dropped. `transform` returns nil to remove a
/// value (`clamp` with min > max).
final class ElementwiseFunction: InstantVectorOperator {
    private let child: InstantVectorOperator
    private let arguments: [ScalarOperator]
    private let context: QueryContext
    private let transform: (Double, [Double]) -> Double?
    private var argumentValues: [[Double]] = []

    init(child: InstantVectorOperator, arguments: [ScalarOperator] = [], context: QueryContext,
         transform: @escaping (Double, [Double]) -> Double?) {
        self.child = child
        self.arguments = arguments
        self.context = context
        self.transform = transform
    }

    func seriesMetadata() throws -> [SeriesMetadata] {
        argumentValues = try arguments.map { try $0.values() }
        return try child.seriesMetadata().map(context.droppingName)
    }

    func next() throws -> StepSeries {
        var series = try child.next()
        var parameters = Array(repeating: 0.0, count: argumentValues.count)
        for step in series.present.presentIndices {
            for index in argumentValues.indices { parameters[index] = argumentValues[index][step] }
            series[step] = transform(series.values[step], parameters)
        }
        return series
    }
}
