/// The text of one log line while it runs through a pipeline: its
/// timestamp and its current bytes (the stored ones until a stage rewrites
/// them). Reused from line to line, keeping its buffer. The labels travel
/// beside it in a `LabelBuilder`.
struct LineState {
    var timestamp: Int64 = 0
    /// The stored line; valid only while the storage callback runs.
    private var original = UnsafeRawBufferPointer(start: nil, count: 0)
    /// A rewritten line (`line_format`, `unpack`, `decolorize`).
    private var rewritten: [UInt8] = []
    private(set) var isRewritten = false

    init() {}

    /// Starts a line at the stored bytes.
    mutating func begin(timestamp: Int64, line: UnsafeRawBufferPointer) {
        self.timestamp = timestamp
        original = line
        isRewritten = false
    }

    /// Calls `body` with the current line bytes.
    @inline(__always)
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        if !isRewritten { return try body(original) }
        return try rewritten.withUnsafeBytes { try body($0) }
    }

    var count: Int { isRewritten ? rewritten.count : original.count }

    /// Replaces the line's text.
    mutating func rewrite(_ bytes: [UInt8]) {
        rewritten = bytes
        isRewritten = true
    }

    /// The current line as bytes (a copy).
    var bytes: [UInt8] { withBytes { Array($0) } }
}

/// A pipeline stage, as Loki's `log.Stage`: it reads and may rewrite the
/// line and its labels, and says whether the line survives.
protocol LogStage: AnyObject {
    func process(_ line: inout LineState, _ labels: inout LabelBuilder) -> Bool
}
