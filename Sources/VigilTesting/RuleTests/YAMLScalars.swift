import VigilCore
import VigilRules
import VigilStorage
import Yams

/// The scalar types of the test file that rule files do not have, decoded
/// as promtool's YAML library (gopkg.in/yaml.v2, YAML 1.1) resolves them.
extension StrictYAML {
    /// A `float64`: plain numbers (with `_`, `0x`/`0o`/`0b` and leading-`0`
    /// octal integers), `.inf`, `-.inf`, `.nan`; null is 0. Quoted text and
    /// booleans are type errors, as in yaml.v2.
    mutating func float(_ node: Node) -> Double {
        if StrictYAML.isNull(node) { return 0 }
        guard case .scalar(let scalar) = node else {
            fail(node, "cannot unmarshal \(StrictYAML.tagName(node)) into float64")
            return 0
        }
        if scalar.style == .plain, let value = YAMLNumber.float(scalar.string) { return value }
        let tag = scalar.style == .plain && YAMLNumber.bool(scalar.string) != nil ? "!!bool" : "!!str"
        fail(node, "cannot unmarshal \(tag) `\(scalar.string)` into float64")
        return 0
    }

    /// A `bool` in YAML 1.1's spellings (`true`, `yes`, `on`, `y`, …); null is false.
    mutating func bool(_ node: Node) -> Bool {
        if StrictYAML.isNull(node) { return false }
        if case .scalar(let scalar) = node, scalar.style == .plain, let value = YAMLNumber.bool(scalar.string) {
            return value
        }
        let text = (node.scalar?.string).map { " `\($0)`" } ?? ""
        fail(node, "cannot unmarshal \(StrictYAML.tagName(node))\(text) into bool")
        return false
    }

    /// promtool's `start_timestamp`: Unix seconds (a float, as Go's
    /// `strconv.ParseFloat` reads it) or RFC 3339; Unix milliseconds,
    /// rounded down as Prometheus's `timestamp.FromTime` does.
    mutating func startTimestamp(_ node: Node) -> Int64 {
        if StrictYAML.isNull(node) { return 0 }
        let text = string(node)
        if let seconds = Double(text), seconds.isFinite {
            // Go: time.Unix(int64(whole), int64(fraction * 1e9)).
            // Beyond ±9.2e9 s the nanoseconds overflow Int64 (Go's conversion is undefined there).
            guard abs(seconds) < 9.2e9 else {
                fail(node, "cannot parse \(GoString.quote(text)) to a valid timestamp")
                return 0
            }
            let whole = seconds.rounded(.towardZero)
            let nanos = Int64(whole) * 1_000_000_000 + Int64((seconds - whole) * 1e9)
            return TestTime.absolute(nanos).millisecondsRoundedDown
        }
        if let nanos = LogTimestamp.rfc3339(text) { return TestTime.absolute(nanos).millisecondsRoundedDown }
        fail(node, "cannot parse \(GoString.quote(text)) to a valid timestamp")
        return 0
    }

    /// A Vigil time field: a duration after the start (`at`), or an absolute
    /// `timestamp` given as integer Unix nanoseconds (grafana/loki PR 20484)
    /// or RFC 3339.
    mutating func absoluteTime(_ node: Node) -> TestTime? {
        if StrictYAML.isNull(node) { return nil }
        guard case .scalar(let scalar) = node else {
            fail(node, "cannot unmarshal \(StrictYAML.tagName(node)) into a timestamp")
            return nil
        }
        if scalar.style == .plain, let nanos = Int64(scalar.string) { return .absolute(nanos) }
        if let nanos = LogTimestamp.rfc3339(scalar.string) { return .absolute(nanos) }
        fail(node, "cannot parse \(GoString.quote(scalar.string)) as a timestamp (Unix nanoseconds or RFC 3339)")
        return nil
    }
}

extension TestTime {
    /// Unix milliseconds, rounded towards negative infinity.
    var millisecondsRoundedDown: Int64 {
        guard case .absolute(let nanos) = self else { return 0 }
        let (quotient, remainder) = nanos.quotientAndRemainder(dividingBy: 1_000_000)
        return remainder < 0 ? quotient - 1 : quotient
    }
}

/// yaml.v2's resolution of plain scalars to numbers and booleans.
enum YAMLNumber {
    static func bool(_ text: String) -> Bool? {
        switch text {
        case "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE": return true
        case "n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE": return false
        default: return nil
        }
    }

    static func float(_ text: String) -> Double? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        let plain = String(text.filter { $0 != "_" })
        if let integer = integer(plain) { return integer }
        // yaml.v2's float pattern: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
        var bytes = Array(plain.utf8)[...]
        if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        let isDigit = { (byte: UInt8) in byte >= 0x30 && byte <= 0x39 }
        let integerDigits = bytes.prefix(while: isDigit).count
        bytes = bytes.dropFirst(integerDigits)
        var fractionDigits = 0
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            fractionDigits = bytes.prefix(while: isDigit).count
            bytes = bytes.dropFirst(fractionDigits)
            if integerDigits == 0 && fractionDigits == 0 { return nil }
        } else if integerDigits == 0 {
            return nil
        }
        if let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            let exponentDigits = bytes.prefix(while: isDigit).count
            guard exponentDigits > 0 else { return nil }
            bytes = bytes.dropFirst(exponentDigits)
        }
        guard bytes.isEmpty else { return nil }
        return Double(plain)
    }

    /// Go's `strconv.ParseInt(text, 0, 64)` (then `ParseUint`), which
    /// yaml.v2 tries first: `0x`, `0o`, `0b` prefixes and leading-zero octal.
    private static func integer(_ text: String) -> Double? {
        var digits = Substring(text)
        var negative = false
        if digits.hasPrefix("-") { negative = true; digits = digits.dropFirst() } else if digits.hasPrefix("+") { digits = digits.dropFirst() }
        var radix = 10
        let lower = digits.lowercased()
        if lower.hasPrefix("0x") { radix = 16; digits = digits.dropFirst(2) }
        else if lower.hasPrefix("0o") { radix = 8; digits = digits.dropFirst(2) }
        else if lower.hasPrefix("0b") { radix = 2; digits = digits.dropFirst(2) }
        else if digits.count > 1 && digits.hasPrefix("0") { radix = 8; digits = digits.dropFirst() }
        guard !digits.isEmpty, let magnitude = UInt64(digits, radix: radix) else { return nil }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return -Double(magnitude)
        }
        return Double(magnitude)
    }
}
