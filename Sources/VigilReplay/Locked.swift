import Synchronization

/// A value shared between the replay and the closures rule groups call.
final class Locked<Value: Sendable>: Sendable {
    private let storage: Mutex<Value>

    init(_ value: Value) { storage = Mutex(value) }

    func withLock<Result: Sendable>(_ body: (inout Value) -> Result) -> Result {
        storage.withLock { body(&$0) }
    }

    var value: Value { storage.withLock { $0 } }
}
