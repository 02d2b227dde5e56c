import VigilCore
import VigilSyntax
import VigilTemplate

/// `| line_format "..."`: the template's output becomes the line. A bare
/// `{{.name}}` copies the label (or empties the line) without running the
/// template, as Loki does; an execution error keeps the line and sets
/// `__error__="TemplateFormatErr"`.
final class LineFormatStage: LogStage {
    let template: LokiTemplate
    let singleField: Int32?
    private var output: [UInt8] = []

    init(_ text: String, names: LabelNameTable) throws {
        template = try LokiTemplate(lineFormat: text)
        singleField = template.singleFieldKey.map { names.id($0) }
    }

    func process(_ line: inout LineState, _ labels: inout LabelBuilder) -> Bool {
        if let singleField {
            line.rewrite(labels.withValue(singleField) { Array($0) } ?? [])
            return true
        }
        output.removeAll(keepingCapacity: true)
        let text = line.withBytes { String(decoding: $0, as: UTF8.self) }
        do {
            try template.execute(labels: labels.templateData(), line: text, timestampNanos: line.timestamp, into: &output)
            line.rewrite(output)
        } catch {
            labels.setError("TemplateFormatErr", details: error.message)
        }
        return true
    }
}

/// `| label_format dst=src, dst="{{...}}"`: renames move a label (the
/// source disappears); templates set a label from the labels as they were
/// when the stage started.
final class LabelFormatStage: LogStage {
    enum Operation {
        case rename(destination: Int32, source: Int32)
        case template(destination: Int32, LokiTemplate)
    }

    let operations: [Operation]
    let stage: Int16
    private var output: [UInt8] = []

    init(_ formats: [LabelFormatOperation], names: LabelNameTable, stage: Int16) throws {
        self.stage = stage
        operations = try formats.map { format in
            switch format {
            case .rename(let destination, let source):
                return .rename(destination: names.id(destination), source: names.id(source))
            case .template(let destination, let text):
                return .template(destination: names.id(destination), try LokiTemplate(labelFormat: destination, text: text))
            }
        }
    }

    func process(_ line: inout LineState, _ labels: inout LabelBuilder) -> Bool {
        var data: [(String, String)]? = nil
        var text: String? = nil
        for operation in operations {
            switch operation {
            case .rename(let destination, let source):
                guard let value = labels.withValue(source, { Array($0) }) else { continue }
                value.withUnsafeBytes { labels.set(destination, bytes: $0, stage: stage) }
                labels.delete(source)
            case .template(let destination, let template):
                if data == nil { data = labels.templateData() }
                if text == nil { text = line.withBytes { String(decoding: $0, as: UTF8.self) } }
                output.removeAll(keepingCapacity: true)
                do {
                    try template.execute(labels: data ?? [], line: text ?? "", timestampNanos: line.timestamp, into: &output)
                    output.withUnsafeBytes { labels.set(destination, bytes: $0, stage: stage) }
                } catch {
                    labels.setError("TemplateFormatErr", details: error.message)
                }
            }
        }
        return true
    }
}

/// `| drop a, b="x"`: removes labels by name, or when their value matches;
/// `__error__` and `__error_details__` can be dropped too.
final class DropLabelsStage: LogStage {
    enum Entry {
        case name(Int32)
        case matcher(Int32, LabelMatcher)
        case error(LabelMatcher?)
        case errorDetails(LabelMatcher?)
    }

    let entries: [Entry]

    init(_ entries: [NamedLabelMatcher], names: LabelNameTable) {
        self.entries = entries.map { entry in
            switch entry {
            case .name("__error__"): return .error(nil)
            case .name("__error_details__"): return .errorDetails(nil)
            case .name(let name): return .name(names.id(name))
            case .matcher(let matcher) where matcher.name == "__error__": return .error(matcher)
            case .matcher(let matcher) where matcher.name == "__error_details__": return .errorDetails(matcher)
            case .matcher(let matcher): return .matcher(names.id(matcher.name), matcher)
            }
        }
    }

    func process(_ line: inout LineState, _ labels: inout LabelBuilder) -> Bool {
        for entry in entries {
            switch entry {
            case .name(let id):
                if labels.has(id) { labels.delete(id) }
            case .matcher(let id, let matcher):
                if matcher.matches(labels.value(id) ?? "") { labels.delete(id) }
            case .error(let matcher):
                if matcher?.matches(labels.error ?? "") ?? true { labels.error = nil }
            case .errorDetails(let matcher):
                if matcher?.matches(labels.errorDetails ?? "") ?? true { labels.errorDetails = nil }
            }
        }
        return true
    }
}

/// `| keep a, b="x"`: removes every label except those named (or whose
/// value matches); the error labels always stay.
final class KeepLabelsStage: LogStage {
    let entries: [(id: Int32, matcher: LabelMatcher?)]

    init(_ entries: [NamedLabelMatcher], names: LabelNameTable) {
        self.entries = entries.map { entry in
            switch entry {
            case .name(let name): return (names.id(name), nil)
            case .matcher(let matcher): return (names.id(matcher.name), matcher)
            }
        }
    }

    func process(_ line: inout LineState, _ labels: inout LabelBuilder) -> Bool {
        if entries.isEmpty { return true }
        let entries = self.entries
        let arena = labels.arena
        labels.keepOnly { id, entry in
            if id == LabelNameTable.preserveErrorID { return true }
            for candidate in entries where candidate.id == id {
                guard let matcher = candidate.matcher else { return true }
                let value = String(decoding: arena[Int(entry.start)..<Int(entry.end)], as: UTF8.self)
                if matcher.matches(value) { return true }
            }
            return false
        }
        return true
    }
}

/// `| decolorize`: removes ANSI escape sequences (Loki's `stripansi` pattern).
final class DecolorizeStage: LogStage {
    static let pattern = "[\u{1B}\u{9B}][[\\]()#;?]*(?:(?:(?:[a-zA-Z\\d]*(?:;[a-zA-Z\\d]*)*)?\u{07})|"
        + "(?:(?:\\d{1,4}(?:;\\d{0,4})*)?[\\dA-PRZcf-ntqry=><~]))"
    let regex: RE2Regex

    init() throws {
        regex = try RE2Regex(Self.pattern)
    }

    func process(_ line: inout LineState, _ labels: inout LabelBuilder) -> Bool {
        let replaced: [UInt8]? = line.withBytes { bytes in
            // Both introducers (ESC, and U+009B as C2 9B) contain no other byte value.
            guard bytes.contains(0x1B) || bytes.contains(0xC2) else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var position = 0
            var searchFrom = 0
            while searchFrom <= bytes.count, let spans = regex.captureSpans(in: bytes, from: searchFrom), let match = spans[0] {
                out.append(contentsOf: bytes[position..<match.lowerBound])
                position = match.upperBound
                searchFrom = match.isEmpty ? match.upperBound + 1 : match.upperBound
            }
            out.append(contentsOf: bytes[position...])
            return out
        }
        if let replaced { line.rewrite(replaced) }
        return true
    }
}
