import Foundation
import VigilCore

/// Go's `time.Time` as templates see it: an instant (seconds and nanoseconds
/// since the Unix epoch) shown in a zone (a fixed offset and its
/// abbreviation). Prometheus's `toTime`/`humanizeTimestamp` and Loki's
/// `__timestamp__`, `now`, `date`, `toDate` and friends produce and consume it.
public struct GoTime: Sendable, Equatable {
    public var seconds: Int64
    /// 0..<1_000_000_000
    public var nanoseconds: Int64
    public var zone: Zone
    /// `*time.Time` (Prometheus's `toTime`) rather than `time.Time`.
    public var isPointer: Bool = false

    public struct Zone: Sendable, Equatable {
        public var name: String
        public var offsetSeconds: Int
        public static let utc = Zone(name: "UTC", offsetSeconds: 0)
        public init(name: String, offsetSeconds: Int) {
            self.name = name
            self.offsetSeconds = offsetSeconds
        }
    }

    public init(seconds: Int64, nanoseconds: Int64 = 0, zone: Zone = .utc) {
        // Normalise so that 0 <= nanoseconds < 1e9, like Go's time.Unix.
        var seconds = seconds
        var nanos = nanoseconds
        if nanos < 0 || nanos >= 1_000_000_000 {
            seconds &+= nanos / 1_000_000_000
            nanos %= 1_000_000_000
            if nanos < 0 { nanos += 1_000_000_000; seconds &-= 1 }
        }
        self.seconds = seconds
        self.nanoseconds = nanos
        self.zone = zone
    }

    /// `time.Unix(0, nanos)`.
    public init(unixNanos: Int64, zone: Zone = .utc) {
        self.init(seconds: unixNanos / 1_000_000_000, nanoseconds: unixNanos % 1_000_000_000, zone: zone)
    }

    public var unixNanos: Int64 { seconds &* 1_000_000_000 &+ nanoseconds }
    public var unixMillis: Int64 { seconds &* 1000 &+ nanoseconds / 1_000_000 }

    /// The same instant shown in another zone (Go's `In`).
    public func inZone(_ zone: Zone) -> GoTime {
        var copy = self
        copy.zone = zone
        return copy
    }

    /// The zone Go calls `Local`: the machine's zone at that instant.
    public static func localZone(at seconds: Int64) -> Zone {
        let zone = TimeZone.current
        let date = Date(timeIntervalSince1970: TimeInterval(seconds))
        let offset = zone.secondsFromGMT(for: date)
        let name = zone.identifier == "GMT" || zone.identifier == "UTC" ? "UTC" : (zone.abbreviation(for: date) ?? "UTC")
        return Zone(name: name, offsetSeconds: offset)
    }

    /// The zone named by an IANA name, `UTC` or `Local` (Go's `LoadLocation`).
    public static func zone(named name: String, at seconds: Int64) -> Zone? {
        if name == "" || name == "UTC" { return .utc }
        if name == "Local" { return localZone(at: seconds) }
        guard let zone = TimeZone(identifier: name) else { return nil }
        let date = Date(timeIntervalSince1970: TimeInterval(seconds))
        return Zone(name: zone.abbreviation(for: date) ?? name, offsetSeconds: zone.secondsFromGMT(for: date))
    }

    /// `time.Now()` in the local zone.
    public static func now() -> GoTime {
        let interval = Date().timeIntervalSince1970
        let whole = Int64(interval.rounded(.down))
        let nanos = Int64((interval - Double(whole)) * 1e9)
        return GoTime(seconds: whole, nanoseconds: nanos, zone: localZone(at: whole))
    }

    // MARK: Civil fields

    struct Civil {
        var year: Int64, month: Int, day: Int, hour: Int, minute: Int, second: Int
        var weekday: Int  // 0 = Sunday
        var yearDay: Int  // 1-based
    }

    var civil: Civil {
        let local = seconds &+ Int64(zone.offsetSeconds)
        var days = local / 86_400
        var rest = local % 86_400
        if rest < 0 { rest += 86_400; days -= 1 }
        let (year, month, day) = GoTime.civilFromDays(days)
        let weekday = Int(((days % 7) + 11) % 7)  // 1970-01-01 was a Thursday (4)
        let yearDay = Int(days - GoTime.daysFromCivil(year, 1, 1)) + 1
        return Civil(year: year, month: month, day: day, hour: Int(rest / 3600), minute: Int(rest % 3600 / 60),
                     second: Int(rest % 60), weekday: weekday, yearDay: yearDay)
    }

