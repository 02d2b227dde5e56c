import VigilCore
import VigilSyntax
import VigilTemplate

extension RuleFileValidator {
    /// Validates expressions with Vigil's PromQL parser (with the given
    /// feature gates) or LogQL parser, and templates with the Prometheus
    /// template parser, as `promtool check rules` and Loki's ruler do. A
    /// LogQL rule must be a metric query: Loki's ruler runs every rule as an
    /// instant query, which a log query cannot be.
    public static func standard(promql options: PromQLParser.Options = .init()) -> RuleFileValidator {
        RuleFileValidator(
            checkExpression: { expr, language in
                do throws(ParseError) {
                    switch language {
                    case .promql:
                        _ = try PromQLParser(options: options).parse(expr)
                    case .logql:
                        if try LogQLParser().parse(expr).isLogQuery {
                            return ExpressionProblem(line: nil, column: nil, message: logQueryInRule)
                        }
                    }
                    return nil
                } catch {
                    return ExpressionProblem(line: error.position.line, column: error.position.column,
                                             message: error.description)
                }
            },
            checkTemplate: { name, text in
                PrometheusTemplate(templateName: name, text: text, externalURL: "").syntaxError?.message
            })
    }

    /// Loki's error for a log query evaluated as a rule (an instant query),
    /// which Vigil reports when the file is loaded.
    public static let logQueryInRule =
        "log queries are not supported as an instant query type, please change your query to a range query type"
}
