import VigilCore

/// A problem an expression parser found, with its position inside the
/// expression text (1-based), if known.
public struct ExpressionProblem: Sendable, Hashable {
    public var line: Int?
    public var column: Int?
    /// The parser's message including its own `line:col:` prefix, as
    /// Prometheus prints it after "could not parse expression: ".
    public var message: String

    public init(line: Int?, column: Int?, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }
}

/// `rulefmt`'s semantic validation of rule files, with the expression and
/// template parsers supplied by the caller (PromQL or LogQL, Go templates).
public struct RuleFileValidator: Sendable {
    /// Parses an expression in the given language; nil when it is valid.
    public typealias ExpressionChecker = @Sendable (_ expr: String, _ language: RuleLanguage) -> ExpressionProblem?
    /// Parses one label or annotation template of an alerting rule; returns
    /// the parse error text (`template: NAME:1: ...`), or nil. `name` is
    /// Prometheus's template name.
    public typealias TemplateChecker = @Sendable (_ name: String, _ text: String) -> String?

    public var checkExpression: ExpressionChecker
    public var checkTemplate: TemplateChecker

    public init(checkExpression: @escaping ExpressionChecker, checkTemplate: @escaping TemplateChecker) {
        self.checkExpression = checkExpression
        self.checkTemplate = checkTemplate
    }

    func validate(_ file: RawRuleFile, file path: String, language: RuleLanguage) -> [RuleFileError] {
        var errors: [RuleFileError] = []
        var seenGroups: Set<String> = []
        for group in file.groups {
            let name = group.name?.value ?? ""
            // rulefmt reports group-level problems at the group's node.
            let namePosition = group.position
            if name.isEmpty {
                errors.append(RuleFileError(file: path, position: namePosition, message: "Groupname must not be empty"))
            }
            if seenGroups.contains(name) {
                errors.append(RuleFileError(file: path, position: namePosition,
                                            message: "groupname: \"\(name)\" is repeated in the same file"))
            }
            seenGroups.insert(name)
            if let interval = group.interval, interval <= 0 {
                errors.append(RuleFileError(file: path, position: group.position,
                                            message: "group \"\(name)\": interval must be positive"))
            }
            if group.limit < 0 {
                errors.append(RuleFileError(file: path, position: group.position,
                                            message: "group \"\(name)\": limit must not be negative"))
            }
            for label in group.labels {
                if let problem = Self.labelProblem(label.value.key) {
                    errors.append(RuleFileError(file: path, position: label.position, message: "group \"\(name)\": \(problem)"))
                }
            }
            for (index, rule) in group.rules.enumerated() {
                for (position, message) in validate(rule, language: language) {
                    let prefix = "group \(GoString.quote(name)), rule \(index + 1), \(GoString.quote(rule.name)): "
                    errors.append(RuleFileError(file: path, position: position, message: prefix + message))
                }
            }
        }
        return errors
    }

    /// Problems with one rule: (position, message) in Prometheus's wording.
    private func validate(_ rule: RawRule, language: RuleLanguage) -> [(FilePosition?, String)] {
        var problems: [(FilePosition?, String)] = []
        let record = rule.record?.value ?? "", alert = rule.alert?.value ?? ""
        let kindPosition = rule.record?.position ?? rule.alert?.position ?? rule.position
        if !record.isEmpty && !alert.isEmpty {
            problems.append((kindPosition, "only one of 'record' and 'alert' must be set"))
        }
        if record.isEmpty && alert.isEmpty {
            problems.append((kindPosition, "one of 'record' or 'alert' must be set"))
        }
        if let expr = rule.expr, !expr.value.isEmpty {
            if let problem = checkExpression(expr.value, language) {
                var position = expr.position
                if let line = problem.line, let column = problem.column, let location = rule.exprLocation {
                    position = location.filePosition(line: line, column: column)
                }
                problems.append((position, "could not parse expression: " + problem.message))
            }
        } else {
            problems.append((rule.expr?.position ?? rule.position, "field 'expr' must be set in rule"))
        }
        if !record.isEmpty {
            let at = rule.record?.position
            if !rule.annotations.isEmpty { problems.append((at, "invalid field 'annotations' in recording rule")) }
            if (rule.forDuration?.value ?? 0) != 0 { problems.append((at, "invalid field 'for' in recording rule")) }
            if (rule.keepFiringFor?.value ?? 0) != 0 {
                problems.append((at, "invalid field 'keep_firing_for' in recording rule"))
            }
            if !Self.isValidMetricName(record) { problems.append((at, "invalid recording rule name: \(record)")) }
        }
        if let duration = rule.forDuration, duration.value < 0 {
            problems.append((duration.position, "field 'for' must not be negative"))
        }
        for label in rule.labels {
            if let problem = Self.labelProblem(label.value.key) { problems.append((label.position, problem)) }
        }
        for annotation in rule.annotations where annotation.value.key.isEmpty {
            problems.append((annotation.position, "invalid annotation name: \(annotation.value.key)"))
        }
        if !alert.isEmpty {
            // Prometheus parses every label and annotation template of an
            // alerting rule with the template name `__alert_<name>`.
            for (kind, entries) in [("label", rule.labels), ("annotation", rule.annotations)] {
                for entry in entries {
                    if let problem = checkTemplate("__alert_" + alert, entry.value.value) {
                        problems.append((entry.position, "\(kind) \(GoString.quote(entry.value.key)): \(problem)"))
                    }
                }
            }
        }
        return problems
    }

    /// Prometheus 3.x validates names as UTF-8: any non-empty name is valid
    /// (`__name__` may not be set by a rule's labels).
    static func labelProblem(_ name: String) -> String? {
        if name.isEmpty || name == Labels.metricName { return "invalid label name: \(name)" }
        return nil
    }

    static func isValidMetricName(_ name: String) -> Bool { !name.isEmpty }
}
