/// A bad line or record in a recording, named by file and line (and column
/// where known): `file:line[:column]: reason`. Readers collect these and
/// keep reading, so one bad line costs only itself.
public struct RecordError: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int?
    public let reason: String

    public init(file: String, line: Int, column: Int? = nil, reason: String) {
        self.file = file
        self.line = line
        self.column = column
        self.reason = reason
    }

    public var description: String {
        if let column { return "\(file):\(line):\(column): \(reason)" }
        return "\(file):\(line): \(reason)"
    }
}

/// What a reader did with its input.
public struct ReadReport: Sendable, Equatable {
    /// Samples or log entries stored.
    public var stored = 0
    /// Log entries dropped as exact duplicates of stored ones.
    public var duplicatesDropped = 0
    /// Native histogram samples seen and not stored (not supported yet).
    public var skippedNativeHistograms = 0
    /// Every bad line or record, in input order.
    public var errors: [RecordError] = []

    public init() {}
}
