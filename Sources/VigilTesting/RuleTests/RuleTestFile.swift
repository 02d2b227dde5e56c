import VigilCore
import VigilRules
import VigilStorage

/// A rule unit test file: `promtool test rules`' format, plus Vigil's LogQL
/// parts (`loki_rule_files`, `input_streams`, `logql_expr_test`). See
/// docs/rule-tests.md for every field.
///
/// Problems with the YAML itself (unknown fields, wrong types, bad
/// durations) make the whole file fail, as promtool's strict unmarshalling
/// does; problems inside a test group's data (series notation, label sets,
/// line templates) fail only that group, as promtool's loader does.
public struct RuleTestFile: Sendable {
    public var path: String
    /// Rule files with their language, patterns expanded relative to the
    /// test file (PromQL files first, then LogQL), duplicates kept as listed.
    public var ruleFiles: [RuleFileReference]
    /// Patterns that matched no file (promtool warns and goes on).
    public var unmatchedPatterns: [String]
    /// Milliseconds between rule evaluations (default 1m).
    public var evaluationInterval: Int64
    public var groupEvalOrder: [String]
    /// Compare floats allowing a difference in the last bit of the mantissa.
    public var fuzzyCompare: Bool
    public var tests: [RuleTestGroup]

    public init(path: String, ruleFiles: [RuleFileReference] = [], unmatchedPatterns: [String] = [],
                evaluationInterval: Int64 = RuleTestFile.defaultEvaluationInterval, groupEvalOrder: [String] = [],
                fuzzyCompare: Bool = false, tests: [RuleTestGroup] = []) {
        self.path = path
        self.ruleFiles = ruleFiles
        self.unmatchedPatterns = unmatchedPatterns
        self.evaluationInterval = evaluationInterval
        self.groupEvalOrder = groupEvalOrder
        self.fuzzyCompare = fuzzyCompare
        self.tests = tests
    }

    public static let defaultEvaluationInterval: Int64 = 60_000
}

/// The query language of the rules in a rule file, declared by the list
/// the test file names it in: `rule_files` (PromQL) or `loki_rule_files`
/// (LogQL). A file's text cannot tell: `count_over_time({a="b"}[5m])` is
/// valid in both languages with different meanings.
public enum RuleTestLanguage: String, Sendable, Hashable {
    case promql
    case logql
}

public struct RuleFileReference: Sendable, Hashable {
    public var path: String
    public var language: RuleTestLanguage

    public init(path: String, language: RuleTestLanguage) {
        self.path = path
        self.language = language
    }
}

/// One entry of `tests`: input data and the expectations checked against it.
public struct RuleTestGroup: Sendable {
    /// `name`, "" when absent.
    public var name: String
    /// The position in `tests` (0-based): promtool names an unnamed group
    /// `unnamed#<index>` in JUnit reports.
    public var index: Int
    public var position: FilePosition
    /// Milliseconds between input samples (and lines of `lines`); defaults
    /// to the file's evaluation interval.
    public var interval: Int64
    /// Unix milliseconds: where input data starts and what `eval_time` counts from.
    public var startTimestamp: Int64
    public var inputSeries: [InputSeries]
    public var inputStreams: [InputStream]
    public var alertTests: [AlertTestCase]
    public var promqlTests: [PromQLTestCase]
    public var logqlTests: [LogQLTestCase]
    public var externalLabels: Labels
    public var externalURL: String

    public init(name: String = "", index: Int = 0, position: FilePosition = FilePosition(line: 1, column: 1),
                interval: Int64 = RuleTestFile.defaultEvaluationInterval, startTimestamp: Int64 = 0,
                inputSeries: [InputSeries] = [], inputStreams: [InputStream] = [], alertTests: [AlertTestCase] = [],
                promqlTests: [PromQLTestCase] = [], logqlTests: [LogQLTestCase] = [],
                externalLabels: Labels = .empty, externalURL: String = "") {
        self.name = name
        self.index = index
        self.position = position
        self.interval = interval
        self.startTimestamp = startTimestamp
        self.inputSeries = inputSeries
        self.inputStreams = inputStreams
        self.alertTests = alertTests
        self.promqlTests = promqlTests
        self.logqlTests = logqlTests
        self.externalLabels = externalLabels
        self.externalURL = externalURL
    }

