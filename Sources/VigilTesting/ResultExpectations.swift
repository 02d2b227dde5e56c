import VigilCore
import VigilEngine
import VigilStorage

/// Compares a query's value with an `eval`'s expected output as
/// `promqltest`'s `compareResult` does. Returns a description of the first
/// mismatch, or nil.
struct ResultExpectations {
    let command: EvalCommand
    /// Grid of the expected points: the range query's, or the `expect range vector` one.
    let start: Int64
    let end: Int64
    let step: Int64

    init(_ command: EvalCommand) {
        self.command = command
        switch command.kind {
        case .range(let start, let end, let step): (self.start, self.end, self.step) = (start, end, step)
        case .instant(let time):
            if let range = command.rangeVector {
                (start, end, step) = range
            } else {
                (start, end, step) = (time, time, 0)
            }
        }
    }

    private var expected: [Labels: (position: Int, values: [SeriesValue])] {
        var map: [Labels: (Int, [SeriesValue])] = [:]
        for entry in command.expectedSeries { map[entry.labels] = (entry.position, entry.values) }
        return map
    }

    func compare(_ value: QueryValue) -> String? {
        switch value {
        case .matrix(let series): return compareMatrix(series)
        case .vector(let samples): return compareVector(samples)
        case .scalar(_, let value):
            guard let expected = command.expectedScalar else {
                return "expected vector or matrix result, but got scalar \(GoFloat.formatV(value))"
            }
            if !AlmostEqual.check(expected, value) {
                return "expected scalar \(GoFloat.formatV(expected)) but got \(GoFloat.formatV(value))"
            }
            return nil
        case .string(_, let value):
            if command.expectedString != value {
                return "expected string \"\(command.expectedString ?? "")\" but got \"\(value)\""
            }
            return nil
        }
    }

    private func compareMatrix(_ series: [MatrixSeries]) -> String? {
        if command.ordered { return "expected ordered result, but query returned a matrix" }
        if command.expectedScalar != nil { return "expected scalar result, but got matrix" }
        for index in series.indices.dropFirst() where series[index - 1].labels > series[index].labels {
            return "matrix results should always be sorted by labels"
        }
        let expected = self.expected
        for item in series {
            guard let entry = expected[item.labels] else {
                return "unexpected metric \(item.labels) in result, has \(format(item))"
            }
            var points: [(Int64, Double)] = []
            for (index, value) in entry.values.enumerated() {
                let time = start + Int64(index) * step
                if time > end {
                    return "expected \(entry.values.count) points for \(item.labels), but query time range cannot return this many points"
                }
                switch value {
                case .omitted: continue
                case .histogram: return "expected a native histogram for \(item.labels) (not supported)"
                case .float, .stale: points.append((time, value.floatValue ?? 0))
                }
            }
            if points.count != item.times.count {
                return "expected \(points.count) float points and 0 histogram points for \(item.labels), but got \(format(item))"
            }
            for (index, point) in points.enumerated() {
                if point.0 != item.times[index] {
                    return "expected float value at index \(index) for \(item.labels) to have timestamp \(point.0), but it had timestamp \(item.times[index]) (result has \(format(item)))"
                }
                if !AlmostEqual.check(item.values[index], point.1) {
                    return "expected float value at index \(index) (t=\(point.0)) for \(item.labels) to be \(GoFloat.formatV(point.1)), but got \(GoFloat.formatV(item.values[index])) (result has \(format(item)))"
                }
            }
        }
        let seen = Set(series.map(\.labels))
        for entry in command.expectedSeries where !seen.contains(entry.labels) {
            return "expected metric \(entry.labels) not found"
        }
        return nil
    }

    private func compareVector(_ samples: [VectorSample]) -> String? {
        if command.expectedScalar != nil { return "expected scalar result, but got vector \(format(samples))" }
        let expected = self.expected
        for (position, sample) in samples.enumerated() {
            guard let entry = expected[sample.labels] else {
                return "unexpected metric \(sample.labels) in result, has value \(GoFloat.formatV(sample.value))"
            }
            if command.ordered, entry.position != position + 1 {
                return "expected metric \(sample.labels) at position \(entry.position) but was at \(position + 1)"
            }
            guard let first = entry.values.first else { return "no expected value for \(sample.labels)" }
            if case .histogram = first { return "expected a native histogram for \(sample.labels) (not supported)" }
            let value = first.floatValue ?? 0
            if !AlmostEqual.check(value, sample.value) {
                return "expected \(GoFloat.formatV(value)) for \(sample.labels) but got \(GoFloat.formatV(sample.value))"
            }
        }
        let seen = Set(samples.map(\.labels))
        for entry in command.expectedSeries where !seen.contains(entry.labels) {
            return "expected metric \(entry.labels) with \(entry.values.map(\.description)) not found"
        }
        return nil
    }

    private func format(_ series: MatrixSeries) -> String {
        let points = zip(series.times, series.values).map { "\(GoFloat.formatV($1)) @[\($0)]" }
        return "\(points.count) float point\(points.count == 1 ? "" : "s") [\(points.joined(separator: " "))]"
    }

    private func format(_ samples: [VectorSample]) -> String {
        samples.map { "\($0.labels) => \(GoFloat.formatV($0.value))" }.joined(separator: ", ")
    }
}
