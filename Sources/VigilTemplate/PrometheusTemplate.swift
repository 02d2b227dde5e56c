import VigilCore

/// Alert annotation/label templates as Prometheus expands them
/// (`rules/alerting.go` + `template.Expander`): the rule's text behind a
/// preamble defining `$labels`, `$externalLabels`, `$externalURL` and
/// `$value`, parsed with `missingkey=zero` under the name `__alert_<rule>`,
/// executed on the alert's data, and replaced by
/// `<error expanding template: ...>` when it fails.
public struct PrometheusTemplate: Sendable {
    /// Prometheus prepends these to every alert template.
    public static let preamble = "{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}"
        + "{{$externalURL := .ExternalURL}}{{$value := .Value}}"

    /// The Go type of the data Prometheus passes (`AlertTemplateData`).
    static let alertDataType = "struct { Labels map[string]string; ExternalLabels map[string]string; "
        + "ExternalURL string; Value interface {} }"

    public let name: String
    private let parsed: Result<Template, TemplateError>

    /// Parses `text` once for rule `ruleName` (template name `__alert_<ruleName>`).
    public init(ruleName: String, text: String, externalURL: String, extraFunctions: FunctionMap = FunctionMap()) {
        self.init(templateName: "__alert_" + ruleName, text: text, externalURL: externalURL,
                  extraFunctions: extraFunctions)
    }

    public init(templateName: String, text: String, externalURL: String, extraFunctions: FunctionMap = FunctionMap()) {
        name = templateName
        let functions = PrometheusFunctions.functions(externalURL: externalURL).merging(extraFunctions)
        do {
            parsed = .success(try Template(name: templateName, text: PrometheusTemplate.preamble + text,
                                           functions: functions, missingKey: .zero))
        } catch {
            parsed = .failure(error)
        }
    }

    /// The template's own parse error (`template: __alert_X:1: ...`), or nil;
    /// `promtool check rules` reports this text.
    public var syntaxError: TemplateError? {
        if case .failure(let error) = parsed { return error }
        return nil
    }

    /// The parse error, worded as Prometheus reports it when loading rules
    /// (`error parsing template __alert_X: template: __alert_X:1: ...`), or nil.
    public var parseError: String? {
        if case .failure(let error) = parsed { return "error parsing template \(name): \(error.message)" }
        return nil
    }

    /// Expands the template for one alert; errors come back as Go's error
    /// text (without the `<error expanding template: >` wrapper).
    public func expandOrThrow(_ data: TemplateValue, context: TemplateContext = TemplateContext())
        throws(TemplateFunctionError) -> String {
        switch parsed {
        case .failure(let error):
            throw TemplateFunctionError("error parsing template \(name): \(error.message)")
        case .success(let template):
            do {
                return try template.execute(data, context: context)
            } catch {
                throw TemplateFunctionError("error executing template \(name): \(error.message)")
            }
        }
    }

    /// Expands the template as an alert's annotation or label value: on
    /// failure the value is `<error expanding template: REASON>`.
    public func expand(_ data: TemplateValue, context: TemplateContext = TemplateContext()) -> String {
        do {
            return try expandOrThrow(data, context: context)
        } catch {
            return "<error expanding template: \(error.message)>"
        }
    }

    /// The data Prometheus hands alert templates (`template.AlertTemplateData`).
    public static func alertData(labels: Labels, externalLabels: Labels, externalURL: String, value: Double)
        -> TemplateValue {
        .record(TemplateRecord(typeName: alertDataType, fields: [
            ("Labels", .map(TemplateMap(sortedStrings: labels.map { ($0.name, $0.value) }))),
            ("ExternalLabels", .map(TemplateMap(sortedStrings: externalLabels.map { ($0.name, $0.value) }))),
            ("ExternalURL", .string(externalURL)),
            ("Value", .float(value)),
        ]))
    }
}
