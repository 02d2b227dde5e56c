/// A place in a query text. Lines and columns are 1-based; columns count
/// bytes from the start of the line, as Prometheus's error positions do.
public struct SourcePosition: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    /// Byte offset from the start of the text (0-based).
    public var offset: Int

    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool { lhs.offset < rhs.offset }

    /// `line:column`, the form every Vigil error message starts with.
    public var description: String { "\(line):\(column)" }
}

/// The text a node or token covers: `start` inclusive, `end` exclusive.
public struct SourceRange: Hashable, Sendable, CustomStringConvertible {
    public var start: SourcePosition
    public var end: SourcePosition

    public init(start: SourcePosition, end: SourcePosition) {
        self.start = start
        self.end = end
    }

    public var description: String { "\(start)-\(end)" }
}

/// Maps byte offsets of one text to line and column, for texts of any
/// length in O(log lines) per lookup.
struct LineTable: Sendable {
    /// Byte offset at which each line starts; `lineStarts[0] == 0`.
    private let lineStarts: [Int]
    let count: Int

    init(_ bytes: [UInt8]) {
        var starts = [0]
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(index + 1)
        }
        lineStarts = starts
        count = bytes.count
    }

    func position(at offset: Int) -> SourcePosition {
        let clamped = min(max(offset, 0), count)
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= clamped { low = middle } else { high = middle - 1 }
        }
        return SourcePosition(line: low + 1, column: clamped - lineStarts[low] + 1, offset: clamped)
    }

    func range(_ start: Int, _ end: Int) -> SourceRange {
        SourceRange(start: position(at: start), end: position(at: max(start, end)))
    }
}
