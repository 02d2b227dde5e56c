import VigilCore

/// Which text format a metrics recording is in; they differ in the unit of
/// the timestamp.
public enum MetricsTextFormat: Sendable, Equatable {
    /// OpenMetrics (`promtool tsdb dump-openmetrics`, the input of
    /// `promtool tsdb create-blocks-from openmetrics`): timestamps are
    /// seconds with a fraction, read as Prometheus does (`int64(ts * 1000)`);
    /// the input ends with `# EOF`.
    case openMetrics
    /// The Prometheus text format and `promtool tsdb dump`
    /// (`{__name__="up", job="a"} 1 1700000000000`): integer milliseconds.
    case prometheusText
    /// OpenMetrics when some line is exactly `# EOF`, else Prometheus text.
    case auto
}

/// Reads sample lines `name{labels} value [timestamp]` (or `{labels} value
/// timestamp` as `promtool tsdb dump` writes them) into a `SeriesStore`,
/// with `# TYPE`, `# HELP`, `# UNIT` and `# EOF` lines and OpenMetrics
/// exemplars. Every bad line is reported as `file:line: reason`; the other
/// lines still land.
public enum MetricsTextReader {
    public static func read(contentsOf path: String, format: MetricsTextFormat = .auto, defaultTimestamp: Int64? = nil,
                            into store: SeriesStore) throws(RecordInput.Failure) -> ReadReport {
        read(try RecordInput.contents(of: path), name: path, format: format, defaultTimestamp: defaultTimestamp, into: store)
    }

    /// - Parameter defaultTimestamp: milliseconds for samples written
    ///   without a timestamp; without it such samples are errors.
    public static func read(_ input: [UInt8], name: String, format: MetricsTextFormat = .auto,
                            defaultTimestamp: Int64? = nil, into store: SeriesStore) -> ReadReport {
        var report = ReadReport()
        let bytes: [UInt8]
        do {
            bytes = try RecordInput.decoded(input, name: name)
        } catch {
            report.errors.append(RecordError(file: name, line: 1, reason: error.reason))
            return report
        }
        let openMetrics = format == .openMetrics || (format == .auto && hasEOFLine(bytes))
        var batch: [LabeledSample] = []
        var batchLines: [Int] = []
        var previousSeries: [UInt8] = []
        var previousLabels = Labels.empty
        var sawEOF = false

        func flush() {
            let rejected = store.append(batch)
            for sample in rejected {
                report.errors.append(RecordError(file: name, line: batchLines[sample.index], reason: sample.error.description))
            }
            report.stored += batch.count - rejected.count
            batch.removeAll(keepingCapacity: true)
            batchLines.removeAll(keepingCapacity: true)
        }

        RecordInput.forEachLine(bytes) { number, line in
            var cursor = ByteCursor(line)
            cursor.skip(while: { $0 == 0x20 || $0 == 0x09 })
            guard let first = cursor.peek else { return }
            if sawEOF {
                report.errors.append(RecordError(file: name, line: number, reason: "unexpected content after # EOF"))
                return
            }
            if first == UInt8(ascii: "#") {
                switch comment(&cursor) {
                case .eof: if openMetrics { sawEOF = true }
                case .invalid(let reason): report.errors.append(RecordError(file: name, line: number, column: cursor.column, reason: reason))
                case .ignored: break
                }
                return
            }
            do throws(ColumnError) {
                let seriesStart = cursor.position
                let labels: Labels
                let seriesEnd = try endOfSeries(cursor)
                let seriesBytes = UnsafeRawBufferPointer(rebasing: line[seriesStart..<seriesEnd])
                if seriesBytes.elementsEqual(previousSeries) {
                    labels = previousLabels
                    cursor.position = seriesEnd
                } else {
                    labels = try parseSeries(&cursor)
                    previousSeries = Array(seriesBytes)
                    previousLabels = labels
                }
                guard let sample = try parseSampleRest(&cursor, openMetrics: openMetrics, defaultTimestamp: defaultTimestamp) else {
                    report.skippedNativeHistograms += 1
                    return
                }
                batch.append(LabeledSample(labels, sample.timestamp, sample.value))
                batchLines.append(number)
                if batch.count >= 4_096 { flush() }
            } catch {
                report.errors.append(RecordError(file: name, line: number, column: error.column, reason: error.message))
            }
        }
        flush()
        // Rejected appends are reported when their batch lands: restore line order.
        report.errors = report.errors.enumerated()
            .sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
        return report
    }

    // MARK: Lines

    private enum Comment { case eof, ignored, invalid(String) }

    private static let metricTypes: Set<String> = [
        "counter", "gauge", "histogram", "gaugehistogram", "summary", "info", "stateset", "unknown", "untyped",
    ]

