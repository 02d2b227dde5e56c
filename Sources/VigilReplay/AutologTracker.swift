import VigilAlerting

/// Turns the autolog table's state before and after an instant into
/// events. Rule groups feed the table themselves (`AutologSessions.observe`
/// returns nothing to the replay), so the replay compares the live sessions
/// around each instant's evaluations.
struct AutologTracker {
    let sessions: AutologSessions
    private var before: [AutologScope: AutologSession] = [:]

    init(sessions: AutologSessions) { self.sessions = sessions }

    /// The earliest expiry among live sessions.
    var nextExpiry: Int64? { sessions.list().map(\.expiresAt).min() }

    /// Sessions that ran out by the table's current time, oldest expiry
    /// first. Call with the table's clock at the instant, before evaluating.
    mutating func expired() -> [AutologEvent] {
        let gone = sessions.removeExpired()
        for session in gone { before[session.scope] = nil }
        // `removeExpired` returns them in scope order; keep it among equal expiries.
        return gone.enumerated()
            .sorted { ($0.element.expiresAt, $0.offset) < ($1.element.expiresAt, $1.offset) }
            .map { AutologEvent(kind: .expired, time: $0.element.expiresAt, session: $0.element) }
    }

    /// Sessions opened or extended since the last call, in scope order.
    mutating func changes(at time: Int64) -> [AutologEvent] {
        var events: [AutologEvent] = []
        var now: [AutologScope: AutologSession] = [:]
        for session in sessions.list() {
            now[session.scope] = session
            if let old = before[session.scope], old.startedAt == session.startedAt {
                if session.expiresAt != old.expiresAt {
                    events.append(AutologEvent(kind: .refreshed, time: time, session: session))
                }
            } else {
                events.append(AutologEvent(kind: .opened, time: time, session: session))
            }
        }
        before = now
        return events
    }
}
