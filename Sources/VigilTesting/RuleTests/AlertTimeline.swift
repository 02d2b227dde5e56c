import Synchronization
import VigilAlerting
import VigilCore
import VigilRules

/// The state changes of the alerts a test group checks, recorded while its
/// rules are evaluated, to show when an alert went pending, fired and
/// resolved when a check fails.
final class AlertTimeline: Sendable {
    private let names: Set<String>
    private let changes = Mutex<[AlertStateChange]>([])

    /// - Parameter names: the alert names under test; others are not recorded.
    init(names: Set<String>) { self.names = names }

    func record(_ change: AlertStateChange) {
        guard names.contains(change.rule) else { return }
        changes.withLock { $0.append(change) }
    }

    /// The lines describing alert `name` up to `time`, times counted from
    /// `start`: one line per alert (label set) with its transitions.
    func lines(for name: String, through time: Int64, start: Int64) -> [String] {
        let relevant = changes.withLock { all in all.filter { $0.rule == name && $0.time <= time } }
        guard !relevant.isEmpty else {
            return ["\(name): no alert was pending or firing up to \(PromDuration.format(time - start))"]
        }
        var order: [Labels] = []
        var events: [Labels: [String]] = [:]
        for change in relevant {
            if events[change.labels] == nil { order.append(change.labels) }
            events[change.labels, default: []].append("\(PromDuration.format(change.time - start)) \(Self.word(change))")
        }
        return order.sorted().map { labels in
            LabelPairs.string(labels) + ": " + (events[labels] ?? []).joined(separator: ", ")
        }
    }

    private static func word(_ change: AlertStateChange) -> String {
        switch (change.from, change.to) {
        case (_, .pending): return "pending"
        case (_, .firing): return "firing"
        case (.pending, .inactive): return "dropped (condition gone before `for` elapsed)"
        case (.firing, .inactive): return "resolved"
        default: return change.to.rawValue
        }
    }
}
