import VigilCore

/// What a verbose-logging session covers: one app in one environment,
/// optionally one endpoint. A nil environment or endpoint is a wildcard: an
/// endpoint-less session covers every endpoint of the app, an
/// environment-less one every environment.
public struct AutologScope: Hashable, Sendable, Codable, CustomStringConvertible {
    public var app: String
    public var environment: String?
    public var endpoint: String?

    /// Empty strings count as absent, as a missing query parameter would.
    public init(app: String, environment: String? = nil, endpoint: String? = nil) {
        self.app = app
        self.environment = environment?.isEmpty == true ? nil : environment
        self.endpoint = endpoint?.isEmpty == true ? nil : endpoint
    }

    /// Label names read from an alert, first present wins. The names are
    /// those OpenTelemetry attributes get in Prometheus and Loki
    /// (`service.name` → `service_name`, `deployment.environment` →
    /// `deployment_environment`, `http.route` → `http_route`), then common
    /// hand-written ones; `job` is the last resort for the app because every
    /// scraped series has it.
    public static let appLabels = ["service_name", "service", "app", "job"]
    public static let environmentLabels = ["deployment_environment", "deployment_environment_name", "environment", "env"]
    public static let endpointLabels = ["endpoint", "http_route", "route", "path"]

    /// The scope an alert's labels name, or nil when no app label is present.
    public init?(alertLabels labels: Labels) {
        guard let app = Self.first(Self.appLabels, in: labels) else { return nil }
        self.init(
            app: app, environment: Self.first(Self.environmentLabels, in: labels),
            endpoint: Self.first(Self.endpointLabels, in: labels))
    }

    enum CodingKeys: String, CodingKey { case app, environment, endpoint }

    /// Decodes through ``init(app:environment:endpoint:)``, so an empty
    /// environment or endpoint in a request body means "any".
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            app: try container.decode(String.self, forKey: .app),
            environment: try container.decodeIfPresent(String.self, forKey: .environment),
            endpoint: try container.decodeIfPresent(String.self, forKey: .endpoint))
    }

    private static func first(_ names: [String], in labels: Labels) -> String? {
        for name in names { if let value = labels[name], !value.isEmpty { return value } }
        return nil
    }

    /// The scopes that cover a check of this scope, most specific first.
    var coveringScopes: [AutologScope] {
        var scopes: [AutologScope] = []
        for environment in environment.map({ [$0, nil] }) ?? [nil] {
            if let endpoint {
                scopes.append(AutologScope(app: app, environment: environment, endpoint: endpoint))
            }
            scopes.append(AutologScope(app: app, environment: environment, endpoint: nil))
        }
        return scopes
    }

    public var description: String {
        "app=\(GoString.quote(app)) environment=\(GoString.quote(environment ?? "*")) endpoint=\(GoString.quote(endpoint ?? "*"))"
    }
}