    private static func comment(_ cursor: inout ByteCursor) -> Comment {
        let text = cursor.rest
        if text == "# EOF" { return .eof }
        let parts = text.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: true)
        guard parts.count >= 2, parts[0] == "#", parts[1] == "TYPE" else { return .ignored }
        guard parts.count >= 4 else { return .invalid("# TYPE needs a metric name and a type") }
        let type = parts[3].trimmingSuffix(while: { $0 == " " || $0 == "\t" })
        if !metricTypes.contains(String(type)) { return .invalid("invalid metric type \(GoString.quote(String(type)))") }
        return .ignored
    }

    /// Where the series part (name and braces) of a sample line ends.
    private static func endOfSeries(_ start: ByteCursor) throws(ColumnError) -> Int {
        var cursor = start
        _ = LabelSetScanner.scanMetricName(&cursor)
        if cursor.peek == 0x7B {
            var pairs: [Label] = []
            try LabelSetScanner.exposition.scanBraces(&cursor, into: &pairs)
        }
        return cursor.position
    }

    private static func parseSeries(_ cursor: inout ByteCursor) throws(ColumnError) -> Labels {
        let start = cursor.column
        var pairs: [Label] = []
        if let name = LabelSetScanner.scanMetricName(&cursor) {
            pairs.append(Label(Labels.metricName, cursor.string(name)))
        }
        if cursor.peek == 0x7B {
            try LabelSetScanner.exposition.scanBraces(&cursor, into: &pairs)
        } else if pairs.isEmpty {
            let what = cursor.peek.map(LabelSetScanner.describe) ?? "end of line"
            throw ColumnError(column: cursor.column, message: "unexpected \(what), expected a metric name or \"{\"")
        }
        var seen = Set<String>()
        for pair in pairs where !seen.insert(pair.name).inserted {
            throw ColumnError(column: start, message: "duplicate label name \(GoString.quote(pair.name))")
        }
        let labels = Labels(pairs)
        guard labels.metricName != nil else { throw ColumnError(column: start, message: "sample has no metric name") }
        return labels
    }

    /// The value and timestamp after the series; nil for a native histogram.
    private static func parseSampleRest(_ cursor: inout ByteCursor, openMetrics: Bool,
                                        defaultTimestamp: Int64?) throws(ColumnError) -> (value: Double, timestamp: Int64)? {
        guard let separator = cursor.peek, separator == 0x20 || separator == 0x09 else {
            let what = cursor.peek.map(LabelSetScanner.describe) ?? "end of line"
            throw ColumnError(column: cursor.column, message: "unexpected \(what) after the series, expected a space and a value")
        }
        cursor.skip(while: { $0 == 0x20 || $0 == 0x09 })
        let valueColumn = cursor.column
        if cursor.peek == 0x7B {
            // `promtool tsdb dump` prints native histograms as `{count:..., ...}`.
            cursor.skip(while: { $0 != 0x7D })
            guard cursor.peek == 0x7D else { throw ColumnError(column: valueColumn, message: "unterminated histogram value") }
            return nil
        }
        let valueText = cursor.string(cursor.take { $0 != 0x20 && $0 != 0x09 })
        guard !valueText.isEmpty else { throw ColumnError(column: valueColumn, message: "expected a value") }
        let value = try float(valueText, what: "value", at: valueColumn)
        cursor.skip(while: { $0 == 0x20 || $0 == 0x09 })
        var timestamp = defaultTimestamp
        if let next = cursor.peek, next != UInt8(ascii: "#") {
            let timeColumn = cursor.column
            let timeText = cursor.string(cursor.take { $0 != 0x20 && $0 != 0x09 })
            timestamp = try openMetrics ? secondsTimestamp(timeText, at: timeColumn) : millisecondsTimestamp(timeText, at: timeColumn)
            cursor.skip(while: { $0 == 0x20 || $0 == 0x09 })
        }
        if let next = cursor.peek, next != UInt8(ascii: "#") || !openMetrics {
            // Anything after the timestamp other than an OpenMetrics exemplar.
            throw ColumnError(column: cursor.column, message: "unexpected \(LabelSetScanner.describe(next)) after the sample, expected end of line")
        }
        guard let timestamp else { throw ColumnError(column: valueColumn, message: "sample has no timestamp") }
        return (value, timestamp)
    }

    /// Prometheus's exposition `parseFloat`: Go's `ParseFloat` without the
    /// newer `_` separators and hexadecimal `p` exponents.
    private static func float(_ text: String, what: String, at column: Int) throws(ColumnError) -> Double {
        if text.utf8.contains(where: { $0 == UInt8(ascii: "_") || $0 | 0x20 == UInt8(ascii: "p") }) {
            throw ColumnError(column: column, message: "unsupported character in float \(what) \(GoString.quote(text))")
        }
        do {
            return try GoStrconv.parseFloat(text)
        } catch {
            throw ColumnError(column: column, message: "bad \(what): \(error)")
        }
    }

    private static func secondsTimestamp(_ text: String, at column: Int) throws(ColumnError) -> Int64 {
        let seconds = try float(text, what: "timestamp", at: column)
        let millis = seconds * 1000
        guard millis.isFinite, millis > -9.223372036854775e18, millis < 9.223372036854775e18 else {
            throw ColumnError(column: column, message: "invalid timestamp \(GoString.quote(text))")
        }
        return Int64(millis)  // truncates toward zero, as Go's int64() does
    }

    private static func millisecondsTimestamp(_ text: String, at column: Int) throws(ColumnError) -> Int64 {
        do {
            return try GoStrconv.parseInt(text, base: 10)
        } catch {
            throw ColumnError(column: column, message: "bad timestamp: \(error)")
        }
    }

    /// Whether some line is exactly `# EOF`.
    static func hasEOFLine(_ bytes: [UInt8]) -> Bool {
        var found = false
        RecordInput.forEachLine(bytes) { _, line in
            if !found, line.count == 5, line.elementsEqual("# EOF".utf8) { found = true }
        }
        return found
    }
}

extension Substring {
    func trimmingSuffix(while predicate: (Character) -> Bool) -> Substring {
        var end = endIndex
        while end > startIndex, predicate(self[index(before: end)]) { end = index(before: end) }
        return self[startIndex..<end]
    }
}
