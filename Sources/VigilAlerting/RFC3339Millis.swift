import VigilCore
/// Timestamps as Alertmanager's API carries them: go-openapi's
/// `strfmt.DateTime`, which marshals with the layout
/// `2006-01-02T15:04:05.000Z07:00` (always three fractional digits). Vigil's
/// times are UTC, so the zone is always `Z`; Go's zero time, which Prometheus
/// sends for an unset time, is `0001-01-01T00:00:00.000Z`.
public enum RFC3339Millis {
    public struct ParseError: Error, CustomStringConvertible, Sendable, Equatable {
        public let text: String
        public let reason: String
        public var description: String { "cannot parse \(GoJSON.quote(text)) as an RFC 3339 time: \(reason)" }
    }

    static let millisPerDay: Int64 = 86_400_000

    /// Go's zero `time.Time` in the millisecond layout.
    public static let goZeroTime = "0001-01-01T00:00:00.000Z"

    /// Formats Unix milliseconds; nil gives ``goZeroTime``.
    public static func format(_ millis: Int64?) -> String {
        guard let millis else { return goZeroTime }
        let (days, rest) = floorDivide(millis, millisPerDay)
        let (year, month, day) = civil(fromDays: days)
        let seconds = rest / 1000
        var out = formatYear(year)
        out += "-" + pad(month, 2) + "-" + pad(day, 2)
        out += "T" + pad(seconds / 3600, 2) + ":" + pad(seconds / 60 % 60, 2) + ":" + pad(seconds % 60, 2)
        out += "." + pad(rest % 1000, 3) + "Z"
        return out
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` to Unix milliseconds,
    /// dropping digits below the millisecond (as `strfmt` does on output).
    public static func parse(_ text: String) throws(ParseError) -> Int64 {
        let bytes = Array(text.utf8)
        var index = 0
        func fail(_ reason: String) -> ParseError { ParseError(text: text, reason: reason) }
        func digits(_ count: Int, _ what: String) throws(ParseError) -> Int64 {
            guard index + count <= bytes.count else { throw fail("missing \(what)") }
            var value: Int64 = 0
            for byte in bytes[index..<index + count] {
                guard byte >= 0x30, byte <= 0x39 else { throw fail("bad \(what)") }
                value = value * 10 + Int64(byte - 0x30)
            }
            index += count
            return value
        }
        func expect(_ allowed: [UInt8], _ what: String) throws(ParseError) {
            guard index < bytes.count, allowed.contains(bytes[index]) else { throw fail("expected \(what)") }
            index += 1
        }
        let year = try digits(4, "year")
        try expect([UInt8(ascii: "-")], "'-' after the year")
        let month = try digits(2, "month")
        try expect([UInt8(ascii: "-")], "'-' after the month")
        let day = try digits(2, "day")
        try expect([UInt8(ascii: "T"), UInt8(ascii: "t")], "'T' after the date")
        let hour = try digits(2, "hour")
        try expect([UInt8(ascii: ":")], "':' after the hour")
        let minute = try digits(2, "minute")
        try expect([UInt8(ascii: ":")], "':' after the minute")
        let second = try digits(2, "second")
        guard (1...12).contains(month) else { throw fail("month out of range") }
        guard day >= 1, day <= daysIn(month: month, year: year) else { throw fail("day out of range") }
        guard hour < 24, minute < 60, second < 60 else { throw fail("time of day out of range") }
        var millis: Int64 = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale: Int64 = 100
            let start = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                millis += Int64(bytes[index] - 0x30) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { throw fail("empty fraction") }
        }
        var offsetMinutes: Int64 = 0
        guard index < bytes.count else { throw fail("missing time zone") }
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            index += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign: Int64 = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            index += 1
            let zoneHours = try digits(2, "zone hour")
            try expect([UInt8(ascii: ":")], "':' in the zone")
            let zoneMinutes = try digits(2, "zone minute")
            guard zoneHours < 24, zoneMinutes < 60 else { throw fail("zone out of range") }
            offsetMinutes = sign * (zoneHours * 60 + zoneMinutes)
        default:
            throw fail("bad time zone")
        }
        guard index == bytes.count else { throw fail("extra text after the time") }
        let days = days(fromCivil: year, month, day)
        let secondsOfDay = hour * 3600 + minute * 60 + second - offsetMinutes * 60
        return days * millisPerDay + secondsOfDay * 1000 + millis
    }

    // MARK: Calendar (proleptic Gregorian, Howard Hinnant's algorithms)

    static func floorDivide(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let quotient = value / divisor, remainder = value % divisor
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }

    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = floorDivide(z, 146_097).0
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDivide(y, 400).0
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Go's `appendInt(year, 4)`: at least four digits, sign first.
    static func formatYear(_ year: Int64) -> String {
        year < 0 ? "-" + pad(-year, 4) : pad(year, 4)
    }

    static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