    /// Howard Hinnant's days-from-civil algorithm (proleptic Gregorian).
    static func daysFromCivil(_ year: Int64, _ month: Int, _ day: Int) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ days: Int64) -> (Int64, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = Int(doy - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Go's `Time.String()`: `2006-01-02 15:04:05.999999999 -0700 MST`.
    public var description: String { format("2006-01-02 15:04:05.999999999 -0700 MST") }
}

/// `time.Duration.String()`: `1h2m3.5s`, `1.5ms`, `0s`.
public enum GoDuration {
    public static func format(_ nanos: Int64) -> String {
        if nanos == 0 { return "0s" }
        let negative = nanos < 0
        var u = nanos.magnitude
        var out = ""
        if u < 1_000_000_000 {
            // Sub-second: use the largest unit with a non-zero integer part.
            let (unit, scale): (String, UInt64)
            if u < 1_000 { return (negative ? "-" : "") + String(u) + "ns" }
            else if u < 1_000_000 { (unit, scale) = ("µs", 1_000) }
            else { (unit, scale) = ("ms", 1_000_000) }
            out = fraction(u, scale) + unit
        } else {
            let hours = u / 3_600_000_000_000
            u -= hours * 3_600_000_000_000
            let minutes = u / 60_000_000_000
            u -= minutes * 60_000_000_000
            out = fraction(u, 1_000_000_000) + "s"
            if hours > 0 { out = String(hours) + "h" + String(minutes) + "m" + out }
            else if minutes > 0 { out = String(minutes) + "m" + out }
        }
        return (negative ? "-" : "") + out
    }

    /// `value/scale` with the fractional digits, trailing zeros removed.
    private static func fraction(_ value: UInt64, _ scale: UInt64) -> String {
        var text = String(value / scale)
        var rest = value % scale
        if rest == 0 { return text }
        var digits = ""
        var s = scale
        while s > 1 {
            s /= 10
            digits.append(Character(String(rest / s)))
            rest %= s
        }
        while digits.hasSuffix("0") { digits.removeLast() }
        text += "." + digits
        return text
    }

    public struct ParseError: Error, CustomStringConvertible, Sendable {
        public let text: String
        public let reason: String
        public var description: String { "time: \(reason) \(GoString.quote(text))" }
    }

    /// Go's `time.ParseDuration`: `300ms`, `-1.5h`, `2h45m`; units ns, us
    /// (µs, μs), ms, s, m, h.
    public static func parse(_ text: String) throws(ParseError) -> Int64 {
        var bytes = Array(text.utf8)[...]
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        if bytes.elementsEqual("0".utf8) { return 0 }
        if bytes.isEmpty { throw ParseError(text: text, reason: "invalid duration") }
        var total: Double = 0
        while !bytes.isEmpty {
            guard let first = bytes.first, first == UInt8(ascii: ".") || (first >= 0x30 && first <= 0x39) else {
                throw ParseError(text: text, reason: "invalid duration")
            }
            var whole: Double = 0
            var sawDigits = false
            while let b = bytes.first, b >= 0x30, b <= 0x39 {
                whole = whole * 10 + Double(b - 0x30); bytes = bytes.dropFirst(); sawDigits = true
            }
            var fractionValue: Double = 0
            if bytes.first == UInt8(ascii: ".") {
                bytes = bytes.dropFirst()
                var scale: Double = 1
                while let b = bytes.first, b >= 0x30, b <= 0x39 {
                    scale /= 10; fractionValue += Double(b - 0x30) * scale; bytes = bytes.dropFirst(); sawDigits = true
                }
            }
            guard sawDigits else { throw ParseError(text: text, reason: "invalid duration") }
            var unitEnd = bytes.startIndex
            while unitEnd < bytes.endIndex, bytes[unitEnd] != UInt8(ascii: "."),
                  !(bytes[unitEnd] >= 0x30 && bytes[unitEnd] <= 0x39) { unitEnd += 1 }
            let unit = String(decoding: bytes[bytes.startIndex..<unitEnd], as: UTF8.self)
            bytes = bytes[unitEnd...]
            if unit.isEmpty { throw ParseError(text: text, reason: "missing unit in duration") }
            let scale: Double
            switch unit {
            case "ns": scale = 1
            case "us", "µs", "μs": scale = 1e3
            case "ms": scale = 1e6
            case "s": scale = 1e9
            case "m": scale = 60e9
            case "h": scale = 3600e9
            default: throw ParseError(text: text, reason: "unknown unit \(GoString.quote(unit)) in duration")
            }
            total += (whole + fractionValue) * scale
            if total > 9.223372036854775807e18 { throw ParseError(text: text, reason: "invalid duration") }
        }
        let result = Int64(total.rounded(.towardZero))
        return negative ? -result : result
    }
}
