import Foundation
import Synchronization

/// Delivers alerts to one Alertmanager: its own queue and its own worker
/// task, so a slow or unreachable Alertmanager never holds up another.
///
/// The worker takes up to `maxBatchSize` alerts from the front of the queue
/// and posts them. On success it goes on with the next batch. On a failure
/// that another attempt may cure (no connection, timeout, 5xx, 408, 429) the
/// batch goes back to the front of the queue and the worker waits out the
/// backoff before trying again; alerts queued anew while it waits replace
/// their copies in the failed batch. A 4xx other than 408/429 means
/// Alertmanager refused the payload itself, which would fail again: those
/// alerts are counted as failed and dropped.
final class AlertmanagerSender: Sendable {
    private struct State {
        var queue: AlertQueue
        var stats: AlertmanagerStats
        var inFlight = 0
        var accepting = true
    }

    private enum Outcome {
        case delivered
        case retry(String)
        case rejected(String)
    }

    let url: URL
    private let endpoint: AlertmanagerEndpoint
    private let options: NotifierOptions
    private let headers: [(String, String)]
    private let client = HTTPClient()
    private let state: Mutex<State>
    private let wakeups: AsyncStream<Void>.Continuation
    private let worker: Mutex<Task<Void, Never>?> = Mutex(nil)

    init(endpoint: AlertmanagerEndpoint, options: NotifierOptions) throws(AlertingConfigError) {
        try endpoint.validate()
        url = try endpoint.alertsURL()
        self.endpoint = endpoint
        self.options = options
        headers = [("Content-Type", "application/json"), ("User-Agent", options.userAgent)] + endpoint.requestHeaders()
        var stats = AlertmanagerStats(url: url.absoluteString)
        stats.queueCapacity = options.queueCapacity
        state = Mutex(State(queue: AlertQueue(capacity: options.queueCapacity), stats: stats))
        // One pending wake-up is enough: the worker empties the queue each time it wakes.
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        wakeups = continuation
        let task = Task { [self] in await run(stream) }
        worker.withLock { $0 = task }
    }

    /// Queues alerts (already carrying the external labels) and wakes the worker.
    func enqueue(_ alerts: [Alert]) {
        guard !alerts.isEmpty else { return }
        let accepted = state.withLock { state in
            guard state.accepting else {
                state.stats.dropped += alerts.count
                return false
            }
            let outcome = state.queue.enqueue(alerts)
            state.stats.dropped += outcome.dropped
            state.stats.superseded += outcome.superseded
            return true
        }
        if accepted { wakeups.yield() }
    }

    func stats() -> AlertmanagerStats {
        state.withLock { state in
            var stats = state.stats
            stats.queueLength = state.queue.count + state.inFlight
            return stats
        }
    }

    /// Stops taking alerts, delivers what is queued until `deadline`, then
    /// abandons the rest (counted as dropped).
    func shutdown(deadline: ContinuousClock.Instant) async {
        state.withLock { $0.accepting = false }
        // Ends the worker's loop once the queue is empty.
        wakeups.finish()
        guard let task = worker.withLock({ $0 }) else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await task.value }
            group.addTask {
                try? await Task.sleep(until: deadline, clock: .continuous)
                task.cancel()
            }
            await group.next()
            group.cancelAll()
            await group.waitForAll()
        }
    }

    /// Abandons delivery at once, as a notifier that goes away without a
    /// shutdown must.
    func abandon() {
        state.withLock { $0.accepting = false }
        wakeups.finish()
        worker.withLock { $0?.cancel() }
    }

    // MARK: Worker

    private func run(_ wakeups: AsyncStream<Void>) async {
        for await _ in wakeups {
            await drain()
            if Task.isCancelled { break }
        }
        state.withLock { state in
            state.stats.dropped += state.queue.removeAll()
        }
    }

    private func drain() async {
        while !Task.isCancelled {
            let batch: [Alert] = state.withLock { state in
                let batch = state.queue.takeBatch(limit: options.maxBatchSize)
                state.inFlight = batch.count
                return batch
            }
            if batch.isEmpty { return }
            let outcome = await post(batch)
            let wait: Duration? = state.withLock { state in
                state.inFlight = 0
                switch outcome {
                case .delivered:
                    state.stats.sent += batch.count
                    state.stats.requestsSent += 1
                    state.stats.consecutiveFailures = 0
                    return nil
                case .rejected(let reason):
                    state.stats.failed += batch.count
                    state.stats.dropped += batch.count
                    state.stats.lastError = reason
                    state.stats.consecutiveFailures = 0
                    return nil
                case .retry(let reason):
                    state.stats.failed += batch.count
                    state.stats.lastError = reason
                    if Task.isCancelled {
                        state.stats.dropped += batch.count
                        return nil
                    }
                    state.stats.retries += 1
                    state.stats.consecutiveFailures += 1
                    let requeued = state.queue.requeueFront(batch)
                    state.stats.dropped += requeued.dropped
                    state.stats.superseded += requeued.superseded
                    return options.backoff.delay(
                        afterFailures: state.stats.consecutiveFailures, random: Double.random(in: 0..<1))
                }
            }
            if let wait { try? await Task.sleep(for: wait) }
        }
    }

    private func post(_ batch: [Alert]) async -> Outcome {
        let body = Data(AlertmanagerPayload.encode(batch))
        do {
            let response = try await client.send(
                method: "POST", url: url, headers: headers, body: body, timeout: endpoint.timeout)
            if (200..<300).contains(response.status) { return .delivered }
            let reason = "POST \(url.absoluteString): HTTP \(response.status)"
                + (response.body.isEmpty ? "" : ": " + String(decoding: response.body.prefix(512), as: UTF8.self))
            switch response.status {
            case 408, 429, 500...: return .retry(reason)
            default: return .rejected(reason)
            }
        } catch {
            return .retry("POST \(url.absoluteString): \(error)")
        }
    }
}
