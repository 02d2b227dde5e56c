import Foundation
import VigilCore
import VigilRules
import VigilStorage
import Yams

/// Reads rule unit test files strictly, as promtool does with
/// `yaml.UnmarshalStrict`: unknown fields, duplicate keys and wrong types
/// are errors, each reported as `file:line:column: message`, all at once.
public enum RuleTestFileParser {
    /// Reads and parses `path`; rule file patterns are expanded relative to
    /// its directory.
    public static func load(path: String) throws(RuleFileErrors) -> RuleTestFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RuleFileErrors([RuleFileError(file: path, position: nil, message: "open \(path): cannot read the file")])
        }
        return try parse(yaml: String(decoding: data, as: UTF8.self), path: path)
    }

    public static func parse(yaml: String, path: String) throws(RuleFileErrors) -> RuleTestFile {
        var decoder = RuleTestDecoder(yaml: StrictYAML(file: path), source: yaml)
        let documents = decoder.yaml.documents(yaml)
        if documents.count > 1 {
            decoder.yaml.fail(documents[1], "only one YAML document is allowed in a test file")
        }
        var file = decoder.decodeFile(documents.first, path: path)
        if decoder.yaml.errors.isEmpty {
            decoder.checkGroupOrder(file.groupEvalOrder)
        }
        if !decoder.yaml.errors.isEmpty { throw RuleFileErrors(decoder.yaml.errors) }
        file.tests = file.tests.map { group in
            var group = group
            if group.interval == 0 { group.interval = file.evaluationInterval }
            return group
        }
        return file
    }
}

/// Field by field decoding; `yaml` collects the errors.
struct RuleTestDecoder {
    var yaml: StrictYAML
    let source: String

    /// The repeated names promtool refuses before running any test.
    mutating func checkGroupOrder(_ names: [String]) {
        var seen = Set<String>()
        for name in names where !seen.insert(name).inserted {
            yaml.fail(at: nil, "group name repeated in evaluation order: \(name)")
            return
        }
    }

    mutating func decodeFile(_ root: Node?, path: String) -> RuleTestFile {
        var file = RuleTestFile(path: path)
        guard let root else { return file }
        var promqlPatterns: [String] = [], logqlPatterns: [String] = []
        let known: Set<String> = ["rule_files", "loki_rule_files", "evaluation_interval", "group_eval_order",
                                  "fuzzy_compare", "tests"]
        for (key, _, value) in yaml.fields(root, type: "main.unitTestFile", known: known) {
            switch key {
            case "rule_files": promqlPatterns = strings(value)
            case "loki_rule_files": logqlPatterns = strings(value)
            case "evaluation_interval": file.evaluationInterval = yaml.duration(value) ?? 0
            case "group_eval_order": file.groupEvalOrder = strings(value)
            case "fuzzy_compare": file.fuzzyCompare = yaml.bool(value)
            case "tests":
                for (index, node) in yaml.sequence(value, type: "[]main.testGroup").enumerated() {
                    file.tests.append(decodeGroup(node, index: index))
                }
            default: break
            }
        }
        if file.evaluationInterval == 0 { file.evaluationInterval = RuleTestFile.defaultEvaluationInterval }
        let directory = (path as NSString).deletingLastPathComponent
        for (patterns, language) in [(promqlPatterns, RuleTestLanguage.promql), (logqlPatterns, .logql)] {
            for pattern in patterns {
                let resolved = RuleFilePaths.resolve(pattern, relativeTo: directory)
                if let problem = FileGlob.patternProblem(resolved) {
                    yaml.fail(at: nil, problem)
                    continue
                }
                let matches = resolved.isEmpty ? [] : FileGlob.expand(resolved)
                if matches.isEmpty { file.unmatchedPatterns.append(resolved) }
                file.ruleFiles += matches.map { RuleFileReference(path: $0, language: language) }
            }
        }
        return file
    }

    private mutating func strings(_ node: Node) -> [String] {
        yaml.sequence(node, type: "[]string").map { yaml.string($0) }
    }

    mutating func decodeGroup(_ node: Node, index: Int) -> RuleTestGroup {
        var group = RuleTestGroup(index: index, position: StrictYAML.position(node), interval: 0)
        let known: Set<String> = ["interval", "input_series", "alert_rule_test", "promql_expr_test", "external_labels",
                                  "external_url", "name", "start_timestamp", "input_streams", "logql_expr_test"]
        for (key, _, value) in yaml.fields(node, type: "main.testGroup", known: known) {
            switch key {
            case "interval": group.interval = yaml.duration(value) ?? 0
            case "name": group.name = yaml.string(value)
            case "start_timestamp": group.startTimestamp = yaml.startTimestamp(value)
            case "external_url": group.externalURL = yaml.string(value)
            case "external_labels":
                group.externalLabels = Labels(yaml.stringMap(value, type: "labels.Labels").map { Label($0.key, $0.value) })
            case "input_series":
                group.inputSeries = yaml.sequence(value, type: "[]main.series").map { decodeSeries($0) }
            case "input_streams":
                group.inputStreams = yaml.sequence(value, type: "[]main.stream").map { decodeStream($0) }
            case "alert_rule_test":
                group.alertTests = yaml.sequence(value, type: "[]main.alertTestCase").map { decodeAlertTest($0) }
            case "promql_expr_test":
                group.promqlTests = yaml.sequence(value, type: "[]main.promqlTestCase").map { decodePromQLTest($0) }
            case "logql_expr_test":
                group.logqlTests = yaml.sequence(value, type: "[]main.logqlTestCase").map { decodeLogQLTest($0) }
            default: break
            }
        }
        return group
    }

