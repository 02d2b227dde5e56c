/// What running one test file gave.
public struct RuleTestFileReport: Sendable {
    public var path: String
    /// The parsed file; nil when it could not be read or parsed.
    public var file: RuleTestFile?
    /// Problems that stopped the whole file before any test group ran
    /// (unreadable file, YAML errors, bad patterns, repeated group names).
    public var fileErrors: [String]
    /// `WARNING: no file match pattern …` lines.
    public var warnings: [String]
    /// The test groups that ran (those `--run` selected), in file order.
    public var groups: [RuleTestGroupReport]

    public init(path: String, file: RuleTestFile? = nil, fileErrors: [String] = [], warnings: [String] = [],
                groups: [RuleTestGroupReport] = []) {
        self.path = path
        self.file = file
        self.fileErrors = fileErrors
        self.warnings = warnings
        self.groups = groups
    }

    public var passed: Bool { fileErrors.isEmpty && groups.allSatisfy(\.passed) }

    /// Every failure in promtool's order: file errors, then each group's.
    public var failures: [RuleTestFailure] {
        fileErrors.map { RuleTestFailure(message: $0) } + groups.flatMap(\.failures)
    }
}

/// What running one test group gave.
public struct RuleTestGroupReport: Sendable {
    /// `name` as written ("" when unnamed).
    public var name: String
    /// The name in reports: `unnamed#<index>` when unnamed, as promtool's JUnit output.
    public var reportName: String
    public var failures: [RuleTestFailure]
    /// `--debug` output, printed in file order.
    public var debugLines: [String]
    /// Wall-clock time the group took.
    public var duration: Duration

    public init(name: String, reportName: String, failures: [RuleTestFailure] = [], debugLines: [String] = [],
                duration: Duration = .zero) {
        self.name = name
        self.reportName = reportName
        self.failures = failures
        self.debugLines = debugLines
        self.duration = duration
    }

    public var passed: Bool { failures.isEmpty }
}

/// One failure: promtool's text, and what Vigil adds to help find the cause.
public struct RuleTestFailure: Sendable, Equatable {
    /// The text promtool prints for this failure, word for word.
    public var message: String
    /// Vigil's additions, already indented: a unified diff of expected and
    /// got, closest-match hints, the alert's evaluation timeline.
    public var details: [String]

    public init(message: String, details: [String] = []) {
        self.message = message
        self.details = details
    }

    /// The message with its details below it.
    public var fullText: String {
        ([message] + details).joined(separator: "\n")
    }
}
