/// Go's `time.Duration` text forms, exactly as the standard library handles
/// them: `time.ParseDuration` (integer arithmetic, so `742.6ms` is exactly
/// 742600000 ns), `Duration.String()` (`1h0m0s`, `1.5µs`) and
/// `Duration.Seconds()`. Loki uses these for label-filter durations, offsets
/// and `unwrap duration(...)`; Prometheus's own units are `PromDuration`.
public enum GoTimeDuration {
    public struct ParseError: Error, CustomStringConvertible, Sendable, Equatable {
        /// Go's message, e.g. `time: unknown unit "x" in duration "5x"`.
        public let message: String
        public init(message: String) { self.message = message }
        public var description: String { message }
    }

    private static let unitNanos: [String: UInt64] = [
        "ns": 1, "us": 1_000, "\u{00B5}s": 1_000, "\u{03BC}s": 1_000, "ms": 1_000_000,
        "s": 1_000_000_000, "m": 60_000_000_000, "h": 3_600_000_000_000,
    ]

    /// `time.ParseDuration`: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, or `0`.
    /// Returns nanoseconds.
    public static func parse(_ text: String) throws(ParseError) -> Int64 {
        let quoted = GoString.quote(text)
        func invalid() -> ParseError { ParseError(message: "time: invalid duration \(quoted)") }
        var bytes = Array(text.utf8)[...]
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        if bytes.elementsEqual("0".utf8) { return 0 }
        if bytes.isEmpty { throw invalid() }
        var total: UInt64 = 0
        let limit = UInt64(1) << 63
        while !bytes.isEmpty {
            guard let first = bytes.first, first == UInt8(ascii: ".") || isDigit(first) else { throw invalid() }
            // Integer part.
            var whole: UInt64 = 0
            let before = bytes.count
            while let byte = bytes.first, isDigit(byte) {
                if whole > limit / 10 { throw invalid() }
                whole = whole * 10 + UInt64(byte - 0x30)
                if whole > limit { throw invalid() }
                bytes = bytes.dropFirst()
            }
            let sawWhole = bytes.count != before
            // Fraction: digits past 63 bits are ignored, as Go does.
            var fraction: UInt64 = 0
            var scale: Double = 1
            var sawFraction = false
            if bytes.first == UInt8(ascii: ".") {
                bytes = bytes.dropFirst()
                let fractionStart = bytes.count
                var overflow = false
                while let byte = bytes.first, isDigit(byte) {
                    bytes = bytes.dropFirst()
                    if overflow { continue }
                    if fraction > (limit - 1) / 10 { overflow = true; continue }
                    let next = fraction * 10 + UInt64(byte - 0x30)
                    if next > limit { overflow = true; continue }
                    fraction = next
                    scale *= 10
                }
                sawFraction = bytes.count != fractionStart
            }
            if !sawWhole && !sawFraction { throw invalid() }
            var unitEnd = bytes.startIndex
            while unitEnd < bytes.endIndex, bytes[unitEnd] != UInt8(ascii: "."), !isDigit(bytes[unitEnd]) {
                unitEnd += 1
            }
            if unitEnd == bytes.startIndex { throw ParseError(message: "time: missing unit in duration \(quoted)") }
            let unitText = String(decoding: bytes[bytes.startIndex..<unitEnd], as: UTF8.self)
            bytes = bytes[unitEnd...]
            guard let unit = unitNanos[unitText] else {
                throw ParseError(message: "time: unknown unit \(GoString.quote(unitText)) in duration \(quoted)")
            }
            if whole > limit / unit { throw invalid() }
            var value = whole * unit
            if fraction > 0 {
                // Go computes the fractional part in float64, then truncates.
                value += UInt64(Double(fraction) * (Double(unit) / scale))
                if value > limit { throw invalid() }
            }
            total += value
            if total > limit { throw invalid() }
        }
        if negative { return total == limit ? Int64.min : -Int64(total) }
        if total > limit - 1 { throw invalid() }
        return Int64(total)
    }

    /// `Duration.String()`: `72h3m0.5s`, `1.5ms`, `0s`.
    public static func format(_ nanos: Int64) -> String {
        var value = nanos.magnitude
        var out: [UInt8] = []
        if value < 1_000_000_000 {
            if value == 0 { return "0s" }
            let unit: String
            let precision: Int
            switch value {
            case ..<1_000: (unit, precision) = ("ns", 0)
            case ..<1_000_000: (unit, precision) = ("\u{00B5}s", 3)
            default: (unit, precision) = ("ms", 6)
            }
            let fraction = fractionDigits(&value, precision: precision)
            out = Array(String(value).utf8) + fraction + Array(unit.utf8)
        } else {
            let fraction = fractionDigits(&value, precision: 9)
            let seconds = value % 60
            value /= 60
            var text = String(seconds) + String(decoding: fraction, as: UTF8.self) + "s"
            if value > 0 {
                text = String(value % 60) + "m" + text
                value /= 60
                if value > 0 { text = String(value) + "h" + text }
            }
            out = Array(text.utf8)
        }
        return (nanos < 0 ? "-" : "") + String(decoding: out, as: UTF8.self)
    }

    /// Go's `fmtFrac`: the fraction of `value / 10^precision` without trailing
    /// zeros (and without the point when it is zero); leaves the integer part.
    private static func fractionDigits(_ value: inout UInt64, precision: Int) -> [UInt8] {
        var digits: [UInt8] = []
        var printing = false
        for _ in 0..<precision {
            let digit = value % 10
            printing = printing || digit != 0
            if printing { digits.append(UInt8(digit) + 0x30) }
            value /= 10
        }
        if printing { digits.append(UInt8(ascii: ".")) }
        return digits.reversed()
    }

    /// `Duration.Seconds()`: whole seconds plus the remainder, in float64.
    public static func seconds(_ nanos: Int64) -> Double {
        let whole = nanos / 1_000_000_000
        let rest = nanos % 1_000_000_000
        return Double(whole) + Double(rest) / 1e9
    }

    @inline(__always) private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
