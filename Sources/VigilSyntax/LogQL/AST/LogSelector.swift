import VigilCore

/// A stream selector and its log pipeline: `{app="api"} |= "x" | json`.
public struct LogSelector: Hashable, Sendable {
    /// The stream matchers in source order (Loki prints them in this order).
    public var matchers: [LabelMatcher]
    /// The pipeline stages in source order. Evaluators move line filters
    /// forward as Loki does (`LogPipelinePlan`); the AST keeps what was written.
    public var stages: [PipelineStage]
    public var sourceRange: SourceRange

    public init(matchers: [LabelMatcher], stages: [PipelineStage] = [], sourceRange: SourceRange) {
        self.matchers = matchers
        self.stages = stages
        self.sourceRange = sourceRange
    }

    public static func == (lhs: LogSelector, rhs: LogSelector) -> Bool {
        lhs.matchers == rhs.matchers && lhs.stages == rhs.stages
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(matchers)
        hasher.combine(stages)
    }
}

/// The log range of a range aggregation: `{...} | pipeline | unwrap x [5m] offset 1h`.
public struct LogRange: Hashable, Sendable {
    public var selector: LogSelector
    /// The range in nanoseconds (Prometheus duration syntax, millisecond resolution).
    public var rangeNanos: Int64
    /// The offset in nanoseconds; 0 when absent.
    public var offsetNanos: Int64
    public var unwrap: Unwrap?

    public init(selector: LogSelector, rangeNanos: Int64, offsetNanos: Int64 = 0, unwrap: Unwrap? = nil) {
        self.selector = selector
        self.rangeNanos = rangeNanos
        self.offsetNanos = offsetNanos
        self.unwrap = unwrap
    }
}

/// `| unwrap [conversion(]label[)]` followed by optional label filters.
public struct Unwrap: Hashable, Sendable {
    public enum Conversion: String, Hashable, Sendable {
        /// `unwrap x`: the value is parsed with `strconv.ParseFloat`.
        case float = ""
        /// `unwrap bytes(x)`: go-humanize byte sizes.
        case bytes
        /// `unwrap duration(x)`: Go durations, in seconds.
        case duration
        /// `unwrap duration_seconds(x)`: the same as `duration`.
        case durationSeconds = "duration_seconds"
    }

    public var label: String
    public var conversion: Conversion
    /// Label filters after the unwrap, run on each extracted sample (usually
    /// `| __error__=""` to drop conversion errors).
    public var postFilters: [LabelFilter]

    public init(label: String, conversion: Conversion = .float, postFilters: [LabelFilter] = []) {
        self.label = label
        self.conversion = conversion
        self.postFilters = postFilters
    }
}
