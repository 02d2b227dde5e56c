import VigilCore
import VigilSyntax
import VigilTemplate

extension RuleFileValidator {
    /// Validates expressions with Vigil's PromQL parser (with the given
    /// feature gates) and templates with the Prometheus template parser, as
    /// `promtool check rules` does.
    public static func standard(promql options: PromQLParser.Options = .init()) -> RuleFileValidator {
        RuleFileValidator(
            checkExpression: { expr, language in
                switch language {
                case .promql:
                    do throws(ParseError) {
                        _ = try PromQLParser(options: options).parse(expr)
                        return nil
                    } catch {
                        return ExpressionProblem(line: error.position.line, column: error.position.column,
                                                 message: error.description)
                    }
                }
            },
            checkTemplate: { name, text in
                PrometheusTemplate(templateName: name, text: text, externalURL: "").syntaxError?.message
            })
    }
}
