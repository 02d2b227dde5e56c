/// Prometheus durations (`model.Duration`): `1y2w3d4h5m6s7ms`, units in
/// decreasing order, each at most once, integers only; `0` alone is allowed.
/// Values are milliseconds; like Prometheus, a duration must fit in Go's
/// `time.Duration` (int64 nanoseconds, about 292 years).
public enum PromDuration {
    public struct ParseError: Error, CustomStringConvertible, Sendable, Equatable {
        public let text: String
        /// prometheus/common's wording: `not a valid duration string: "…"`,
        /// `unknown unit "…" in duration "…"`, `duration out of range`,
        /// `empty duration string`.
        public let message: String

        public init(text: String, message: String? = nil) {
            self.text = text
            self.message = message ?? "not a valid duration string: \(GoString.quote(text))"
        }

        public var description: String { message }
    }

    static let units: [(suffix: String, millis: Int64)] = [
        ("y", 365 * 24 * 3_600_000), ("w", 7 * 24 * 3_600_000), ("d", 24 * 3_600_000),
        ("h", 3_600_000), ("m", 60_000), ("s", 1_000), ("ms", 1),
    ]

    /// The largest duration Go's `time.Duration` holds, in milliseconds.
    static let maxMillis = Int64.max / 1_000_000

    /// `model.ParseDuration` of prometheus/common: a run of digits, then a
    /// unit (any run of non-digits), repeated with units strictly decreasing.
    public static func parse(_ text: String) throws(ParseError) -> Int64 {
        if text == "0" { return 0 }
        if text.isEmpty { throw ParseError(text: text, message: "empty duration string") }
        let bytes = Array(text.utf8)
        var index = 0
        var lastUnit = -1
        var totalNanos: UInt64 = 0
        while index < bytes.count {
            guard isDigit(bytes[index]) else { throw ParseError(text: text) }
            var number: UInt64 = 0
            while index < bytes.count, isDigit(bytes[index]) {
                let (product, overflow1) = number.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = product.addingReportingOverflow(UInt64(bytes[index] - 0x30))
                if overflow1 || overflow2 { throw ParseError(text: text) }
                number = sum
                index += 1
            }
            let unitStart = index
            while index < bytes.count, !isDigit(bytes[index]) { index += 1 }
            guard index > unitStart else { throw ParseError(text: text) }
            let unitText = String(decoding: bytes[unitStart..<index], as: UTF8.self)
            guard let unit = units.firstIndex(where: { $0.suffix == unitText }) else {
                throw ParseError(
                    text: text,
                    message: "unknown unit \(GoString.quote(unitText)) in duration \(GoString.quote(text))")
            }
            guard unit > lastUnit else { throw ParseError(text: text) }
            lastUnit = unit
            let unitNanos = UInt64(units[unit].millis) * 1_000_000
            if number > (UInt64(1) << 63) / unitNanos {
                throw ParseError(text: text, message: "duration out of range")
            }
            let (sum, overflow) = totalNanos.addingReportingOverflow(number * unitNanos)
            if overflow || sum > UInt64(Int64.max) {
                throw ParseError(text: text, message: "duration out of range")
            }
            totalNanos = sum
        }
        return Int64(totalNanos / 1_000_000)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// `model.Duration.String()`: the largest units first, `0s` for zero,
    /// a leading `-` for negative values.
    public static func format(_ millis: Int64) -> String {
        if millis == 0 { return "0s" }
        var rest = millis.magnitude
        var out = millis < 0 ? "-" : ""
        for (suffix, size) in units {
            let unit = UInt64(size)
            if rest >= unit {
                out += String(rest / unit) + suffix
                rest %= unit
            }
        }
        return out
    }
}
