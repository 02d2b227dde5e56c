import VigilAlerting
import VigilCore

/// How replay output writes times.
public enum ReplayTimeFormat {
    /// RFC 3339 in UTC, with milliseconds only when there are any:
    /// `2025-12-28T03:04:00Z`, `2025-12-28T02:00:03.269Z`.
    public static func rfc3339(_ millis: Int64) -> String {
        let text = RFC3339Millis.format(millis)
        return millis % 1000 == 0 && text.hasSuffix(".000Z") ? String(text.dropLast(5)) + "Z" : text
    }

    /// The time of day of ``rfc3339(_:)``, for times on the same day as
    /// something printed in full: `03:04:00Z`.
    public static func timeOfDay(_ millis: Int64) -> String {
        let text = rfc3339(millis)
        guard let separator = text.firstIndex(of: "T") else { return text }
        return String(text[text.index(after: separator)...])
    }

    /// The distance from `origin` in whole minutes and the seconds left:
    /// `+64m`, `+67m30s`, `+0m02.5s`, `-1m`.
    public static func offset(_ millis: Int64, from origin: Int64) -> String {
        let (difference, overflow) = millis.subtractingReportingOverflow(origin)
        if overflow { return "+?" }
        let sign = difference < 0 ? "-" : "+"
        let magnitude = difference.magnitude
        let minutes = magnitude / 60_000
        let rest = magnitude % 60_000
        if rest == 0 { return "\(sign)\(minutes)m" }
        let seconds = rest / 1000, fraction = rest % 1000
        var text = "\(sign)\(minutes)m" + (seconds < 10 ? "0" : "") + String(seconds)
        if fraction > 0 {
            var digits = String(fraction)
            digits = String(repeating: "0", count: 3 - digits.count) + digits
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text + "s"
    }

    /// A duration as Prometheus writes one (`1h30m`).
    public static func duration(_ millis: Int64) -> String { PromDuration.format(millis) }
}