    private func place(_ node: Node) -> String {
        "\(yaml.file):\(StrictYAML.position(node))"
    }

    mutating func decodeSeries(_ node: Node) -> InputSeries {
        var series = "", values = ""
        for (key, _, value) in yaml.fields(node, type: "main.series", known: ["series", "values"]) {
            if key == "series" { series = yaml.string(value) } else { values = yaml.string(value) }
        }
        return InputSeries(series: series, values: values, position: StrictYAML.position(node))
    }

    mutating func decodeAlertTest(_ node: Node) -> AlertTestCase {
        var evalTime: Int64 = 0, alertname = "", expected: [ExpectedAlert] = []
        for (key, _, value) in yaml.fields(node, type: "main.alertTestCase", known: ["eval_time", "alertname", "exp_alerts"]) {
            switch key {
            case "eval_time": evalTime = yaml.duration(value) ?? 0
            case "alertname": alertname = yaml.string(value)
            default:
                for alertNode in yaml.sequence(value, type: "[]main.alert") {
                    var labels: [Label] = [], annotations: [Label] = []
                    for (field, _, map) in yaml.fields(alertNode, type: "main.alert", known: ["exp_labels", "exp_annotations"]) {
                        let pairs = yaml.stringMap(map).map { Label($0.key, $0.value) }
                        if field == "exp_labels" { labels = pairs } else { annotations = pairs }
                    }
                    expected.append(ExpectedAlert(labels: labels, annotations: annotations))
                }
            }
        }
        return AlertTestCase(evalTime: evalTime, alertname: alertname, expected: expected, position: StrictYAML.position(node))
    }

    mutating func decodePromQLTest(_ node: Node) -> PromQLTestCase {
        var expr = "", evalTime: Int64 = 0, expected: [ExpectedSample] = []
        for (key, _, value) in yaml.fields(node, type: "main.promqlTestCase", known: ["expr", "eval_time", "exp_samples"]) {
            switch key {
            case "expr": expr = yaml.string(value)
            case "eval_time": evalTime = yaml.duration(value) ?? 0
            default: expected = yaml.sequence(value, type: "[]main.sample").map { decodeSample($0) }
            }
        }
        return PromQLTestCase(expr: expr, evalTime: evalTime, expected: expected, position: StrictYAML.position(node))
    }

    mutating func decodeSample(_ node: Node) -> ExpectedSample {
        var labels = "", value = 0.0, histogram = ""
        for (key, _, field) in yaml.fields(node, type: "main.sample", known: ["labels", "value", "histogram"]) {
            switch key {
            case "labels": labels = yaml.string(field)
            case "value": value = yaml.float(field)
            default: histogram = yaml.string(field)
            }
        }
        return ExpectedSample(labelsText: labels, labels: LabelSetText.metric(labels), value: value, histogram: histogram)
    }

    // MARK: LogQL

    mutating func decodeStream(_ node: Node) -> InputStream {
        var labels = "", items: [StreamItem] = []
        for (key, _, value) in yaml.fields(node, type: "main.stream", known: ["labels", "lines", "entries", "repeat"]) {
            switch key {
            case "labels": labels = yaml.string(value)
            case "lines":
                for (slot, line) in yaml.sequence(value, type: "[]string").enumerated() {
                    items.append(.slot(slot, line: yaml.string(line)))
                }
            case "entries":
                for entry in yaml.sequence(value, type: "[]main.entry") { items += decodeEntry(entry) }
            default:
                for item in yaml.sequence(value, type: "[]main.repeat") { items += decodeRepeat(item) }
            }
        }
        let parsed = LabelSetText.stream(labels).mapError { "\(place(node)): stream \(GoString.quote(labels)): \($0)" }
        return InputStream(labelsText: labels, labels: parsed, items: items, position: StrictYAML.position(node))
    }

    private mutating func decodeEntry(_ node: Node) -> [StreamItem] {
        var time: TestTime?, line: String?
        var timeFields = 0
        for (key, _, value) in yaml.fields(node, type: "main.entry", known: ["at", "timestamp", "line"]) {
            switch key {
            case "at": timeFields += 1; time = yaml.duration(value).map(TestTime.after)
            case "timestamp": timeFields += 1; time = yaml.absoluteTime(value)
            default: line = yaml.string(value)
            }
        }
        if timeFields != 1 {
            yaml.fail(node, timeFields == 0 ? "an entry needs 'at' (after the start) or 'timestamp'"
                                            : "give either 'at' or 'timestamp', not both")
            return []
        }
        guard let line else {
            yaml.fail(node, "an entry needs 'line'")
            return []
        }
        guard let time else { return [] }  // its error is recorded
        return [.entry(time, line: line)]
    }

