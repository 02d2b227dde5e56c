// A by-hand performance check of the PromQL engine (not a unit test):
//
//     swift run -c release vigil-engine-perf [series] [hours]
//
// Builds 10,000 counter series (10 jobs) × 1 day at 15 s in memory, then
// times `rate(x_total[5m])` and `sum by (job) (rate(x_total[5m]))` as range
// queries at a 1 m step, printing wall time, peak samples held and the
// process's peak resident memory.
#if canImport(Glibc)
import Glibc
#endif
import VigilCore
import VigilEngine
import VigilStorage

let arguments = CommandLine.arguments
let seriesCount = arguments.count > 1 ? Int(arguments[1]) ?? 10_000 : 10_000
let hours = arguments.count > 2 ? Int(arguments[2]) ?? 24 : 24
let interval: Int64 = 15_000
let end = Int64(hours) * 3_600_000
let samplesPerSeries = Int(end / interval) + 1

func peakResidentMB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

let clock = ContinuousClock()
let store = SeriesStore()
let loadTime = clock.measure {
    var timestamps = [Int64](repeating: 0, count: samplesPerSeries)
    var values = [Double](repeating: 0, count: samplesPerSeries)
    for index in 0..<seriesCount {
        let labels: Labels = ["__name__": "x_total", "job": "job\(index % 10)", "instance": "i\(index)"]
        guard let id = try? store.seriesID(for: labels) else { fatalError("cannot create series") }
        var value = 0.0
        for sample in 0..<samplesPerSeries {
            timestamps[sample] = Int64(sample) * interval
            value += Double((index + sample) % 7)
            values[sample] = value
        }
        store.append(id, timestamps: timestamps, values: values)
    }
}
print("loaded \(seriesCount) series × \(samplesPerSeries) samples in \(loadTime); peak RSS \(Int(peakResidentMB())) MB")

let engine = Engine(options: EngineOptions(maxSamples: 500_000_000, timeout: nil))
let snapshot = store.snapshot()
for query in ["rate(x_total[5m])", "sum by (job) (rate(x_total[5m]))"] {
    var result: QueryResult?
    let elapsed = clock.measure {
        result = try? engine.rangeQuery(query, start: 0, end: end, step: 60_000, on: snapshot)
    }
    guard let result, case .matrix(let series) = result.value else { print("\(query): failed"); continue }
    let points = series.reduce(0) { $0 + $1.values.count }
    print("\(query): \(series.count) series, \(points) points in \(elapsed); peak samples held \(result.peakSamples); "
        + "peak RSS \(Int(peakResidentMB())) MB")
}
