/// What running one `eval` command gave.
public enum CommandOutcome: Sendable, Equatable {
    case passed
    case failed(String)
    /// Not run, with the reason (e.g. it needs native histograms).
    case skipped(String)
}

/// The outcome of every `eval` in one file.
public struct FileReport: Sendable {
    public var file: String
    public var results: [(line: Int, expression: String, outcome: CommandOutcome)] = []

    public init(file: String) { self.file = file }

    public var passed: Int { results.filter { $0.outcome == .passed }.count }
    public var failed: Int { results.filter { if case .failed = $0.outcome { return true } else { return false } }.count }
    public var skipped: Int { results.filter { if case .skipped = $0.outcome { return true } else { return false } }.count }

    /// `FILE: N passed, M failed[, K skipped]`.
    public var summary: String {
        "\(file): \(passed) passed, \(failed) failed" + (skipped > 0 ? ", \(skipped) skipped" : "")
    }
}
