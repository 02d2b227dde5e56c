/// A pattern of `| pattern "<ip> - <_> ..."` or of the `|>` line filter, as
/// Loki's `pattern` package reads it: `<name>` captures (a letter or `_`,
/// then letters, digits, `_`), `<_>` unnamed captures, and literal runs of
/// anything else.
public struct LogPattern: Hashable, Sendable {
    public enum Node: Hashable, Sendable {
        case literal([UInt8])
        /// A capture; `"_"` is the unnamed one.
        case capture(String)
    }

    public struct ParseError: Error, CustomStringConvertible, Sendable, Equatable {
        public let message: String
        public var description: String { message }
    }

    public let nodes: [Node]

    /// The names of the named captures, in order.
    public var captureNames: [String] {
        nodes.compactMap { node in
            if case .capture(let name) = node, name != "_" { return name }
            return nil
        }
    }

    init(nodes: [Node]) { self.nodes = nodes }

    /// Tokenises a pattern; only an empty pattern fails here.
    static func nodes(of text: String) throws(ParseError) -> [Node] {
        let bytes = Array(text.utf8)
        var nodes: [Node] = []
        var literal: [UInt8] = []
        var index = 0
        func isStart(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b == 0x5F }
        func isRest(_ b: UInt8) -> Bool { isStart(b) || (b >= 0x30 && b <= 0x39) }
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "<"), index + 1 < bytes.count, isStart(bytes[index + 1]) {
                var end = index + 2
                while end < bytes.count, isRest(bytes[end]) { end += 1 }
                if end < bytes.count, bytes[end] == UInt8(ascii: ">") {
                    if !literal.isEmpty { nodes.append(.literal(literal)); literal = [] }
                    nodes.append(.capture(String(decoding: bytes[(index + 1)..<end], as: UTF8.self)))
                    index = end + 1
                    continue
                }
            }
            literal.append(bytes[index])
            index += 1
        }
        if !literal.isEmpty { nodes.append(.literal(literal)) }
        if nodes.isEmpty { throw ParseError(message: "syntax error: unexpected $end") }
        return nodes
    }

    private static func checkNoConsecutiveCaptures(_ nodes: [Node]) throws(ParseError) {
        for (index, node) in nodes.enumerated() where index + 1 < nodes.count {
            if case .capture(let a) = node, case .capture(let b) = nodes[index + 1] {
                throw ParseError(message: "found consecutive capture '<\(a)><\(b)>': invalid expression")
            }
        }
    }

    /// `| pattern`: at least one named capture, no two captures in a row,
    /// no name twice.
    public static func parseExtraction(_ text: String) throws(ParseError) -> LogPattern {
        let nodes = try nodes(of: text)
        let pattern = LogPattern(nodes: nodes)
        if pattern.captureNames.isEmpty { throw ParseError(message: "at least one capture is required") }
        try checkNoConsecutiveCaptures(nodes)
        var seen = Set<String>()
        for name in pattern.captureNames where !seen.insert(name).inserted {
            throw ParseError(message: "duplicate capture name (\(name)): invalid expression")
        }
        return pattern
    }

    /// `|>` / `!>`: only unnamed captures, none in a row; an empty pattern
    /// matches only empty lines.
    public static func parseLineFilter(_ text: String) throws(ParseError) -> LogPattern {
        if text.isEmpty { return LogPattern(nodes: []) }
        let nodes = try nodes(of: text)
        try checkNoConsecutiveCaptures(nodes)
        for case .capture(let name) in nodes where name != "_" {
            throw ParseError(message: "named captures are not allowed: found '<\(name)>'")
        }
        return LogPattern(nodes: nodes)
    }
}
