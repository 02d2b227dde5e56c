import Synchronization

/// Cancels a running query from another thread or task. Operators check it
/// (together with the deadline and Swift task cancellation) in their loops.
public final class CancellationToken: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    public func cancel() { flag.store(true, ordering: .relaxed) }
    public var isCancelled: Bool { flag.load(ordering: .relaxed) }
}
