import VigilSyntax

/// `| json label="path", ...`: only the given paths (`a.b`, `list[0]`,
/// `a["b c"]`) become labels. Strings are unescaped, objects and arrays
/// kept as JSON text, `null` is empty; a path that is missing leaves its
/// label empty. A line that does not start like JSON gets `__error__`.
final class JSONExpressionParser: LogStage {
    let names: LabelNameTable
    let hints: ExtractionHints
    let stage: Int16
    private let paths: [(label: Int32, components: [JSONPathComponent])]
    private var value: [UInt8] = []

    init(names: LabelNameTable, hints: ExtractionHints, stage: Int16, extractions: [LabelExtraction]) {
        self.names = names
        self.hints = hints
        self.stage = stage
        paths = extractions.map { extraction in
            (names.id(extraction.label), (try? JSONPathExpression.parse(extraction.expression)) ?? [])
        }
    }

    func process(_ line: inout LineState, _ labels: inout LabelBuilder) -> Bool {
        if line.count == 0 || hints.extractsNothing { return true }
        let failure: JSONScanner.Failure?? = line.withBytes { (bytes) -> JSONScanner.Failure?? in
            switch bytes[0] {
            case UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "["): break
            default: return .some(nil)
            }
            var matches = 0
            for (label, components) in paths {
                do throws(JSONScanner.Failure) {
                    guard let found = try Self.find(components, in: bytes) else { continue }
                    let target = labels.baseHasLabel(label) ? names.extractedID(label) : label
                    let raw = UnsafeRawBufferPointer(rebasing: bytes[found.start..<found.end])
                    value.removeAll(keepingCapacity: true)
                    switch found.type {
                    case .null: break
                    case .object: value.append(contentsOf: raw)
                    default: JSONScanner.appendStringValue(raw, to: &value)
                    }
                    value.withUnsafeBytes { labels.set(target, bytes: $0, stage: stage) }
                    matches += 1
                } catch {
                    return .some(error)
                }
            }
            if matches < paths.count {
                for (label, _) in paths where !labels.has(label) { labels.set(label, string: "", stage: stage) }
            }
            return nil
        }
        switch failure {
        case .some(.some(let error)): labels.setError("JSONParserErr", details: error.message)
        case .some(.none): labels.setError("JSONParserErr", details: nil)
        case .none: break
        }
        return true
    }

    /// The value at `components`, or nil when the path does not exist.
    static func find(_ components: [JSONPathComponent], in data: UnsafeRawBufferPointer) throws(JSONScanner.Failure)
        -> (type: JSONScanner.ValueType, start: Int, end: Int)?
    {
        guard let first = JSONScanner.nextToken(data, 0, data.count) else { throw .malformedJSON }
        var current = try JSONScanner.value(data, first, data.count)
        for component in components {
            switch component {
            case .key(let key):
                guard current.type == .object else { return nil }
                var found: (JSONScanner.ValueType, Int, Int, Int)? = nil
                let wanted = Array(key.utf8)
                try JSONScanner.eachMember(data, current.start, current.end) { (member) throws(JSONScanner.Failure) -> JSONScanner.Action in
                    guard member.key.elementsEqual(wanted) else { return .proceed }
                    found = (member.type, member.valueStart, member.valueEnd, member.valueEnd)
                    return .stop
                }
                guard let found else { return nil }
                current = (found.0, found.1, found.2, found.3)
            case .index(let wantedIndex):
                guard current.type == .array else { return nil }
                guard let element = try element(at: wantedIndex, data, current.start, current.end) else { return nil }
                current = element
            }
        }
        return (current.type, current.start, current.end)
    }

    /// The `index`-th element of the array at `start`.
    static func element(at index: Int, _ data: UnsafeRawBufferPointer, _ start: Int, _ end: Int)
        throws(JSONScanner.Failure) -> (type: JSONScanner.ValueType, start: Int, end: Int, next: Int)?
    {
        var offset = start + 1
        var position = 0
        while true {
            guard let next = JSONScanner.nextToken(data, offset, end) else { throw .malformedArray }
            if data[next] == UInt8(ascii: "]") { return nil }
            let element = try JSONScanner.value(data, next, end)
            if position == index { return element }
            position += 1
            guard let separator = JSONScanner.nextToken(data, element.next, end) else { throw .malformedArray }
            switch data[separator] {
            case UInt8(ascii: ","): offset = separator + 1
            case UInt8(ascii: "]"): return nil
            default: throw .malformedArray
            }
        }
    }
}
