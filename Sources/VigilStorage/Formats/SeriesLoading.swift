import VigilCore

/// What loading one series description did.
public struct SeriesLoadResult: Sendable, Equatable {
    public var appended = 0
    public var skippedNativeHistograms = 0
    public var rejected: [RejectedSample] = []
}

extension SeriesStore {
    /// Loads a parsed series the way the PromQL test language's `load` and
    /// `promtool test rules` do: point i at `start + i * interval`
    /// (milliseconds); gaps (`_`) are skipped but still take their step;
    /// native histogram points are skipped and counted.
    @discardableResult
    public func load(_ description: SeriesDescription, start: Int64 = 0, interval: Int64) -> SeriesLoadResult {
        var result = SeriesLoadResult()
        var timestamps: [Int64] = []
        var values: [Double] = []
        var positions: [Int] = []
        for (index, point) in description.values.enumerated() {
            let (offset, overflow1) = Int64(index).multipliedReportingOverflow(by: interval)
            let (time, overflow2) = start.addingReportingOverflow(offset)
            switch point {
            case .omitted:
                continue
            case .histogram:
                result.skippedNativeHistograms += 1
                continue
            case .float, .stale:
                if overflow1 || overflow2 {
                    result.rejected.append(RejectedSample(index: index, error: AppendError(
                        kind: .timestampOutOfRange, series: description.labels, timestamp: start,
                        value: point.floatValue ?? 0)))
                    continue
                }
                timestamps.append(time)
                values.append(point.floatValue ?? 0)
                positions.append(index)
            }
        }
        guard !timestamps.isEmpty else { return result }
        let id: SeriesID
        do {
            id = try seriesID(for: description.labels)
        } catch {
            result.rejected = positions.enumerated().map { RejectedSample(index: $0.element, error: AppendError(
                kind: .emptyLabelSet, series: description.labels, timestamp: timestamps[$0.offset], value: values[$0.offset])) }
            return result
        }
        let rejected = append(id, timestamps: timestamps, values: values)
        result.rejected += rejected.map { RejectedSample(index: positions[$0.index], error: $0.error) }
        result.appended = timestamps.count - rejected.count
        return result
    }
}

/// Reads files of series in expanding notation, one per line (Vigil's
/// series recordings): `#` comments and blank lines are skipped, every
/// series starts at `start` with points `interval` apart.
public enum SeriesNotationReader {
    public static func read(_ input: [UInt8], name: String, into store: SeriesStore,
                            start: Int64 = 0, interval: Int64) -> ReadReport {
        var report = ReadReport()
        let bytes: [UInt8]
        do {
            bytes = try RecordInput.decoded(input, name: name)
        } catch {
            report.errors.append(RecordError(file: name, line: 1, reason: error.reason))
            return report
        }
        RecordInput.forEachLine(bytes) { number, line in
            var cursor = ByteCursor(line)
            cursor.skip(while: ByteCursor.isSpace)
            guard let first = cursor.peek, first != UInt8(ascii: "#") else { return }
            do throws(SeriesDescription.ParseError) {
                let description = try SeriesDescription.parse(bytes: line)
                let result = store.load(description, start: start, interval: interval)
                report.stored += result.appended
                report.skippedNativeHistograms += result.skippedNativeHistograms
                for rejected in result.rejected {
                    report.errors.append(RecordError(file: name, line: number, reason: "point \(rejected.index + 1): \(rejected.error)"))
                }
            } catch {
                report.errors.append(RecordError(file: name, line: number, column: error.column, reason: error.message))
            }
        }
        return report
    }

    public static func read(contentsOf path: String, into store: SeriesStore, start: Int64 = 0,
                            interval: Int64) throws(RecordInput.Failure) -> ReadReport {
        read(try RecordInput.contents(of: path), name: path, into: store, start: start, interval: interval)
    }
}
