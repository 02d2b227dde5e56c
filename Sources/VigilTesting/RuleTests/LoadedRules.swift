import VigilRules

/// The rule groups of a test file's rule files, read once and shared by its
/// test groups (each builds its own `RuleGroup`s from the definitions).
struct LoadedRules: Sendable {
    struct Group: Sendable {
        let definition: RuleGroupDefinition
        let file: String
        let language: RuleTestLanguage
    }

    /// In file order, then group order within a file.
    let groups: [Group]

    /// Reads every file; any problem in any file fails them all, with every
    /// problem listed, as Prometheus's `LoadGroups` does.
    static func load(_ references: [RuleFileReference], options: RuleTestOptions) -> Result<LoadedRules, RuleLoadFailure> {
        let promql = RuleFileLoader(validator: .standard(promql: options.parserOptions))
        var groups: [Group] = []
        var errors: [String] = []
        for reference in references {
            let file: RuleFile
            do {
                switch reference.language {
                case .promql:
                    file = try promql.load(path: reference.path, language: .promql)
                case .logql:
                    guard let backend = options.logql else {
                        errors.append("\(reference.path): \(RuleLoadFailure.noLogQL)")
                        continue
                    }
                    let validator = RuleFileValidator(
                        checkExpression: { expr, _ in backend.checkExpression(expr) },
                        checkTemplate: RuleFileValidator.standard().checkTemplate)
                    file = try RuleFileLoader(validator: validator).load(path: reference.path, language: backend.ruleLanguage)
                }
            } catch let failure as RuleFileErrors {
                errors += failure.errors.map(\.description)
                continue
            } catch {
                errors.append("\(reference.path): \(error)")
                continue
            }
            groups += file.groups.map { Group(definition: $0, file: reference.path, language: reference.language) }
        }
        if !errors.isEmpty { return .failure(RuleLoadFailure(errors: errors)) }
        return .success(LoadedRules(groups: groups))
    }

    /// promtool's `orderedGroups`: groups named in `group_eval_order` by
    /// their position there, the others as if listed first. promtool's
    /// sort leaves ties in random order; Vigil keeps file order among them.
    func ordered(by order: [String]) -> [Group] {
        var position: [String: Int] = [:]
        for (index, name) in order.enumerated() where position[name] == nil { position[name] = index }
        return groups.enumerated()
            .sorted { (position[$0.element.definition.name] ?? 0, $0.offset) < (position[$1.element.definition.name] ?? 0, $1.offset) }
            .map(\.element)
    }
}

struct RuleLoadFailure: Error, Sendable {
    var errors: [String]

    static let noLogQL = "LogQL rule files need a LogQL engine, and this build of Vigil has none"
}
