import Testing
import VigilCore
@testable import VigilAlerting

@Suite struct AlertQueueTests {
    static func alert(_ name: String, _ version: String = "1") -> Alert {
        Alert(labels: ["alertname": name], annotations: [Label("version", version)])
    }

    static func names(_ queue: AlertQueue) -> [String] { queue.alerts.map(\.name) }

    @Test func fullQueueDropsTheOldest() {
        var queue = AlertQueue(capacity: 10)
        #expect(queue.enqueue((0..<7).map { Self.alert("a\($0)") }) == .init(dropped: 0, superseded: 0))
        #expect(queue.enqueue((7..<15).map { Self.alert("a\($0)") }) == .init(dropped: 5, superseded: 0))
        #expect(Self.names(queue) == (5..<15).map { "a\($0)" })
        // One send larger than the queue keeps its newest alerts, as Prometheus does.
        #expect(queue.enqueue((100..<125).map { Self.alert("b\($0)") }) == .init(dropped: 25, superseded: 0))
        #expect(Self.names(queue) == (115..<125).map { "b\($0)" })
    }

    @Test func aNewerCopyReplacesTheQueuedOneInPlace() {
        var queue = AlertQueue(capacity: 10)
        _ = queue.enqueue([Self.alert("A"), Self.alert("B")])
        #expect(queue.enqueue([Self.alert("A", "2"), Self.alert("C")]) == .init(dropped: 0, superseded: 1))
        #expect(Self.names(queue) == ["A", "B", "C"])
        #expect(queue.alerts.first?.annotations == [Label("version", "2")])
    }

    @Test func batchesTakeAtMostTheLimitFromTheFront() {
        var queue = AlertQueue(capacity: 10_000)
        _ = queue.enqueue((0..<600).map { Self.alert("a\($0)") })
        let sizes = [queue.takeBatch(limit: 256).count, queue.takeBatch(limit: 256).count, queue.takeBatch(limit: 256).count]
        #expect(sizes == [256, 256, 88])
        #expect(queue.isEmpty && queue.takeBatch(limit: 256).isEmpty)
    }

    @Test func aFailedBatchReturnsToTheFrontWithoutSupersededAlerts() {
        var queue = AlertQueue(capacity: 10)
        _ = queue.enqueue([Self.alert("A"), Self.alert("B"), Self.alert("C")])
        let batch = queue.takeBatch(limit: 2)
        #expect(batch.map(\.name) == ["A", "B"])
        // While the batch is out, A changes and D arrives.
        _ = queue.enqueue([Self.alert("A", "2"), Self.alert("D")])
        #expect(queue.requeueFront(batch) == .init(dropped: 0, superseded: 1))
        #expect(Self.names(queue) == ["B", "C", "A", "D"])
        #expect(queue.alerts.first { $0.name == "A" }?.annotations == [Label("version", "2")])
        // The requeued B is tracked again: a newer B replaces it.
        #expect(queue.enqueue([Self.alert("B", "3")]) == .init(dropped: 0, superseded: 1))
        #expect(queue.count == 4)
    }

    @Test func requeueingPastCapacityDropsTheOldest() {
        var queue = AlertQueue(capacity: 3)
        _ = queue.enqueue([Self.alert("A"), Self.alert("B"), Self.alert("C")])
        let batch = queue.takeBatch(limit: 3)
        _ = queue.enqueue([Self.alert("D"), Self.alert("E")])
        #expect(queue.requeueFront(batch) == .init(dropped: 2, superseded: 0))
        #expect(Self.names(queue) == ["C", "D", "E"])
    }

    @Test func compactionKeepsTheIndexRight() {
        var queue = AlertQueue(capacity: 100_000)
        _ = queue.enqueue((0..<3000).map { Self.alert("a\($0)") })
        for _ in 0..<8 { _ = queue.takeBatch(limit: 256) }
        #expect(queue.count == 3000 - 2048)
        #expect(queue.enqueue([Self.alert("a2999", "2"), Self.alert("a100")]) == .init(dropped: 0, superseded: 1))
        #expect(queue.alerts.last?.name == "a100")
        #expect(queue.alerts.first { $0.name == "a2999" }?.annotations == [Label("version", "2")])
        #expect(queue.removeAll() == 953 && queue.isEmpty)
    }
}
