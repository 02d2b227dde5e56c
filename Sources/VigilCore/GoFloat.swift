import Foundation

/// Go's `strconv.FormatFloat` for 64-bit floats, byte for byte. Prometheus
/// and Loki print sample values with `'f', -1` in their HTTP APIs, PromQL
/// number literals with `%v` (`'g', -1`), and templates with `printf`.
public enum GoFloat {
    public enum Format: Character, Sendable { case f = "f", e = "e", g = "g", upperE = "E", upperG = "G" }

    /// `strconv.FormatFloat(v, fmt, precision, 64)`; a nil precision is
    /// Go's -1, the shortest representation that parses back to `v`.
    public static func format(_ value: Double, _ format: Format, precision: Int? = nil) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        if let precision { return formatFixedPrecision(value, format, precision) }
        let decimal = ShortestDecimal(value)
        return layout(decimal, format: format, precision: nil)
    }

    /// `fmt.Sprint(v)` / `%v` for a float64.
    public static func formatV(_ value: Double) -> String { format(value, .g) }

    /// The Prometheus/Loki API form of a sample value.
    public static func apiString(_ value: Double) -> String { format(value, .f) }

    private static func formatFixedPrecision(_ value: Double, _ format: Format, _ precision: Int) -> String {
        // C's printf rounds the exact binary value correctly, as Go does.
        let spec: String
        switch format {
        case .f: spec = "%.\(precision)f"
        case .e: spec = "%.\(precision)e"
        case .upperE: spec = "%.\(precision)E"
        case .g: spec = "%.\(precision)g"
        case .upperG: spec = "%.\(precision)G"
        }
        var text = String(format: spec, value)
        if format == .g || format == .upperG {
            // Go's %g keeps a two-digit minimum exponent like C, so only the
            // precision-0 case differs: Go treats it as 1, as does C.
            text = text.replacingOccurrences(of: "inf", with: "Inf")
        }
        return text
    }

    /// Digits and decimal point position of the shortest round-tripping
    /// decimal, taken from Swift's own shortest printing.
    struct ShortestDecimal {
        var negative: Bool
        var digits: [UInt8]  // ASCII digits, no leading zeros (empty for zero)
        var pointPosition: Int  // value = 0.d1d2d3... × 10^pointPosition

        init(_ value: Double) {
            negative = value.sign == .minus
            let text = "\(Swift.abs(value))"
            var mantissa = Substring(text)
            var exponent = 0
            if let eIndex = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
                mantissa = text[..<eIndex]
                exponent = Int(text[text.index(after: eIndex)...])!
            }
            var digits: [UInt8] = []
            var intDigits = 0
            var seenPoint = false
            for byte in mantissa.utf8 {
                if byte == UInt8(ascii: ".") { seenPoint = true; continue }
                digits.append(byte)
                if !seenPoint { intDigits += 1 }
            }
            var leading = 0
            while leading < digits.count, digits[leading] == UInt8(ascii: "0") { leading += 1 }
            digits.removeFirst(leading)
            intDigits -= leading
            while let last = digits.last, last == UInt8(ascii: "0") { digits.removeLast() }
            self.digits = digits
            self.pointPosition = digits.isEmpty ? 0 : intDigits + exponent
        }
    }

    static func layout(_ decimal: ShortestDecimal, format: Format, precision: Int?) -> String {
        var out = decimal.negative ? "-" : ""
        let digits = decimal.digits
        let count = digits.count
        switch format {
        case .f:
            out += fixed(digits, point: decimal.pointPosition)
        case .e, .upperE:
            out += exponential(digits, point: decimal.pointPosition, upper: format == .upperE)
        case .g, .upperG:
            let exponent = count == 0 ? 0 : decimal.pointPosition - 1
            // Go: for the shortest form, %e is used when exp < -4 || exp >= 6.
            if exponent < -4 || exponent >= 6 {
                out += exponential(digits, point: decimal.pointPosition, upper: format == .upperG)
            } else {
                out += fixed(digits, point: decimal.pointPosition)
            }
        }
        return out
    }

    private static func fixed(_ digits: [UInt8], point: Int) -> String {
        if digits.isEmpty { return "0" }
        var bytes: [UInt8] = []
        if point <= 0 {
            bytes.append(UInt8(ascii: "0"))
            bytes.append(UInt8(ascii: "."))
            bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -point))
            bytes.append(contentsOf: digits)
        } else if point >= digits.count {
            bytes.append(contentsOf: digits)
            bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: point - digits.count))
        } else {
            bytes.append(contentsOf: digits[0..<point])
            bytes.append(UInt8(ascii: "."))
            bytes.append(contentsOf: digits[point...])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func exponential(_ digits: [UInt8], point: Int, upper: Bool) -> String {
        let digits = digits.isEmpty ? [UInt8(ascii: "0")] : digits
        var bytes: [UInt8] = [digits[0]]
        if digits.count > 1 {
            bytes.append(UInt8(ascii: "."))
            bytes.append(contentsOf: digits[1...])
        }
        let exponent = digits == [UInt8(ascii: "0")] ? 0 : point - 1
        bytes.append(upper ? UInt8(ascii: "E") : UInt8(ascii: "e"))
        bytes.append(exponent < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        let magnitude = String(Swift.abs(exponent))
        if magnitude.count < 2 { bytes.append(UInt8(ascii: "0")) }
        bytes.append(contentsOf: magnitude.utf8)
        return String(decoding: bytes, as: UTF8.self)
    }
}
