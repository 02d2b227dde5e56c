/// One verbose-logging session, shaped for the auto-log API
/// (`/api/autolog/check|enable|disable|list`): the scope, `enabled`, when it
/// started and expires (RFC 3339, UTC, milliseconds), what opened it and why.
///
/// ```json
/// {"app":"jaiye","environment":"production","enabled":true,
///  "startedAt":"2025-12-28T03:00:00.000Z","expiresAt":"2025-12-28T03:30:00.000Z",
///  "trigger":"alert","reason":"FATAL log lines","alertname":"FatalErrorDetected"}
/// ```
public struct AutologSession: Sendable, Equatable, Codable {
    public enum Trigger: String, Sendable, Codable {
        /// Opened by a firing alert labelled `autolog="true"`.
        case alert
        /// Opened through `enable`.
        case manual
    }

    public var scope: AutologScope
    /// Unix milliseconds.
    public var startedAt: Int64
    /// Unix milliseconds; the session is over from this instant on.
    public var expiresAt: Int64
    public var trigger: Trigger
    public var reason: String
    /// The alert that opened the session, for alert-triggered ones.
    public var alertname: String?

    public init(
        scope: AutologScope, startedAt: Int64, expiresAt: Int64, trigger: Trigger, reason: String,
        alertname: String? = nil
    ) {
        self.scope = scope
        self.startedAt = startedAt
        self.expiresAt = expiresAt
        self.trigger = trigger
        self.reason = reason
        self.alertname = alertname
    }

    /// A live session is always enabled; the field is there for the API's shape.
    public var enabled: Bool { true }

    public func isExpired(at time: Int64) -> Bool { expiresAt <= time }

    enum CodingKeys: String, CodingKey {
        case app, environment, endpoint, enabled, startedAt, expiresAt, trigger, reason, alertname
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(scope.app, forKey: .app)
        try container.encodeIfPresent(scope.environment, forKey: .environment)
        try container.encodeIfPresent(scope.endpoint, forKey: .endpoint)
        try container.encode(enabled, forKey: .enabled)
        try container.encode(RFC3339Millis.format(startedAt), forKey: .startedAt)
        try container.encode(RFC3339Millis.format(expiresAt), forKey: .expiresAt)
        try container.encode(trigger, forKey: .trigger)
        try container.encode(reason, forKey: .reason)
        try container.encodeIfPresent(alertname, forKey: .alertname)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        scope = AutologScope(
            app: try container.decode(String.self, forKey: .app),
            environment: try container.decodeIfPresent(String.self, forKey: .environment),
            endpoint: try container.decodeIfPresent(String.self, forKey: .endpoint))
        func time(_ key: CodingKeys) throws -> Int64 {
            let text = try container.decode(String.self, forKey: key)
            do {
                return try RFC3339Millis.parse(text)
            } catch {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: error.description)
            }
        }
        startedAt = try time(.startedAt)
        expiresAt = try time(.expiresAt)
        trigger = try container.decode(Trigger.self, forKey: .trigger)
        reason = try container.decodeIfPresent(String.self, forKey: .reason) ?? ""
        alertname = try container.decodeIfPresent(String.self, forKey: .alertname)
    }
}

/// The answer to `check`: the covering session, or `{"enabled":false}` with
/// the scope asked about.
public struct AutologCheckResult: Sendable, Equatable, Encodable {
    public var scope: AutologScope
    public var session: AutologSession?

    public init(scope: AutologScope, session: AutologSession?) {
        self.scope = scope
        self.session = session
    }

    public var enabled: Bool { session != nil }

    enum CodingKeys: String, CodingKey { case app, environment, endpoint, enabled }

    public func encode(to encoder: any Encoder) throws {
        if let session {
            try session.encode(to: encoder)
            return
        }
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(scope.app, forKey: .app)
        try container.encodeIfPresent(scope.environment, forKey: .environment)
        try container.encodeIfPresent(scope.endpoint, forKey: .endpoint)
        try container.encode(false, forKey: .enabled)
    }
}
