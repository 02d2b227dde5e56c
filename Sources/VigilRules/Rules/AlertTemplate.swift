import VigilCore
import VigilTemplate

/// One label or annotation value of an alerting rule, parsed once and
/// expanded for every alert, as Prometheus's `expand` closure does in
/// `AlertingRule.Eval`.
struct AlertTemplate: Sendable {
    let name: String
    let text: String
    /// nil when the text holds no action: it then expands to itself, which is
    /// what the template (preamble included) would print.
    private let template: PrometheusTemplate?

    init(name: String, text: String, ruleName: String, externalURL: String) {
        self.name = name
        self.text = text
        template = text.contains("{{")
            ? PrometheusTemplate(ruleName: ruleName, text: text, externalURL: externalURL) : nil
    }

    /// The value for one alert; a failure yields
    /// `<error expanding template: ...>`, as in Prometheus.
    func expand(_ data: TemplateValue, context: TemplateContext) -> String {
        guard let template else { return text }
        return template.expand(data, context: context)
    }
}

/// What alert templates see of one evaluation: the time, and the `query`
/// function running at that time (not shifted by the query offset, as in
/// Prometheus, whose template expander gets the evaluation time).
struct AlertTemplateScope: Sendable {
    let externalLabels: Labels
    let externalURL: String
    let context: TemplateContext

    init(time: Int64, query: @escaping QueryFunc, externalLabels: Labels, externalURL: String) {
        self.externalLabels = externalLabels
        self.externalURL = externalURL
        context = TemplateContext(evaluationTimeMillis: time, query: { text in
            try query(text, time).map { sample in
                QueryResultSample(labels: sample.labels.map { ($0.name, $0.value) }, value: sample.value)
            }
        })
    }

    func data(for sample: RuleSample) -> TemplateValue {
        PrometheusTemplate.alertData(labels: sample.labels, externalLabels: externalLabels,
                                     externalURL: externalURL, value: sample.value)
    }
}
