import VigilCore

/// One stage of a log pipeline, in Loki's vocabulary.
public enum PipelineStage: Hashable, Sendable {
    /// `|= "a" or "b"`, `!~ "re"`, `|= ip("10.0.0.0/8")`.
    case lineFilter(LineFilter)
    /// `| json` (all fields) or `| json a="x.y", b="arr[0]"`.
    case json([LabelExtraction])
    /// `| logfmt [--strict] [--keep-empty] [a="b", c]`.
    case logfmt(LogfmtParserStage)
    /// `| regexp "(?P<name>...)"`.
    case regexp(String)
    /// `| pattern "<ip> - <_>"`.
    case pattern(String)
    /// `| unpack`: JSON labels packed by Promtail's `pack` stage, `_entry` becomes the line.
    case unpack
    /// `| status >= 500 and level="error"`.
    case labelFilter(LabelFilter)
    /// `| line_format "{{.msg}}"`.
    case lineFormat(String)
    /// `| label_format dst=src, other="{{.x}}"`.
    case labelFormat([LabelFormatOperation])
    /// `| decolorize`: removes ANSI escape sequences from the line.
    case decolorize
    /// `| drop a, b="x"`.
    case drop([NamedLabelMatcher])
    /// `| keep a, b="x"`.
    case keep([NamedLabelMatcher])
}

/// `name="expression"` of `| json` and `| logfmt`; a bare `name` is `name="name"`.
public struct LabelExtraction: Hashable, Sendable {
    /// The label to create.
    public var label: String
    /// The JSON path (`a.b[0]["c"]`) or logfmt key to read.
    public var expression: String

    public init(label: String, expression: String) {
        self.label = label
        self.expression = expression
    }
}

/// `| logfmt` with its flags and optional extractions.
public struct LogfmtParserStage: Hashable, Sendable {
    /// `--strict`: stop at the first malformed pair and set `__error__`.
    public var strict: Bool
    /// `--keep-empty`: keep keys without a value as empty labels.
    public var keepEmpty: Bool
    /// Empty for "every key".
    public var extractions: [LabelExtraction]

    public init(strict: Bool = false, keepEmpty: Bool = false, extractions: [LabelExtraction] = []) {
        self.strict = strict
        self.keepEmpty = keepEmpty
        self.extractions = extractions
    }
}

/// One operation of `| label_format`.
public enum LabelFormatOperation: Hashable, Sendable {
    /// `dst=src`: renames `src` to `dst` (the source label is removed).
    case rename(destination: String, source: String)
    /// `dst="{{...}}"`: sets `dst` to the template's output.
    case template(destination: String, template: String)

    public var destination: String {
        switch self {
        case .rename(let destination, _), .template(let destination, _): return destination
        }
    }
}

/// An entry of `| drop` or `| keep`: a bare name or a matcher.
public enum NamedLabelMatcher: Hashable, Sendable {
    case name(String)
    case matcher(LabelMatcher)

    public var name: String {
        switch self {
        case .name(let name): return name
        case .matcher(let matcher): return matcher.name
        }
    }
}
