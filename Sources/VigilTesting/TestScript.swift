import VigilCore
import VigilStorage

/// A parsed file in Prometheus's PromQL test-script language (see
/// `FORMAT.md` of the conformance suite): `load`, `clear` and `eval`
/// commands in order.
public struct TestScript: Sendable {
    public var commands: [TestCommand]

    public init(commands: [TestCommand]) { self.commands = commands }
}

public enum TestCommand: Sendable {
    /// `load <interval>` (or `load_with_nhcb`): series in expanding notation.
    case load(LoadCommand)
    /// `clear`: drop all data.
    case clear(line: Int)
    case eval(EvalCommand)
}

public struct LoadCommand: Sendable {
    public var line: Int
    public var interval: Int64
    /// `load_with_nhcb`: classic histograms are also loaded as native
    /// histograms with custom buckets (not supported yet).
    public var withNativeHistograms: Bool
    public var series: [(line: Int, description: SeriesDescription)]
}

/// One `eval instant` or `eval range` with its expectations.
public struct EvalCommand: Sendable {
    public enum Kind: Sendable, Equatable {
        case instant(at: Int64)
        case range(start: Int64, end: Int64, step: Int64)
    }

    /// An `expect warn|info|fail msg: ...` / `regex: ...` line; a plain
    /// `expect warn` matches any text.
    public struct Expectation: Sendable {
        public var message: String?
        public var pattern: String?

        func matches(_ text: String) -> Bool {
            if let message { return message == text }
            if let pattern, let regex = try? RE2Regex(pattern) { return regex.contains(in: text) }
            return true
        }

        var summary: String { message.map { "message \(GoString.quote($0))" } ?? "pattern \(GoString.quote(pattern ?? ".*"))" }
    }

    public var line: Int
    public var expression: String
    public var kind: Kind
    public var expectFail = false
    public var expectedFailMessage: String?
    public var expectedFailPattern: String?
    public var failExpectation: Expectation?
    public var ordered = false
    /// Legacy `eval_warn` / `eval_info`: at least one such annotation.
    public var legacyWarn = false
    public var legacyInfo = false
    public var warnings: [Expectation] = []
    public var infos: [Expectation] = []
    public var noWarn = false
    public var noInfo = false
    /// `expect range vector from A to B step S` for an instant query of a range vector.
    public var rangeVector: (start: Int64, end: Int64, step: Int64)?
    public var expectedString: String?
    public var expectedScalar: Double?
    /// Expected series with their 1-based position among the series lines.
    public var expectedSeries: [(position: Int, labels: Labels, values: [SeriesValue])] = []

    /// Whether the expected output itself contains native histograms.
    public var expectsNativeHistograms: Bool {
        expectedSeries.contains { entry in entry.values.contains { if case .histogram = $0 { return true } else { return false } } }
    }
}
