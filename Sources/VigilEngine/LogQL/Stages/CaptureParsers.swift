import VigilCore
import VigilSyntax

/// `| regexp "..."`: each named group of the first match becomes a label
/// (an unmatched group gives an empty one); no match extracts nothing.
final class RegexpLabelParser: LogStage {
    let hints: ExtractionHints
    let stage: Int16
    let regex: RE2Regex
    /// (group index, label id) for named groups.
    private let groups: [(index: Int, id: Int32)]
    private let names: LabelNameTable

    init(pattern: String, names: LabelNameTable, hints: ExtractionHints, stage: Int16) throws {
        regex = try RE2Regex(pattern)
        self.names = names
        self.hints = hints
        self.stage = stage
        var groups: [(Int, Int32)] = []
        for (index, name) in regex.groupNames.enumerated() {
            guard let name else { continue }
            var sanitized: [UInt8] = []
            Array(name.utf8).withUnsafeBytes { LabelKeySanitizer.append($0, to: &sanitized) }
            guard !sanitized.isEmpty else { continue }
            groups.append((index, names.id(String(decoding: sanitized, as: UTF8.self))))
        }
        self.groups = groups
    }

    func process(_ line: inout LineState, _ labels: inout LabelBuilder) -> Bool {
        line.withBytes { bytes in
            guard let spans = regex.captureSpans(in: bytes) else { return }
            for (index, plainID) in groups {
                let target = labels.baseHasLabel(plainID) ? names.extractedID(plainID) : plainID
                guard hints.wants(target) else { continue }
                if let span = spans[index] {
                    labels.set(target, bytes: UnsafeRawBufferPointer(rebasing: bytes[span]), stage: stage)
                } else {
                    labels.set(target, string: "", stage: stage)
                }
            }
        }
        return true
    }
}

/// `| pattern "<ip> - <_> ..."`: Loki's pattern matcher. A leading literal
/// must start the line; each capture runs to the next literal; when a
/// literal is missing the capture takes the rest of the line and matching
/// stops.
final class PatternLabelParser: LogStage {
    let hints: ExtractionHints
    let stage: Int16
    let pattern: LogPattern
    private let names: LabelNameTable
    private let ids: [Int32]
    private let finders: [LiteralFinder?]

    init(pattern: LogPattern, names: LabelNameTable, hints: ExtractionHints, stage: Int16) {
        self.pattern = pattern
        self.names = names
        self.hints = hints
        self.stage = stage
        ids = pattern.captureNames.map { names.id($0) }
        finders = pattern.nodes.map { node in
            if case .literal(let bytes) = node { return LiteralFinder(bytes: bytes) }
            return nil
        }
    }

    func process(_ line: inout LineState, _ labels: inout LabelBuilder) -> Bool {
        if hints.extractsNothing { return true }
        line.withBytes { bytes in
            var captures: [Range<Int>] = []
            matches(bytes, into: &captures)
            for (index, range) in captures.enumerated() {
                let plainID = ids[index]
                let target = labels.baseHasLabel(plainID) ? names.extractedID(plainID) : plainID
                guard hints.wants(target) else { continue }
                labels.set(target, bytes: UnsafeRawBufferPointer(rebasing: bytes[range]), stage: stage)
            }
        }
        return true
    }

    /// Loki's `Matcher.Matches`: the named captures found, in order.
    func matches(_ input: UnsafeRawBufferPointer, into captures: inout [Range<Int>]) {
        let nodes = pattern.nodes
        guard input.count > 0, !nodes.isEmpty else { return }
        var position = 0
        var index = 0
        if case .literal(let literal) = nodes[0] {
            guard finders[0]?.firstIndex(in: input) == 0 else { return }
            position = literal.count
            index = 1
        }
        if index == nodes.count { return }
        while index < nodes.count {
            guard case .capture(let name) = nodes[index] else { return }
            let named = name != "_"
            if index + 1 == nodes.count {
                if named { captures.append(position..<input.count) }
                return
            }
            guard case .literal(let literal) = nodes[index + 1], let finder = finders[index + 1] else { return }
            let rest = UnsafeRawBufferPointer(rebasing: input[position...])
            guard let found = finder.firstIndex(in: rest) else {
                if named { captures.append(position..<input.count) }
                return
            }
            if named { captures.append(position..<(position + found)) }
            position += found + literal.count
            index += 2
        }
    }
}
