import Foundation
import VigilCore
import Yams

extension VigilConfig {
    /// Reads and checks a configuration file; throws ``VigilConfigErrors``
    /// listing every problem with its position.
    public static func load(path: String) throws(VigilConfigErrors) -> VigilConfig {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw VigilConfigErrors([RuleFileError(file: path, position: nil,
                                                   message: "cannot read file: \(error.localizedDescription)")])
        }
        return try parse(yaml: text, file: path)
    }

    /// Parses configuration text, decoding strictly as Prometheus decodes
    /// its own configuration: unknown fields, wrong types and duplicate
    /// keys are errors. An empty document is the default configuration.
    public static func parse(yaml: String, file: String) throws(VigilConfigErrors) -> VigilConfig {
        var decoder = ConfigDecoder(yaml: StrictYAML(file: file))
        var config = VigilConfig(file: file)
        var documents: [Node] = []
        do {
            var sequence = try Yams.compose_all(yaml: yaml)
            while let document = sequence.next() { documents.append(document) }
            if let error = sequence.error { throw error }
        } catch let error as YamlError {
            decoder.yaml.fail(yamlError: error)
        } catch {
            decoder.yaml.fail(at: nil, "yaml: \(error)")
        }
        if documents.count > 1 {
            decoder.yaml.fail(documents[1], "only one YAML document is allowed in a configuration file")
        }
        if let root = documents.first { decoder.decodeRoot(root, into: &config) }
        if !decoder.yaml.errors.isEmpty {
            // In file order, whatever order the checks ran in.
            let ordered = decoder.yaml.errors.enumerated().sorted { lhs, rhs in
                let left = lhs.element.position.map { ($0.line, $0.column) } ?? (0, 0)
                let right = rhs.element.position.map { ($0.line, $0.column) } ?? (0, 0)
                return left != right ? left < right : lhs.offset < rhs.offset
            }
            throw VigilConfigErrors(ordered.map(\.element))
        }
        return config
    }
}

/// The configuration's fields, decoded with ``StrictYAML`` and checked
/// where they are, so each error carries its position.
struct ConfigDecoder {
    var yaml: StrictYAML

    mutating func decodeRoot(_ node: Node, into config: inout VigilConfig) {
        let known: Set<String> = ["global", "rule_files", "loki_rule_files", "alerting", "autolog"]
        for (key, _, value) in yaml.fields(node, type: "vigil.Config", known: known) {
            switch key {
            case "global": decodeGlobal(value, into: &config.global)
            case "rule_files": config.ruleFiles = patterns(value)
            case "loki_rule_files": config.lokiRuleFiles = patterns(value)
            case "alerting": decodeAlerting(value, into: &config.alerting)
            case "autolog": decodeAutolog(value, into: &config.autolog)
            default: break
            }
        }
    }

    private mutating func decodeGlobal(_ node: Node, into global: inout GlobalConfig) {
        let known: Set<String> = ["evaluation_interval", "rule_query_offset", "external_labels", "external_url"]
        for (key, _, value) in yaml.fields(node, type: "vigil.GlobalConfig", known: known) {
            switch key {
            case "evaluation_interval":
                // As in Prometheus, 0 means the default.
                if let interval = yaml.duration(value), interval > 0 { global.evaluationInterval = interval }
            case "rule_query_offset":
                global.ruleQueryOffset = yaml.duration(value) ?? 0
            case "external_labels":
                var labels: [Label] = []
                for entry in yaml.stringMap(value, type: "map[string]string") {
                    if entry.key.isEmpty {
                        yaml.fail(entry.keyNode, "\(GoString.quote(entry.key)) is not a valid label name")
                    } else if entry.key == Labels.metricName {
                        yaml.fail(entry.keyNode, "external label \(GoString.quote(entry.key)) is reserved")
                    }
                    labels.append(Label(entry.key, entry.value))
                }
                global.externalLabels = Labels(labels)
            case "external_url":
                global.externalURL = externalURL(value)
            default: break
            }
        }
    }

