import VigilCore

/// Durations in query parameters: Prometheus units, then Go's.
enum LogQLDurationText {
    static func nanos(_ text: String) -> Int64? {
        if let millis = try? PromDuration.parse(text) { return millis &* 1_000_000 }
        return try? GoTimeDuration.parse(text)
    }
}
