import Foundation
import VigilCore
import Yams

/// Reads Prometheus/Loki rule files into `RuleFile`s: strict YAML first
/// (`StrictYAML`), then `rulefmt`'s semantic checks (`RuleFileValidator`).
/// Every problem in a file is reported, not just the first.
public struct RuleFileLoader: Sendable {
    public var validator: RuleFileValidator

    public init(validator: RuleFileValidator) { self.validator = validator }

    /// Loads and validates `path`; throws `RuleFileErrors` listing every problem.
    public func load(path: String, language: RuleLanguage) throws -> RuleFile {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw RuleFileErrors([RuleFileError(file: path, position: nil, message: "cannot read file: \(error.localizedDescription)")])
        }
        return try parse(yaml: text, file: path, language: language)
    }

    public func parse(yaml: String, file: String, language: RuleLanguage) throws -> RuleFile {
        var decoder = StrictYAML(file: file)
        let raw = decode(yaml: yaml, decoder: &decoder)
        var errors = decoder.errors
        if errors.isEmpty {
            errors = validator.validate(raw, file: file, language: language)
        }
        if !errors.isEmpty { throw RuleFileErrors(errors) }
        return RuleFile(path: file, language: language, groups: raw.groups.map(Self.model))
    }

    private func decode(yaml: String, decoder: inout StrictYAML) -> RawRuleFile {
        let documents = decoder.documents(yaml)
        if documents.count > 1 {
            decoder.fail(documents[1], "only one YAML document is allowed in a rule file")
        }
        var file = RawRuleFile()
        guard let root = documents.first else { return file }  // an empty file has no groups, as in promtool
        for field in decoder.fields(root, type: "rulefmt.RuleGroups", known: ["groups"]) {
            for groupNode in decoder.sequence(field.value, type: "[]rulefmt.RuleGroup") {
                file.groups.append(decodeGroup(groupNode, source: yaml, decoder: &decoder))
            }
        }
        return file
    }

    private func decodeGroup(_ node: Node, source: String, decoder: inout StrictYAML) -> RawGroup {
        var group = RawGroup(position: StrictYAML.position(node))
        let known: Set<String> = ["name", "interval", "query_offset", "limit", "rules", "labels"]
        for (key, _, value) in decoder.fields(node, type: "rulefmt.RuleGroup", known: known) {
            switch key {
            case "name": group.name = Positioned(value: decoder.string(value), position: StrictYAML.position(value))
            case "interval": group.interval = decoder.duration(value)
            case "query_offset": group.queryOffset = decoder.duration(value)
            case "limit": group.limit = decoder.int(value)
            case "labels": group.labels = decoder.stringMap(value).map(Self.positioned)
            case "rules":
                for ruleNode in decoder.sequence(value, type: "[]rulefmt.Rule") {
                    group.rules.append(decodeRule(ruleNode, source: source, decoder: &decoder))
                }
            default: break
            }
        }
        return group
    }

    private func decodeRule(_ node: Node, source: String, decoder: inout StrictYAML) -> RawRule {
        var rule = RawRule(position: StrictYAML.position(node))
        let known: Set<String> = ["record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations"]
        for (key, _, value) in decoder.fields(node, type: "rulefmt.Rule", known: known) {
            let position = StrictYAML.position(value)
            switch key {
            case "record": rule.record = Positioned(value: decoder.string(value), position: position)
            case "alert": rule.alert = Positioned(value: decoder.string(value), position: position)
            case "expr":
                rule.expr = Positioned(value: decoder.string(value), position: position)
                rule.exprLocation = ScalarLocation(of: value, in: source)
            case "for": rule.forDuration = decoder.duration(value).map { Positioned(value: $0, position: position) }
            case "keep_firing_for":
                rule.keepFiringFor = decoder.duration(value).map { Positioned(value: $0, position: position) }
            case "labels": rule.labels = decoder.stringMap(value).map(Self.positioned)
            case "annotations": rule.annotations = decoder.stringMap(value).map(Self.positioned)
            default: break
            }
        }
        return rule
    }

    private static func positioned(_ entry: (key: String, keyNode: Node, value: String)) -> Positioned<(key: String, value: String)> {
        Positioned(value: (entry.key, entry.value), position: StrictYAML.position(entry.keyNode))
    }

    /// Converts a validated raw group into the model.
    private static func model(_ group: RawGroup) -> RuleGroupDefinition {
        RuleGroupDefinition(
            name: group.name?.value ?? "",
            interval: group.interval,
            queryOffset: group.queryOffset,
            limit: group.limit,
            labels: Labels(group.labels.map { Label($0.value.key, $0.value.value) }),
            labelsRemoved: group.labels.filter { $0.value.value.isEmpty }.map(\.value.key),
            rules: group.rules.map { rule in
                let kind: RuleDefinition.Kind = (rule.alert?.value ?? "").isEmpty
                    ? .recording(rule.record?.value ?? "") : .alerting(rule.alert!.value)
                return RuleDefinition(
                    kind: kind,
                    expr: rule.expr?.value ?? "",
                    forDuration: rule.forDuration?.value ?? 0,
                    keepFiringFor: rule.keepFiringFor?.value ?? 0,
                    labels: Labels(rule.labels.map { Label($0.value.key, $0.value.value) }),
                    labelsRemoved: rule.labels.filter { $0.value.value.isEmpty }.map(\.value.key),
                    annotations: rule.annotations.map { Label($0.value.key, $0.value.value) },
                    position: rule.position,
                    exprLocation: rule.exprLocation)
            },
            position: group.position)
    }
}

extension StrictYAML {
    package mutating func fail(yamlError error: YamlError) {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            var message = "yaml: " + problem
            if let context { message += " " + context.text }
            fail(at: FilePosition(line: mark.line, column: mark.column), message)
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams rejects these while composing; its mark is the mapping's.
            let position = FilePosition(line: context.mark.line, column: context.mark.column)
            for key in duplicates {
                fail(at: position, "mapping key \(GoString.quote(key)) is defined more than once in this mapping")
            }
        default:
            fail(at: nil, "yaml: \(error)")
        }
    }
}

extension ScalarLocation {
    /// Works out how the scalar's text sits in the file from its style.
    package init?(of node: Node, in source: String) {
        guard case .scalar(let scalar) = node, let mark = scalar.mark else { return nil }
        let start = FilePosition(line: mark.line, column: mark.column)
        let multiline = scalar.string.contains("\n")
        switch scalar.style {
        case .plain, .any:
            self.init(start: start, layout: multiline ? .approximate : .inline(quoteWidth: 0))
        case .singleQuoted:
            self.init(start: start, layout: multiline || scalar.string.contains("'") ? .approximate : .inline(quoteWidth: 1))
        case .doubleQuoted, .folded:
            self.init(start: start, layout: .approximate)
        case .literal:
            // The text starts on the line after the `|` indicator, at the
            // indentation of its first non-blank line.
            let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
            var lineIndex = mark.line  // 0-based index of the line after the indicator
            while lineIndex < lines.count, lines[lineIndex].allSatisfy({ $0 == " " }) { lineIndex += 1 }
            let indent = lineIndex < lines.count ? lines[lineIndex].prefix { $0 == " " }.count : 0
            self.init(start: start, layout: .literalBlock(indent: indent))
        }
    }
}
