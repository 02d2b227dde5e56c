/// Prometheus durations (`model.Duration`): `1y2w3d4h5m6s7ms`, units in
/// decreasing order, each at most once, integers only; `0` alone is allowed.
/// Values are milliseconds.
public enum PromDuration {
    public struct ParseError: Error, CustomStringConvertible, Sendable, Equatable {
        public let text: String
        public var description: String { "not a valid duration string: \(GoString.quote(text))" }
    }

    static let units: [(suffix: String, millis: Int64)] = [
        ("y", 365 * 24 * 3_600_000), ("w", 7 * 24 * 3_600_000), ("d", 24 * 3_600_000),
        ("h", 3_600_000), ("m", 60_000), ("s", 1_000), ("ms", 1),
    ]

    public static func parse(_ text: String) throws(ParseError) -> Int64 {
        if text == "0" { return 0 }
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { throw ParseError(text: text) }
        var index = 0
        var lastUnit = -1
        var total: Int64 = 0
        while index < bytes.count {
            var number: Int64 = 0
            let start = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                let (product, overflow1) = number.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = product.addingReportingOverflow(Int64(bytes[index] - 0x30))
                if overflow1 || overflow2 { throw ParseError(text: text) }
                number = sum
                index += 1
            }
            guard index > start, index < bytes.count else { throw ParseError(text: text) }
            var unitIndex: Int? = nil
            if bytes[index] == UInt8(ascii: "m"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "s") {
                unitIndex = 6; index += 2
            } else {
                let suffix = String(UnicodeScalar(bytes[index]))
                unitIndex = units.firstIndex { $0.suffix == suffix }
                index += 1
            }
            guard let unit = unitIndex, unit > lastUnit else { throw ParseError(text: text) }
            lastUnit = unit
            let (scaled, overflow1) = number.multipliedReportingOverflow(by: units[unit].millis)
            let (sum, overflow2) = total.addingReportingOverflow(scaled)
            if overflow1 || overflow2 { throw ParseError(text: text) }
            total = sum
        }
        return total
    }

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
