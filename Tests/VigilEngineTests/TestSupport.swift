import VigilCore
import VigilEngine
import VigilStorage

/// A store filled from series notation lines (`metric{l="v"} 1 2 _ stale`)
/// with points `interval` milliseconds apart from time 0.
func makeStore(_ lines: [String], interval: Int64) throws -> SeriesStore {
    let store = SeriesStore()
    for line in lines { store.load(try SeriesDescription.parse(line), start: 0, interval: interval) }
    return store
}

/// The float value of the only sample of an instant vector result, keyed by labels.
func vectorValues(_ result: QueryResult) -> [Labels: Double] {
    guard case .vector(let samples) = result.value else { return [:] }
    return Dictionary(uniqueKeysWithValues: samples.map { ($0.labels, $0.value) })
}

let testEngine = Engine(options: EngineOptions(delayedNameRemoval: true), parserOptions: .all)
