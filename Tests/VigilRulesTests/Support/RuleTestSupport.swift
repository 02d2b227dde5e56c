import Synchronization
import VigilAlerting
import VigilCore
import VigilStorage
@testable import VigilRules

/// The engine stand-in: for each expression, the instant vector it returns
/// at each evaluation time (no entry: an empty vector). Expressions are
/// written as in the rule file and matched by their canonical text, which
/// is what rules send.
struct VectorTable: Sendable {
    private let rows: [String: [Int64: [RuleSample]]]

    init(_ rows: [String: [Int64: [RuleSample]]]) {
        let canonical = RuleQuerier.promql { _, _ in [] }.canonicalText
        self.rows = Dictionary(rows.map { (canonical($0.key), $0.value) }, uniquingKeysWith: { $1 })
    }

    var query: QueryFunc {
        let rows = self.rows
        return { query, time in rows[query]?[time] ?? [] }
    }
}

/// `RuleSample` from alternating names and values.
func sample(_ value: Double, _ pairs: String...) -> RuleSample {
    var labels: [Label] = []
    var index = 0
    while index + 1 < pairs.count {
        labels.append(Label(pairs[index], pairs[index + 1]))
        index += 2
    }
    return RuleSample(labels: Labels(labels), value: value)
}

func labels(_ pairs: String...) -> Labels {
    var result: [Label] = []
    var index = 0
    while index + 1 < pairs.count {
        result.append(Label(pairs[index], pairs[index + 1]))
        index += 2
    }
    return Labels(result)
}

let minute: Int64 = 60_000

/// Collects what callbacks hand over, from any thread.
final class Collector<Element: Sendable>: Sendable {
    private let items = Mutex<[Element]>([])
    func add(_ element: Element) { items.withLock { $0.append(element) } }
    func add(contentsOf elements: [Element]) { items.withLock { $0 += elements } }
    var all: [Element] { items.withLock { $0 } }
    func drain() -> [Element] { items.withLock { let out = $0; $0 = []; return out } }
}

/// Builds the groups of a rule file given as YAML.
func groups(_ yaml: String, query: @escaping QueryFunc, environment: RuleEnvironment,
            restored: Bool = true) throws -> [RuleGroup] {
    let file = try RuleFileLoader(validator: .standard()).parse(yaml: yaml, file: "rules.yml", language: .promql)
    return file.groups.map {
        RuleGroup($0, file: "rules.yml", querier: .promql(query), environment: environment, restored: restored)
    }
}

func group(_ yaml: String, query: @escaping QueryFunc, environment: RuleEnvironment,
           restored: Bool = true) throws -> RuleGroup {
    let all = try groups(yaml, query: query, environment: environment, restored: restored)
    guard all.count == 1, let only = all.first else { throw TestFailure("expected one group, got \(all.count)") }
    return only
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A stored point; stale markers compare equal to each other.
struct Point: Equatable, CustomStringConvertible {
    var time: Int64
    var value: Double

    static func == (lhs: Point, rhs: Point) -> Bool {
        lhs.time == rhs.time && (lhs.value == rhs.value
            || (StaleMarker.isStale(lhs.value) && StaleMarker.isStale(rhs.value)))
    }

    var description: String { "\(time):\(StaleMarker.isStale(value) ? "stale" : "\(value)")" }
}

let stale = StaleMarker.value

extension SeriesStore {
    /// Every series with this metric name and its points.
    func series(named name: String) -> [Labels: [Point]] {
        let snapshot = snapshot()
        guard let matcher = try? LabelMatcher(.equal, Labels.metricName, name) else { return [:] }
        var result: [Labels: [Point]] = [:]
        for id in snapshot.select([matcher]) {
            let columns = snapshot.samples(id, from: .min, through: .max)
            result[snapshot.labels(of: id)] = zip(columns.timestamps, columns.values).map { Point(time: $0, value: $1) }
        }
        return result
    }

    /// The series with this metric name holding a non-stale sample at
    /// exactly `time`, and its value there.
    func values(named name: String, at time: Int64) -> [Labels: Double] {
        var result: [Labels: Double] = [:]
        for (labels, points) in series(named: name) {
            if let point = points.first(where: { $0.time == time }), !StaleMarker.isStale(point.value) {
                result[labels] = point.value
            }
        }
        return result
    }
}

extension RuleGroup {
    /// The alerts of the rule named `rule`.
    func alerts(of rule: String) -> [RuleAlert] {
        status().rules.first { $0.name == rule }?.alerting?.alerts ?? []
    }

    func rule(_ name: String) -> RuleStatus? {
        status().rules.first { $0.name == name }
    }
}

/// A value tests change while rules read it from other threads.
final class Shared<Value: Sendable>: Sendable {
    private let storage: Mutex<Value>
    init(_ value: Value) { storage = Mutex(value) }
    var value: Value {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }
}