    private mutating func decodeAlerting(_ node: Node, into alerting: inout AlertingConfig) {
        let known: Set<String> = ["alertmanagers", "resend_delay", "for_outage_tolerance", "for_grace_period"]
        for (key, _, value) in yaml.fields(node, type: "vigil.AlertingConfig", known: known) {
            switch key {
            case "alertmanagers":
                for entry in yaml.sequence(value, type: "[]vigil.AlertmanagerConfig") {
                    if let alertmanager = decodeAlertmanager(entry) { alerting.alertmanagers.append(alertmanager) }
                }
            case "resend_delay": alerting.resendDelay = yaml.duration(value) ?? alerting.resendDelay
            case "for_outage_tolerance": alerting.forOutageTolerance = yaml.duration(value) ?? alerting.forOutageTolerance
            case "for_grace_period": alerting.forGracePeriod = yaml.duration(value) ?? alerting.forGracePeriod
            default: break
            }
        }
    }

    private mutating func decodeAlertmanager(_ node: Node) -> AlertmanagerConfig? {
        let position = StrictYAML.position(node)
        var url: String?
        var config = AlertmanagerConfig(url: "", position: position)
        var authorizationKeys: [Node] = []
        let known: Set<String> = ["url", "path_prefix", "timeout", "bearer_token", "basic_auth", "headers"]
        for (key, keyNode, value) in yaml.fields(node, type: "vigil.AlertmanagerConfig", known: known) {
            switch key {
            case "url":
                url = yaml.string(value)
                checkAlertmanagerURL(url ?? "", at: value)
            case "path_prefix":
                config.pathPrefix = yaml.string(value)
            case "timeout":
                if let timeout = yaml.duration(value) {
                    if timeout <= 0 { yaml.fail(value, "timeout must be positive") } else { config.timeout = timeout }
                }
            case "bearer_token":
                config.bearerToken = yaml.string(value)
                authorizationKeys.append(keyNode)
            case "basic_auth":
                config.basicAuth = basicAuth(value)
                authorizationKeys.append(keyNode)
            case "headers":
                for entry in yaml.stringMap(value, type: "map[string]string") {
                    if entry.key.isEmpty { yaml.fail(entry.keyNode, "header names must not be empty") }
                    config.headers[entry.key] = entry.value
                }
            default: break
            }
        }
        if authorizationKeys.count > 1 {
            yaml.fail(authorizationKeys[1], "at most one of bearer_token and basic_auth must be configured")
        }
        guard let url else {
            yaml.fail(at: position, "alertmanager: field url must be set")
            return nil
        }
        config.url = url
        return config
    }

    private mutating func basicAuth(_ node: Node) -> (username: String, password: String) {
        var result = (username: "", password: "")
        for (key, _, value) in yaml.fields(node, type: "vigil.BasicAuth", known: ["username", "password"]) {
            if key == "username" { result.username = yaml.string(value) } else { result.password = yaml.string(value) }
        }
        return result
    }

    private mutating func decodeAutolog(_ node: Node, into autolog: inout AutologConfig) {
        for (key, _, value) in yaml.fields(node, type: "vigil.AutologConfig", known: ["default_ttl"]) where key == "default_ttl" {
            guard let ttl = yaml.duration(value) else { continue }
            if ttl <= 0 { yaml.fail(value, "default_ttl must be positive") } else { autolog.defaultTTL = ttl }
        }
    }

    /// Rule file globs; a malformed pattern is an error, as Go's
    /// `filepath.Glob` rejects it.
    private mutating func patterns(_ node: Node) -> [String] {
        var result: [String] = []
        for entry in yaml.sequence(node, type: "[]string") {
            let pattern = yaml.string(entry)
            if let problem = FileGlob.patternProblem(pattern) {
                yaml.fail(entry, "invalid rule file path \(GoString.quote(pattern)): \(problem)")
            }
            result.append(pattern)
        }
        return result
    }

    private mutating func externalURL(_ node: Node) -> String {
        let text = yaml.string(node)
        if text.isEmpty { return "" }
        guard var components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty else {
            yaml.fail(node, "external_url \(GoString.quote(text)): want an http:// or https:// URL with a host")
            return ""
        }
        // Prometheus drops trailing slashes from the path.
        while components.path.hasSuffix("/") { components.path.removeLast() }
        return components.string ?? text
    }

    private mutating func checkAlertmanagerURL(_ text: String, at node: Node) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty,
              components.query == nil, components.fragment == nil else {
            yaml.fail(node, "alertmanager url \(GoString.quote(text)): want an http:// or https:// URL with a host and no query")
            return
        }
    }
}