    /// The name promtool reports the group under.
    public var reportName: String { name.isEmpty ? "unnamed#\(index)" : name }

    /// The latest `eval_time` of the alert and PromQL tests: rules are
    /// evaluated from the start up to here. LogQL expression tests read only
    /// the logs, which do not depend on rule evaluation.
    public var maxEvalTime: Int64 {
        let alertTimes = alertTests.map(\.evalTime)
        let exprTimes = promqlTests.map(\.evalTime)
        return (alertTimes + exprTimes).max() ?? 0
    }
}

/// A value that failed to parse keeps its message, so that only the test
/// (or test group) that uses it fails, as in promtool.
public enum Parsed<Value: Sendable>: Sendable {
    case valid(Value)
    case invalid(String)

    public var value: Value? {
        if case .valid(let value) = self { return value }
        return nil
    }
}

/// `input_series` entry: a series in expanding notation. It is parsed when
/// its test group runs (a day of samples at 1m for 10,000 series is 14
/// million points, which only the running group needs).
public struct InputSeries: Sendable {
    /// `series` and `values` as written.
    public var series: String
    public var values: String
    public var position: FilePosition

    public init(series: String, values: String, position: FilePosition) {
        self.series = series
        self.values = values
        self.position = position
    }

    /// The series, as promtool hands `series values` to the PromQL test
    /// loader: one line in expanding notation. Errors name the entry's place
    /// in `file`.
    public func parse(file: String) -> Parsed<SeriesDescription> {
        let place = "\(file):\(position)"
        do {
            let description = try SeriesDescription.parse(series + " " + values)
            if description.labels.isEmpty {
                return .invalid("\(place): input series \(GoString.quote(series)) has no labels")
            }
            if description.containsNativeHistograms {
                return .invalid("\(place): input series \(GoString.quote(series)): native histogram samples "
                    + "are not supported (Vigil's series store holds float samples)")
            }
            return .valid(description)
        } catch {
            return .invalid("\(place): input series \(GoString.quote(series + " " + values)): \(error)")
        }
    }
}

/// `alert_rule_test` entry: the alerts expected to be firing under a name.
public struct AlertTestCase: Sendable {
    /// Milliseconds after the start.
    public var evalTime: Int64
    public var alertname: String
    public var expected: [ExpectedAlert]
    public var position: FilePosition

    public init(evalTime: Int64, alertname: String, expected: [ExpectedAlert], position: FilePosition) {
        self.evalTime = evalTime
        self.alertname = alertname
        self.expected = expected
        self.position = position
    }
}

/// `exp_alerts` entry. Both sets are sorted by name and keep empty values
/// as written (promtool compares them as given, so an empty value never
/// matches an alert).
public struct ExpectedAlert: Sendable, Hashable {
    public var labels: [Label]
    public var annotations: [Label]

    public init(labels: [Label], annotations: [Label]) {
        self.labels = labels.sorted { GoString.less($0.name, $1.name) }
        self.annotations = annotations.sorted { GoString.less($0.name, $1.name) }
    }
}

/// `promql_expr_test` entry.
public struct PromQLTestCase: Sendable {
    public var expr: String
    public var evalTime: Int64
    public var expected: [ExpectedSample]
    public var position: FilePosition

    public init(expr: String, evalTime: Int64, expected: [ExpectedSample], position: FilePosition) {
        self.expr = expr
        self.evalTime = evalTime
        self.expected = expected
        self.position = position
    }
}

/// `exp_samples` entry: a label set in series notation and a value.
public struct ExpectedSample: Sendable {
    /// `labels` as written (promtool quotes it in errors).
    public var labelsText: String
    public var labels: Parsed<Labels>
    public var value: Double
    /// Prometheus 3.x's `histogram`: a native histogram in series notation.
    /// Vigil's store holds floats only, so a test that sets it fails with a
    /// clear message instead of comparing floats.
    public var histogram: String

    public init(labelsText: String, labels: Parsed<Labels>, value: Double, histogram: String = "") {
        self.labelsText = labelsText
        self.labels = labels
        self.value = value
        self.histogram = histogram
    }
}
