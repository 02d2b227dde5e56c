import VigilCore
import VigilSyntax

/// Loki's `ipFilter.filter`: finds IPv4 and IPv6 addresses in text by
/// their first bytes (a digit with a dot within three bytes; hex digits
/// then `:`), parses each candidate run and tests it against the pattern.
struct IPSearch {
    let pattern: IPPattern

    private static let ipv4Characters: [Bool] = charset("0123456789.")
    private static let ipv6Characters: [Bool] = charset("0123456789abcdefABCDEF:.")

    private static func charset(_ characters: String) -> [Bool] {
        var table = [Bool](repeating: false, count: 256)
        for byte in characters.utf8 { table[Int(byte)] = true }
        return table
    }

    func matches(_ text: UnsafeRawBufferPointer) -> Bool {
        let count = text.count
        if count == 0 { return false }
        var index = 0
        while index < count {
            if index + 3 < count, Self.isDigit(text[index]),
               text[index + 1] == UInt8(ascii: ".") || text[index + 2] == UInt8(ascii: ".") || text[index + 3] == UInt8(ascii: ".") {
                let (found, length) = candidate(text, from: index, charset: Self.ipv4Characters)
                if found { return true }
                index += length + 1
                continue
            }
            if index + 4 < count, Self.ipv6Hint(text, index) {
                let (found, length) = candidate(text, from: index, charset: Self.ipv6Characters)
                if found { return true }
                index += length + 1
                continue
            }
            index += 1
        }
        return false
    }

    private func candidate(_ text: UnsafeRawBufferPointer, from start: Int, charset: [Bool]) -> (Bool, Int) {
        var end = start
        while end < text.count, charset[Int(text[end])] { end += 1 }
        if let address = IPAddress.parse(UnsafeRawBufferPointer(rebasing: text[start..<end])), pattern.contains(address) {
            return (true, 0)
        }
        return (false, end - start)
    }

    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    @inline(__always) static func isHex(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= 0x61 && byte <= 0x66) || (byte >= 0x41 && byte <= 0x46)
    }

    static func ipv6Hint(_ t: UnsafeRawBufferPointer, _ i: Int) -> Bool {
        let colon = UInt8(ascii: ":")
        if t[i] == colon && t[i + 1] == colon && isHex(t[i + 2]) { return true }
        if isHex(t[i]) && t[i + 1] == colon { return true }
        if isHex(t[i]) && isHex(t[i + 1]) && t[i + 2] == colon { return true }
        if isHex(t[i]) && isHex(t[i + 1]) && isHex(t[i + 2]) && t[i + 3] == colon { return true }
        return isHex(t[i]) && isHex(t[i + 1]) && isHex(t[i + 2]) && isHex(t[i + 3]) && t[i + 4] == colon
    }
}

/// Loki's `Matcher.Test` for the `|>` line filter: the literals appear in
/// order, a capture between them is never empty, and the line ends where
/// the pattern does (on a literal) or continues (on a capture).
struct PatternTest {
    let nodes: [LogPattern.Node]
    private let finders: [LiteralFinder?]

    init(_ pattern: LogPattern) {
        nodes = pattern.nodes
        finders = pattern.nodes.map { node in
            if case .literal(let bytes) = node { return LiteralFinder(bytes: bytes) }
            return nil
        }
    }

    func matches(_ input: UnsafeRawBufferPointer) -> Bool {
        if input.count == 0 || nodes.isEmpty { return input.count == 0 && nodes.isEmpty }
        var offset = 0
        for (index, node) in nodes.enumerated() {
            guard case .literal(let literal) = node, let finder = finders[index] else { continue }
            let rest = UnsafeRawBufferPointer(rebasing: input[offset...])
            guard let found = finder.firstIndex(in: rest) else { return false }
            if index != 0 && found == 0 { return false }
            offset += found + literal.count
        }
        let endsOnCapture: Bool
        if case .capture = nodes[nodes.count - 1] { endsOnCapture = true } else { endsOnCapture = false }
        return endsOnCapture == (offset != input.count)
    }
}
