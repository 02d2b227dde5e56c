import VigilCore

/// The bounded, superseding queue in front of one Alertmanager.
///
/// Like Prometheus's per-Alertmanager queue it is FIFO and, when more than
/// `capacity` alerts wait, drops the oldest. Unlike Prometheus it holds at
/// most one copy per label set: an alert queued again replaces its older
/// copy in place (keeping its turn), and a batch that failed goes back to the
/// front without the alerts that were queued anew meanwhile, so a retry never
/// sends a stale state.
struct AlertQueue: Sendable {
    let capacity: Int
    private var slots: [Alert] = []
    private var head = 0
    /// Label set → index in `slots` of its queued copy.
    private var positions: [Labels: Int] = [:]

    init(capacity: Int) {
        precondition(capacity > 0, "queue capacity must be positive")
        self.capacity = capacity
    }

    var count: Int { slots.count - head }
    var isEmpty: Bool { count == 0 }

    /// Queued alerts, oldest first.
    var alerts: ArraySlice<Alert> { slots[head...] }

    struct Outcome: Equatable {
        var dropped = 0
        var superseded = 0
    }

    mutating func enqueue(_ alerts: some Sequence<Alert>) -> Outcome {
        var outcome = Outcome()
        for alert in alerts {
            if let position = positions[alert.labels] {
                slots[position] = alert
                outcome.superseded += 1
            } else {
                positions[alert.labels] = slots.count
                slots.append(alert)
            }
        }
        outcome.dropped = dropOverflow()
        return outcome
    }

    /// Removes and returns up to `limit` alerts from the front.
    mutating func takeBatch(limit: Int) -> [Alert] {
        let end = min(slots.count, head + max(0, limit))
        let batch = Array(slots[head..<end])
        for alert in batch { positions[alert.labels] = nil }
        head = end
        compactIfSparse()
        return batch
    }

    /// Puts a batch that could not be delivered back at the front, minus the
    /// alerts that have a newer copy queued; over capacity, the oldest go.
    mutating func requeueFront(_ batch: [Alert]) -> Outcome {
        var outcome = Outcome()
        let survivors = batch.filter { positions[$0.labels] == nil }
        outcome.superseded = batch.count - survivors.count
        guard !survivors.isEmpty else { return outcome }
        slots = survivors + slots[head...]
        head = 0
        reindex()
        outcome.dropped = dropOverflow()
        return outcome
    }

    /// Empties the queue, returning how many alerts it held.
    mutating func removeAll() -> Int {
        let removed = count
        slots = []
        head = 0
        positions = [:]
        return removed
    }

    private mutating func dropOverflow() -> Int {
        let excess = count - capacity
        guard excess > 0 else { return 0 }
        for alert in slots[head..<head + excess] { positions[alert.labels] = nil }
        head += excess
        compactIfSparse()
        return excess
    }

    private mutating func compactIfSparse() {
        if head == slots.count {
            slots.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 1024, head * 2 >= slots.count {
            slots.removeFirst(head)
            head = 0
            reindex()
        }
    }

    private mutating func reindex() {
        positions.removeAll(keepingCapacity: true)
        for index in head..<slots.count { positions[slots[index].labels] = index }
    }
}
