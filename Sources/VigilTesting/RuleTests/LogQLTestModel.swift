import VigilCore
import VigilRules

/// `input_streams` entry: a log stream's labels and its lines, written in
/// any mix of three forms (docs/rule-tests.md):
///
/// - `lines`: one line per `interval` from the start (grafana/loki PR 20484);
/// - `entries`: lines at given times (`at` after the start, or an absolute `timestamp`);
/// - `repeat`: a line template written `times` times, `every` apart, from `from`.
public struct InputStream: Sendable {
    /// `labels` as written: a stream selector with equality matchers only.
    public var labelsText: String
    public var labels: Parsed<Labels>
    public var items: [StreamItem]
    public var position: FilePosition

    public init(labelsText: String, labels: Parsed<Labels>, items: [StreamItem], position: FilePosition) {
        self.labelsText = labelsText
        self.labels = labels
        self.items = items
        self.position = position
    }
}

/// A point in time given in a test file: relative to the test group's start
/// (a duration) or absolute (Unix nanoseconds).
public enum TestTime: Sendable, Hashable {
    /// Milliseconds after the start.
    case after(Int64)
    /// Unix nanoseconds.
    case absolute(Int64)

    /// Unix nanoseconds, for a group starting at `startMillis`.
    func nanoseconds(start startMillis: Int64) -> Int64 {
        switch self {
        case .after(let millis): return (startMillis &+ millis).multipliedReportingOverflow(by: 1_000_000).partialValue
        case .absolute(let nanos): return nanos
        }
    }
}

/// One way of writing lines of a stream.
public enum StreamItem: Sendable {
    /// The `slot`-th line of `lines`: at start + slot × interval.
    case slot(Int, line: String)
    /// An `entries` item.
    case entry(TestTime, line: String)
    /// A `repeat` item: `times` lines at `from`, `from + every`, …; the
    /// template is a Loki `line_format` template that sees the stream's
    /// labels, `.i` (0, 1, …) and `__timestamp__`. `every` defaults to the
    /// group's interval.
    case repeated(template: String, from: Int64, every: Int64?, times: Int, position: FilePosition)
}

/// `logql_expr_test` entry. Which kind of query it is follows from the
/// expectation written: `exp_logs` (even empty) makes it a log query,
/// otherwise it is a metric query compared with `exp_samples`.
public struct LogQLTestCase: Sendable {
    public enum Expectation: Sendable {
        case samples([ExpectedSample])
        case logs([ExpectedLogEntry])
    }

    public var expr: String
    public var evalTime: Int64
    public var expectation: Expectation
    public var position: FilePosition

    public init(expr: String, evalTime: Int64, expectation: Expectation, position: FilePosition) {
        self.expr = expr
        self.evalTime = evalTime
        self.expectation = expectation
        self.position = position
    }
}

/// `exp_logs` entry: a line of a result stream. The time is compared only
/// when given.
public struct ExpectedLogEntry: Sendable {
    public var labelsText: String
    public var labels: Parsed<Labels>
    public var line: String
    public var time: TestTime?

    public init(labelsText: String, labels: Parsed<Labels>, line: String, time: TestTime?) {
        self.labelsText = labelsText
        self.labels = labels
        self.line = line
        self.time = time
    }
}
