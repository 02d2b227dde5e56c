import Synchronization
import VigilCore

/// Compiled patterns for the regex template functions. Go compiles the
/// pattern on every call; Loki runs these once per log line, so Vigil keeps
/// the (usually constant) patterns compiled. Bounded: cleared when full.
enum RegexCache {
    private static let cache = Mutex<[String: RE2Regex]>([:])
    private static let capacity = 256

    static func regex(_ pattern: String) throws -> RE2Regex {
        if let cached = cache.withLock({ $0[pattern] }) { return cached }
        let compiled = try RE2Regex(pattern)
        cache.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[pattern] = compiled
        }
        return compiled
    }
}
