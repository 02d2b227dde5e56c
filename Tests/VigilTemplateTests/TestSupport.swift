@testable import VigilTemplate

/// Parses `text` as template "t" and executes it on `data`.
func render(_ text: String, _ data: TemplateValue = .none, functions: FunctionMap = FunctionMap(),
            missingKey: MissingKeyOption = .invalid, context: TemplateContext = TemplateContext()) throws -> String {
    let template = try Template(name: "t", text: text, functions: functions, missingKey: missingKey)
    return try template.execute(data, context: context)
}

/// The error message parsing or executing `text` produces, or nil.
func renderError(_ text: String, _ data: TemplateValue = .none, functions: FunctionMap = FunctionMap(),
                 missingKey: MissingKeyOption = .invalid) -> String? {
    do {
        _ = try render(text, data, functions: functions, missingKey: missingKey)
        return nil
    } catch let error as TemplateError {
        return error.message
    } catch {
        return "\(error)"
    }
}
