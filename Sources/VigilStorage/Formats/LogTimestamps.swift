/// Units for Unix timestamps written as plain numbers.
public enum UnixTimeUnit: Sendable, Equatable {
    /// Chosen by magnitude: below 1e11 seconds (until the year 5138), below
    /// 1e14 milliseconds, below 1e17 microseconds, else nanoseconds.
    case auto
    case seconds, milliseconds, microseconds, nanoseconds

    var nanosecondDigits: Int {
        switch self {
        case .seconds, .auto: return 9
        case .milliseconds: return 6
        case .microseconds: return 3
        case .nanoseconds: return 0
        }
    }
}

/// Timestamp texts of log recordings, converted exactly (no floating point)
/// to Unix nanoseconds. Shared (`package`) with rule unit tests, whose log
/// inputs carry the same timestamp forms.
package enum LogTimestamp {
    /// A decimal integer of nanoseconds, as Loki writes entry timestamps.
    static func nanoseconds(_ text: String) -> Int64? { nanoseconds(bytes: Array(text.utf8)) }

    static func nanoseconds(bytes: some Collection<UInt8>) -> Int64? {
        var iterator = bytes.makeIterator()
        guard var byte = iterator.next() else { return nil }
        let negative = byte == UInt8(ascii: "-")
        if negative { guard let next = iterator.next() else { return nil }; byte = next }
        var value: Int64 = 0
        while true {
            guard ByteCursor.isDigit(byte) else { return nil }
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = negative ? times.subtractingReportingOverflow(Int64(byte - 0x30))
                                            : times.addingReportingOverflow(Int64(byte - 0x30))
            if overflow1 || overflow2 { return nil }
            value = sum
            guard let next = iterator.next() else { return value }
            byte = next
        }
    }

    /// A Unix time written as a decimal number (`1700000000`,
    /// `1700000000.123456`, `1.7e9`) in `unit`; fractions below a
    /// nanosecond are truncated.
    static func unix(_ text: String, unit: UnixTimeUnit) -> Int64? { unix(bytes: Array(text.utf8), unit: unit) }

    static func unix(bytes: [UInt8], unit: UnixTimeUnit) -> Int64? {
        guard let decimal = Decimal(bytes) else { return nil }
        var digits = unit.nanosecondDigits
        if unit == .auto, let whole = decimal.scaled(by: 0) {
            let magnitude = whole.magnitude
            digits = magnitude < 100_000_000_000 ? 9 : magnitude < 100_000_000_000_000 ? 6 : magnitude < 100_000_000_000_000_000 ? 3 : 0
        }
        return decimal.scaled(by: digits)
    }

    /// RFC 3339 with optional fraction (`2024-05-01T10:00:00.123456789+02:00`),
    /// as Go's `time.RFC3339Nano` layout reads it.
    package static func rfc3339(_ text: String) -> Int64? { rfc3339(bytes: Array(text.utf8)) }

    static func rfc3339(bytes: [UInt8]) -> Int64? {
        var index = 0
        func number(_ width: Int) -> Int? {
            guard index + width <= bytes.count else { return nil }
            var value = 0
            for _ in 0..<width {
                let byte = bytes[index]
                guard ByteCursor.isDigit(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
                index += 1
            }
            return value
        }
        func expect(_ options: [UInt8]) -> Bool {
            guard index < bytes.count, options.contains(bytes[index]) else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect([0x2D]), let month = number(2), expect([0x2D]), let day = number(2),
              expect([0x54, 0x74]), let hour = number(2), expect([0x3A]), let minute = number(2), expect([0x3A]),
              let second = number(2) else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 60 else { return nil }
        var fraction: Int64 = 0
        if index < bytes.count, bytes[index] == 0x2E || bytes[index] == 0x2C {
            index += 1
            var digits = 0
            while index < bytes.count, ByteCursor.isDigit(bytes[index]) {
                if digits < 9 { fraction = fraction * 10 + Int64(bytes[index] - 0x30) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in min(digits, 9)..<9 { fraction *= 10 }
        }
        var offsetSeconds = 0
        guard index < bytes.count else { return nil }
        if bytes[index] == 0x5A || bytes[index] == 0x7A {
            index += 1
        } else if bytes[index] == 0x2B || bytes[index] == 0x2D {
            let sign = bytes[index] == 0x2D ? -1 : 1
            index += 1
            guard let offsetHours = number(2), expect([0x3A]), let offsetMinutes = number(2),
                  offsetHours < 24, offsetMinutes < 60 else { return nil }
            offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
        } else {
            return nil
        }
        guard index == bytes.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second - offsetSeconds)
        let (scaled, overflow1) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let (total, overflow2) = scaled.addingReportingOverflow(fraction)
        return overflow1 || overflow2 ? nil : total
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
    /// `days_from_civil`).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// A decimal literal as digits and a point position, for exact scaling.
    struct Decimal {
        var negative: Bool
        var digits: [Int64]   // most significant first
        var point: Int        // value = 0.d1d2... × 10^point

        init?(_ bytes: [UInt8]) {
            var index = 0
            negative = false
            if index < bytes.count, bytes[index] == 0x2D || bytes[index] == 0x2B {
                negative = bytes[index] == 0x2D
                index += 1
            }
            digits = []
            var integerDigits = 0
            var sawPoint = false
            var sawDigit = false
            while index < bytes.count {
                let byte = bytes[index]
                if ByteCursor.isDigit(byte) {
                    digits.append(Int64(byte - 0x30))
                    if !sawPoint { integerDigits += 1 }
                    sawDigit = true
                } else if byte == 0x2E, !sawPoint {
                    sawPoint = true
                } else {
                    break
                }
                index += 1
            }
            guard sawDigit else { return nil }
            var exponent = 0
            if index < bytes.count, bytes[index] | 0x20 == 0x65 {
                index += 1
                guard let value = Int(String(decoding: bytes[index...], as: UTF8.self)), abs(value) < 400 else { return nil }
                exponent = value
                index = bytes.count
            }
            guard index == bytes.count else { return nil }
            point = integerDigits + exponent
        }

        /// The value × 10^`power`, truncated toward zero; nil on overflow.
        func scaled(by power: Int) -> Int64? {
            var result: Int64 = 0
            let wholeDigits = point + power
            for position in 0..<max(wholeDigits, 0) {
                let digit = position < digits.count ? digits[position] : 0
                let (times, overflow1) = result.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times.addingReportingOverflow(digit)
                if overflow1 || overflow2 { return nil }
                result = sum
            }
            return negative ? -result : result
        }
    }
}
