import VigilCore

/// A `line_format` or `label_format` template as Loki runs it: parsed once
/// with `missingkey=zero` and Loki's function map, executed once per log
/// line on the line's labels (`.label_name`), with `__line__` and
/// `__timestamp__` reading the line itself.
public struct LokiTemplate: Sendable {
    public let template: Template

    /// `| line_format "..."`; parse errors read `invalid line template: ...`.
    public init(lineFormat text: String) throws(TemplateFunctionError) {
        do {
            template = try Template(name: "line", text: text, functions: LokiFunctions.functions, missingKey: .zero)
        } catch {
            throw TemplateFunctionError("invalid line template: \(error.message)")
        }
    }

    /// `| label_format name="..."`; parse errors read
    /// `invalid template for label 'name': ...`.
    public init(labelFormat labelName: String, text: String) throws(TemplateFunctionError) {
        do {
            template = try Template(name: "label", text: text, functions: LokiFunctions.functions, missingKey: .zero)
        } catch {
            throw TemplateFunctionError("invalid template for label '\(labelName)': \(error.message)")
        }
    }

    /// When the template is exactly `{{.name}}`, the label it copies: Loki
    /// then skips execution and uses the label value (or "") directly.
    public var singleFieldKey: String? { template.singleFieldKey }

    /// Labels the template reads (`RequiredLabelNames`).
    public var requiredLabelNames: [String] { template.referencedFields }

    /// Executes for one line. `labels` must be sorted by name and unique
    /// (a `Labels` value, or a label builder's sorted view). The error text
    /// is what Loki stores in `__error_details__`.
    public func execute(labels: [(String, String)], line: String, timestampNanos: Int64,
                        into output: inout [UInt8]) throws(TemplateError) {
        let data = TemplateValue.map(TemplateMap(sortedStrings: labels))
        try template.execute(data, context: TemplateContext(line: line, timestampNanos: timestampNanos), into: &output)
    }

    public func execute(labels: Labels, line: String, timestampNanos: Int64) throws(TemplateError) -> String {
        var output: [UInt8] = []
        try execute(labels: labels.map { ($0.name, $0.value) }, line: line, timestampNanos: timestampNanos, into: &output)
        return String(decoding: output, as: UTF8.self)
    }
}