    private mutating func decodeRepeat(_ node: Node) -> [StreamItem] {
        var template: String?, from: Int64 = 0, every: Int64?, times: Int?
        for (key, _, value) in yaml.fields(node, type: "main.repeat", known: ["line", "from", "every", "times"]) {
            switch key {
            case "line": template = yaml.string(value)
            case "from": from = yaml.duration(value) ?? 0
            case "every": every = yaml.duration(value)
            default: times = yaml.int(value)
            }
        }
        guard let template, let times else {
            yaml.fail(node, "a repeat item needs 'line' and 'times'")
            return []
        }
        guard times >= 0 else {
            yaml.fail(node, "'times' must not be negative")
            return []
        }
        if let every, every <= 0 {
            yaml.fail(node, "'every' must be positive")
            return []
        }
        return [.repeated(template: template, from: from, every: every, times: times, position: StrictYAML.position(node))]
    }

    mutating func decodeLogQLTest(_ node: Node) -> LogQLTestCase {
        var expr = "", evalTime: Int64 = 0
        var samples: [ExpectedSample]?, logs: [ExpectedLogEntry]?
        let known: Set<String> = ["expr", "eval_time", "exp_samples", "exp_logs"]
        for (key, _, value) in yaml.fields(node, type: "main.logqlTestCase", known: known) {
            switch key {
            case "expr": expr = yaml.string(value)
            case "eval_time": evalTime = yaml.duration(value) ?? 0
            case "exp_samples": samples = yaml.sequence(value, type: "[]main.sample").map { decodeSample($0) }
            default: logs = yaml.sequence(value, type: "[]main.logLine").map { decodeLogLine($0) }
            }
        }
        if samples != nil && logs != nil {
            yaml.fail(node, "give either exp_samples (a metric query) or exp_logs (a log query), not both")
        }
        let expectation: LogQLTestCase.Expectation = logs.map { .logs($0) } ?? .samples(samples ?? [])
        return LogQLTestCase(expr: expr, evalTime: evalTime, expectation: expectation, position: StrictYAML.position(node))
    }

    private mutating func decodeLogLine(_ node: Node) -> ExpectedLogEntry {
        var labels = "", line = "", time: TestTime?
        var timeFields = 0
        for (key, _, value) in yaml.fields(node, type: "main.logLine", known: ["labels", "line", "timestamp", "at"]) {
            switch key {
            case "labels": labels = yaml.string(value)
            case "line": line = yaml.string(value)
            case "at": timeFields += 1; time = yaml.duration(value).map(TestTime.after)
            default: timeFields += 1; time = yaml.absoluteTime(value)
            }
        }
        if timeFields > 1 { yaml.fail(node, "give either 'at' or 'timestamp', not both") }
        return ExpectedLogEntry(labelsText: labels, labels: LabelSetText.stream(labels), line: line, time: time)
    }
}

extension Parsed {
    func mapError(_ transform: (String) -> String) -> Parsed {
        switch self {
        case .valid: return self
        case .invalid(let message): return .invalid(transform(message))
        }
    }
}

/// Label sets written in series notation, as promtool reads `labels` with
/// Prometheus's `parser.ParseMetric`.
enum LabelSetText {
    /// `metric{a="b"}`, `{a="b"}` or `{}`.
    static func metric(_ text: String) -> Parsed<Labels> {
        do {
            let description = try SeriesDescription.parse(text)
            guard description.values.isEmpty else { return .invalid("1:1: parse error: unexpected sample values after the label set") }
            return .valid(description.labels)
        } catch {
            return .invalid(error.description)
        }
    }

    /// A stream's labels as a LogQL selector with equality matchers only:
    /// `{app="api", env="prod"}`, at least one label, no metric name.
    static func stream(_ text: String) -> Parsed<Labels> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("{") else { return .invalid("a stream selector starts with '{'") }
        switch metric(trimmed) {
        case .invalid(let message): return .invalid(message)
        case .valid(let labels):
            if labels.isEmpty { return .invalid("a stream needs at least one label") }
            return .valid(labels)
        }
    }
}

/// Rule file paths as promtool resolves them: relative patterns are joined
/// to the test file's directory with Go's `filepath.Join` (which cleans the
/// result); absolute and empty patterns are kept.
enum RuleFilePaths {
    static func resolve(_ pattern: String, relativeTo directory: String) -> String {
        if pattern.isEmpty || pattern.hasPrefix("/") { return pattern }
        return clean(directory.isEmpty ? pattern : directory + "/" + pattern)
    }

    /// Go's `path.Clean` for slash-separated paths.
    static func clean(_ path: String) -> String {
        if path.isEmpty { return "." }
        let rooted = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                if let last = parts.last, last != ".." { parts.removeLast() }
                else if !rooted { parts.append(part) }
            default: parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        if rooted { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }
}
