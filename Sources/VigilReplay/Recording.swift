import VigilCore
import VigilStorage

/// Recorded metrics and logs, loaded and held back: a replay feeds them to
/// the rules' stores progressively, as simulated time reaches each sample
/// (see ``SeriesFeed`` and ``LogFeed``), so the recording itself is never
/// queried.
///
/// Loading never stops at a bad record: every reader reports each bad line
/// as `file:line[:column]: reason` and stores the rest. A file that cannot
/// be read at all is reported in its ``RecordingFileReport/failure``.
public final class Recording: Sendable {
    /// The recorded samples.
    public let series: SeriesStore
    /// The recorded log lines.
    public let logs: LogStore
    /// One report per file, in the order given (metrics first).
    public let files: [RecordingFileReport]

    /// How plain JSON-lines log files become streams.
    public struct Options: Sendable {
        public var jsonLines: JSONLinesLogReader.Options

        public init(jsonLines: JSONLinesLogReader.Options = JSONLinesLogReader.Options()) {
            self.jsonLines = jsonLines
        }
    }

    init(series: SeriesStore, logs: LogStore, files: [RecordingFileReport]) {
        self.series = series
        self.logs = logs
        self.files = files
    }

    /// Reads metrics recordings (metrics text or series notation) and log
    /// recordings (logcli jsonl, Loki JSON, JSON lines), zstd-compressed or
    /// not, each format recognised from the content.
    public static func load(metrics: [String], logs logPaths: [String], options: Options = Options()) -> Recording {
        let series = SeriesStore()
        let logs = LogStore()
        var files: [RecordingFileReport] = []
        for path in metrics {
            files.append(read(path) { bytes in
                let format = RecordingFormat.ofMetrics(bytes)
                switch format {
                case .seriesNotation:
                    return (format, SeriesNotationFile.read(bytes, name: path, into: series))
                default:
                    return (format, MetricsTextReader.read(bytes, name: path, into: series))
                }
            })
        }
        for path in logPaths {
            files.append(read(path) { bytes in
                let format = RecordingFormat.ofLogs(bytes)
                switch format {
                case .lokiJSON: return (format, LokiJSONReader.read(bytes, name: path, into: logs))
                case .logcliJSONL: return (format, LogcliJSONLReader.read(bytes, name: path, into: logs))
                default: return (format, JSONLinesLogReader.read(bytes, name: path, options: options.jsonLines, into: logs))
                }
            })
        }
        return Recording(series: series, logs: logs, files: files)
    }

    private static func read(_ path: String,
                             _ body: ([UInt8]) -> (RecordingFormat, ReadReport)) -> RecordingFileReport {
        let bytes: [UInt8]
        do {
            bytes = try RecordInput.contents(of: path)
        } catch {
            return RecordingFileReport(path: path, format: nil, report: ReadReport(), failure: error.reason)
        }
        let (format, report) = body(bytes)
        return RecordingFileReport(path: path, format: format, report: report, failure: nil)
    }

    /// Every bad record of every file, in file and line order.
    public var errors: [RecordError] { files.flatMap(\.report.errors) }

    /// Files that could not be read at all, as `path: reason`.
    public var failures: [String] { files.compactMap { file in file.failure.map { "\(file.path): \($0)" } } }

    /// The span of the recorded samples and log lines, in milliseconds (a
    /// log line's nanoseconds rounded down for its start and up for its
    /// end); nil when nothing was recorded.
    public var timeRange: ClosedRange<Int64>? {
        var low: Int64?
        var high: Int64?
        func widen(_ range: ClosedRange<Int64>) {
            low = min(low ?? range.lowerBound, range.lowerBound)
            high = max(high ?? range.upperBound, range.upperBound)
        }
        if let range = series.snapshot().timeRange { widen(range) }
        let snapshot = logs.snapshot()
        for stream in snapshot.select(Self.everyStream) {
            guard let range = snapshot.timeRange(of: stream) else { continue }
            widen(LogFeed.floorMillis(range.lowerBound)...LogFeed.ceilMillis(range.upperBound))
        }
        guard let low, let high else { return nil }
        return low...high
    }

    /// Selects every stream or series (the store's `{""=""}` convention;
    /// log streams have no metric name to select by).
    static let everyStream: [LabelMatcher] = {
        guard let matcher = try? LabelMatcher(.equal, "", "") else { return [] }
        return [matcher]
    }()
}

/// What loading one recording file did.
public struct RecordingFileReport: Sendable, Equatable {
    public var path: String
    /// nil when the file could not be read.
    public var format: RecordingFormat?
    /// Samples or lines stored, and every bad record.
    public var report: ReadReport
    /// Why the file could not be read at all.
    public var failure: String?
}
