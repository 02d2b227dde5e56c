/// A function of scalars step by step: `min_of`, `max_of`, and the query
/// bounds `start()`, `end()`, `step()`, `range()` (seconds).
final class ScalarFunction: ScalarOperator {
    private let arguments: [ScalarOperator]
    private let steps: Int
    private let function: ([Double]) -> Double

    init(arguments: [ScalarOperator], steps: Int, function: @escaping ([Double]) -> Double) {
        self.arguments = arguments
        self.steps = steps
        self.function = function
    }

    func values() throws -> [Double] {
        let columns = try arguments.map { try $0.values() }
        return (0..<steps).map { step in function(columns.map { $0[step] }) }
    }
}
