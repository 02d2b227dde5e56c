import VigilSyntax

/// Why a query failed. The descriptions follow Prometheus's wording, so a
/// user (and the conformance suite) sees the same message.
public enum QueryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The query text does not parse or type-check.
    case parse(ParseError)
    /// A query the engine cannot run for the given parameters (e.g. a range
    /// query over a string expression).
    case invalid(String)
    /// An error raised while evaluating (duplicate series, many-to-many matching, ...).
    case execution(String)
    /// More samples held at once than `EngineOptions.maxSamples`.
    case tooManySamples
    /// The deadline passed.
    case timeout
    /// The query was cancelled by its caller.
    case cancelled
    /// The query needs a feature the engine does not have yet (native histograms).
    case unsupported(String)

    public var description: String {
        switch self {
        case .parse(let error): return error.description
        case .invalid(let message), .execution(let message): return message
        case .tooManySamples: return "query processing would load too many samples into memory in query execution"
        case .timeout: return "query timed out in expression evaluation"
        case .cancelled: return "query was canceled in expression evaluation"
        case .unsupported(let message): return message
        }
    }

    /// The Prometheus HTTP API `errorType`.
    public var apiErrorType: String {
        switch self {
        case .parse, .invalid: return "bad_data"
        case .execution, .unsupported: return "execution"
        case .tooManySamples: return "execution"
        case .timeout: return "timeout"
        case .cancelled: return "canceled"
        }
    }
}
