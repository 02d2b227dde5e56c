import Foundation
import Synchronization
import VigilCore
import VigilReplay
import VigilRules
import VigilStorage

/// A temporary directory with files written by the test; removed on deinit.
final class TemporaryFiles: @unchecked Sendable {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("vigil-replay-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// Writes `text` (or `bytes`) to `name` and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try write(name, bytes: Array(text.utf8))
    }

    @discardableResult
    func write(_ name: String, bytes: [UInt8]) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
}

let second: Int64 = 1_000
let minute: Int64 = 60_000
let hour: Int64 = 3_600_000

/// Runs a replay and returns every event, in order.
func events(of replay: Replay) -> (events: [ReplayEvent], summary: ReplaySummary) {
    var all: [ReplayEvent] = []
    let summary = replay.run { all += $0 }
    return (all, summary)
}

/// Alert changes as `"<minutes> <rule> <from>-><to> <labels>"`, minutes
/// since `origin` with a half-minute written as `.5`.
func timeline(_ events: [ReplayEvent], origin: Int64 = 0, hiding hidden: Set<String> = ["alertname"]) -> [String] {
    events.compactMap { event in
        guard case .alert(let change) = event else { return nil }
        return "\(minutes(change.time - origin)) \(change.rule) \(change.from)->\(change.to) \(change.labels.removing(hidden))"
    }
}

/// `61.5`, `64`: milliseconds as minutes.
func minutes(_ millis: Int64) -> String {
    millis % minute == 0 ? "\(millis / minute)" : "\(Double(millis) / Double(minute))"
}

/// Every sample of the series named `name` in `store`, as `time:value`.
func points(_ store: SeriesStore, _ name: String) -> [String] {
    let snapshot = store.snapshot()
    guard let matcher = try? LabelMatcher(.equal, Labels.metricName, name) else { return [] }
    return snapshot.select([matcher]).flatMap { id in
        let columns = snapshot.samples(id, from: .min, through: .max)
        return zip(columns.timestamps, columns.values).map { "\(minutes($0)):\(GoFloat.formatV($1))" }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs long synchronous work (loading and replaying the incident takes
/// tens of seconds in a debug build) on a thread of its own. Swift Testing
/// runs every test of every target in one process on Swift concurrency's
/// shared threads, one per core: two such tests on 2 cores would hold them
/// all, and every async test (those waiting for a real Alertmanager) would
/// stall. Expectations stay in the test: the work returns what they check.
func onOwnThread<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Swift.Result { try work() }) }
        thread.stackSize = 8 << 20
        thread.start()
    }
}
