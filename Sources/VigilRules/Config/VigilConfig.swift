import VigilAlerting
import VigilCore

/// Vigil's configuration file (`vigil.yml`): global rule settings, the rule
/// files in each language, Alertmanagers, and the autolog table. See
/// docs/configuration.md. Durations are milliseconds.
public struct VigilConfig: Sendable {
    /// The file the configuration was read from; relative rule file
    /// patterns are resolved against its directory.
    public var file: String
    public var global: GlobalConfig
    /// Globs of Prometheus rule files (PromQL).
    public var ruleFiles: [String]
    /// Globs of Loki ruler files (LogQL; same YAML).
    public var lokiRuleFiles: [String]
    public var alerting: AlertingConfig
    public var autolog: AutologConfig

    public init(file: String = "", global: GlobalConfig = GlobalConfig(), ruleFiles: [String] = [],
                lokiRuleFiles: [String] = [], alerting: AlertingConfig = AlertingConfig(),
                autolog: AutologConfig = AutologConfig()) {
        self.file = file
        self.global = global
        self.ruleFiles = ruleFiles
        self.lokiRuleFiles = lokiRuleFiles
        self.alerting = alerting
        self.autolog = autolog
    }
}

public struct GlobalConfig: Sendable, Equatable {
    /// Default interval of groups without their own (Prometheus: 1m).
    public var evaluationInterval: Int64 = RuleEnvironment.defaultEvaluationInterval
    /// Default `query_offset` of groups without their own.
    public var ruleQueryOffset: Int64 = 0
    public var externalLabels: Labels = .empty
    /// Where Vigil is reached from outside, without a trailing slash
    /// (Prometheus's `--web.external-url`).
    public var externalURL: String = ""

    public init() {}
}

public struct AlertingConfig: Sendable, Equatable {
    public var alertmanagers: [AlertmanagerConfig] = []
    /// Prometheus's `--rules.alert.resend-delay`.
    public var resendDelay: Int64 = ResendPolicy.defaultResendDelay
    /// Prometheus's `--rules.alert.for-outage-tolerance`.
    public var forOutageTolerance: Int64 = RuleEnvironment.defaultOutageTolerance
    /// Prometheus's `--rules.alert.for-grace-period`.
    public var forGracePeriod: Int64 = RuleEnvironment.defaultForGracePeriod

    public init() {}
}

public struct AlertmanagerConfig: Sendable, Equatable {
    public var url: String
    public var pathPrefix: String = ""
    public var timeout: Int64 = 10_000
    public var bearerToken: String?
    public var basicAuth: (username: String, password: String)?
    public var headers: [String: String] = [:]
    /// Where the entry starts in the file.
    public var position: FilePosition

    public init(url: String, position: FilePosition = FilePosition(line: 1, column: 1)) {
        self.url = url
        self.position = position
    }

    public static func == (lhs: AlertmanagerConfig, rhs: AlertmanagerConfig) -> Bool {
        lhs.url == rhs.url && lhs.pathPrefix == rhs.pathPrefix && lhs.timeout == rhs.timeout
            && lhs.bearerToken == rhs.bearerToken && lhs.basicAuth?.username == rhs.basicAuth?.username
            && lhs.basicAuth?.password == rhs.basicAuth?.password && lhs.headers == rhs.headers
            && lhs.position == rhs.position
    }

    /// VigilAlerting's description of this Alertmanager.
    public var endpoint: AlertmanagerEndpoint {
        var authorization: AlertmanagerEndpoint.Authorization?
        if let bearerToken { authorization = .bearer(bearerToken) }
        if let basicAuth { authorization = .basic(username: basicAuth.username, password: basicAuth.password) }
        return AlertmanagerEndpoint(url: url, pathPrefix: pathPrefix, authorization: authorization, headers: headers,
                                    timeout: .milliseconds(timeout))
    }
}

public struct AutologConfig: Sendable, Equatable {
    /// How long an alert-opened session lasts after the alert last fired.
    public var defaultTTL: Int64 = AutologSessions.defaultTTL

    public init() {}
}

/// Every problem found in a configuration file, each as
/// `file:line:column: message`.
public struct VigilConfigErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [RuleFileError]
    public init(_ errors: [RuleFileError]) { self.errors = errors }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
