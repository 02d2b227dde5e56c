import Foundation
import Synchronization
import VigilCore

/// The auto-log service's session table: firing alerts labelled
/// `autolog="true"` switch on verbose logging for the app, environment and
/// endpoint their labels name (see ``AutologScope/init(alertLabels:)``), for
/// a TTL (default 30 minutes) that each evaluation in which the alert still
/// fires starts again. A resolved alert ends nothing: its session runs out
/// its TTL, as the Redis keys of the original service did. Sessions can also
/// be opened and closed by hand.
///
/// Time comes from the injected clock (Unix milliseconds), so a replay can
/// run the table in simulated time. Thread-safe.
public final class AutologSessions: Sendable {
    public static let defaultTTL: Int64 = 30 * 60_000

    /// The host's wall clock in Unix milliseconds.
    public static let wallClock: @Sendable () -> Int64 = {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// The label that marks an alert as an autolog trigger, and its value.
    public static let triggerLabel = Label("autolog", "true")

    public let defaultTTL: Int64
    private let now: @Sendable () -> Int64
    private let state = Mutex(State())

    private struct State {
        var sessions: [AutologScope: AutologSession] = [:]
        var stats = AutologStats()

        mutating func expire(at time: Int64) -> [AutologSession] {
            let over = sessions.values.filter { $0.isExpired(at: time) }
            for session in over { sessions[session.scope] = nil }
            stats.expired += over.count
            return over
        }
    }

    /// - Parameters:
    ///   - defaultTTL: milliseconds a session lasts after it was opened or
    ///     last refreshed, unless `enable` says otherwise.
    ///   - now: the clock, Unix milliseconds.
    public init(defaultTTL: Int64 = AutologSessions.defaultTTL, now: @escaping @Sendable () -> Int64 = AutologSessions.wallClock) {
        self.defaultTTL = defaultTTL
        self.now = now
    }

    /// Opens or refreshes a session for every firing alert labelled
    /// `autolog="true"`, as of `time` (the evaluation time). A refresh moves
    /// the expiry to `time + defaultTTL` if that is later and keeps who
    /// opened the session. Alerts without any app label are counted in
    /// ``AutologStats/skippedWithoutApp``. Returns the sessions opened or
    /// refreshed, one per scope, in alert order.
    @discardableResult
    public func observe(alerts: [Alert], at time: Int64) -> [AutologSession] {
        let expiry = Self.adding(defaultTTL, to: time)
        return state.withLock { state in
            _ = state.expire(at: time)
            var touched: [AutologScope] = []
            for alert in alerts where alert.state == .firing && alert.labels[Self.triggerLabel.name] == Self.triggerLabel.value {
                guard let scope = AutologScope(alertLabels: alert.labels) else {
                    state.stats.skippedWithoutApp += 1
                    continue
                }
                if var session = state.sessions[scope] {
                    session.expiresAt = max(session.expiresAt, expiry)
                    state.sessions[scope] = session
                    state.stats.refreshedByAlert += 1
                } else {
                    state.sessions[scope] = AutologSession(
                        scope: scope, startedAt: time, expiresAt: expiry, trigger: .alert,
                        reason: Self.reason(for: alert), alertname: alert.labels["alertname"])
                    state.stats.openedByAlert += 1
                }
                if !touched.contains(scope) { touched.append(scope) }
            }
            return touched.compactMap { state.sessions[$0] }
        }
    }

    /// Opens (or replaces) a manual session lasting `ttl` milliseconds
    /// (default: ``defaultTTL``) from now.
    @discardableResult
    public func enable(
        app: String, environment: String? = nil, endpoint: String? = nil, ttl: Int64? = nil,
        reason: String = "enabled manually"
    ) throws(AutologError) -> AutologSession {
        let scope = AutologScope(app: app, environment: environment, endpoint: endpoint)
        guard !scope.app.isEmpty else { throw .missingApp }
        let ttl = ttl ?? defaultTTL
        guard ttl > 0 else { throw .nonPositiveTTL(ttl) }
        let time = now()
        let session = AutologSession(
            scope: scope, startedAt: time, expiresAt: Self.adding(ttl, to: time), trigger: .manual, reason: reason)
        state.withLock { state in
            _ = state.expire(at: time)
            state.sessions[scope] = session
            state.stats.enabledManually += 1
        }
        return session
    }

    /// Closes the session of exactly this scope (a wildcard scope closes only
    /// the wildcard session). Returns it, or nil when there was none.
    @discardableResult
    public func disable(app: String, environment: String? = nil, endpoint: String? = nil) -> AutologSession? {
        let scope = AutologScope(app: app, environment: environment, endpoint: endpoint)
        let time = now()
        return state.withLock { state in
            _ = state.expire(at: time)
            guard let removed = state.sessions.removeValue(forKey: scope) else { return nil }
            state.stats.disabled += 1
            return removed
        }
    }

    /// The live session that covers this app, environment and endpoint: the
    /// most specific of (environment, endpoint), (environment, any endpoint),
    /// (any environment, endpoint), (any environment, any endpoint).
    public func check(app: String, environment: String? = nil, endpoint: String? = nil) -> AutologSession? {
        let scope = AutologScope(app: app, environment: environment, endpoint: endpoint)
        let time = now()
        return state.withLock { state in
            _ = state.expire(at: time)
            for candidate in scope.coveringScopes {
                if let session = state.sessions[candidate] { return session }
            }
            return nil
        }
    }

    /// ``check(app:environment:endpoint:)`` in the API's response shape.
    public func checkResult(app: String, environment: String? = nil, endpoint: String? = nil) -> AutologCheckResult {
        AutologCheckResult(
            scope: AutologScope(app: app, environment: environment, endpoint: endpoint),
            session: check(app: app, environment: environment, endpoint: endpoint))
    }

    /// Every live session, ordered by app, environment, endpoint (byte-wise,
    /// wildcards first).
    public func list() -> [AutologSession] {
        let time = now()
        let sessions = state.withLock { state in
            _ = state.expire(at: time)
            return Array(state.sessions.values)
        }
        return sessions.sorted { Self.precedes($0.scope, $1.scope) }
    }

    /// Drops the sessions that have run out, returning them.
    @discardableResult
    public func removeExpired() -> [AutologSession] {
        let time = now()
        return state.withLock { $0.expire(at: time) }.sorted { Self.precedes($0.scope, $1.scope) }
    }

    public func stats() -> AutologStats {
        let time = now()
        return state.withLock { state in
            _ = state.expire(at: time)
            var stats = state.stats
            stats.active = state.sessions.count
            return stats
        }
    }

    // MARK: Helpers

    /// The alert's `summary` annotation, else its `description`, else its name.
    static func reason(for alert: Alert) -> String {
        for name in ["summary", "description"] {
            if let value = alert.annotations.last(where: { $0.name == name })?.value, !value.isEmpty { return value }
        }
        return "alert \(alert.labels.get("alertname")) firing"
    }

    static func adding(_ ttl: Int64, to time: Int64) -> Int64 {
        let (sum, overflow) = time.addingReportingOverflow(ttl)
        return overflow ? (ttl > 0 ? Int64.max : Int64.min) : sum
    }

    static func precedes(_ lhs: AutologScope, _ rhs: AutologScope) -> Bool {
        if lhs.app != rhs.app { return GoString.less(lhs.app, rhs.app) }
        if lhs.environment != rhs.environment { return less(lhs.environment, rhs.environment) }
        return less(lhs.endpoint, rhs.endpoint)
    }

    /// A wildcard (nil) sorts before any value.
    private static func less(_ lhs: String?, _ rhs: String?) -> Bool {
        switch (lhs, rhs) {
        case (nil, nil), (_?, nil): return false
        case (nil, _?): return true
        case let (left?, right?): return GoString.less(left, right)
        }
    }
}

/// Counters of the session table, for the auto-log service's metrics.
public struct AutologStats: Sendable, Equatable {
    /// Sessions live now.
    public var active = 0
    public var openedByAlert = 0
    public var refreshedByAlert = 0
    public var enabledManually = 0
    public var disabled = 0
    public var expired = 0
    /// Autolog alerts whose labels name no app.
    public var skippedWithoutApp = 0

    public init() {}
}

/// A manual session request Vigil cannot honour.
public enum AutologError: Error, CustomStringConvertible, Sendable, Equatable {
    case missingApp
    case nonPositiveTTL(Int64)

    public var description: String {
        switch self {
        case .missingApp: return "autolog: app is required"
        case .nonPositiveTTL(let ttl): return "autolog: ttl must be positive, got \(PromDuration.format(ttl))"
        }
    }
}
