import Foundation
import VigilCore

/// The Go libraries behind Loki's template functions: spf13/cast's
/// conversions (sprig's `toInt64`/`toFloat64`), shopspring/decimal
/// arithmetic (sprig's `addf`...), go-humanize's `ParseBytes`,
/// `encoding/base64` and `encoding/json` decoding into Go values.
enum LokiSupport {
    // MARK: cast

    /// `cast.ToInt64`: numbers truncate, strings parse (base 0, `.0` trimmed),
    /// bools are 0/1, anything else 0.
    static func toInt64(_ value: TemplateValue) -> Int64 {
        switch value {
        case .int(let i, _): return i
        case .duration(let d): return d
        case .float(let f):
            // Go's out-of-range float→int64 conversion yields MinInt64 on amd64.
            guard f.isFinite, abs(f) < 9.2e18 else { return Int64.min }
            return Int64(f)
        case .bool(let b): return b ? 1 : 0
        case .string(let s, _):
            return (try? GoStrings.parseInt(trimZeroDecimal(s), baseZero: true)) ?? 0
        default: return 0
        }
    }

    /// `cast.ToFloat64`.
    static func toFloat64(_ value: TemplateValue) -> Double {
        switch value {
        case .int(let i, let type): return type.isUnsigned ? Double(UInt64(bitPattern: i)) : Double(i)
        case .duration(let d): return Double(d)
        case .float(let f): return f
        case .bool(let b): return b ? 1 : 0
        case .string(let s, _): return (try? GoStrings.parseFloat(s)) ?? 0
        default: return 0
        }
    }

    /// cast's trimZeroDecimal: "3.000" → "3".
    static func trimZeroDecimal(_ s: String) -> String {
        guard let dot = s.lastIndex(of: "."), dot != s.startIndex else { return s }
        let fraction = s[s.index(after: dot)...]
        guard !fraction.isEmpty, fraction.allSatisfy({ $0 == "0" }) else { return s }
        return String(s[..<dot])
    }

    // MARK: decimal

    enum DecimalOperation { case add, subtract, multiply, divide }

    /// sprig's execDecimalOp: folds the values as shopspring decimals
    /// (exact sums and products; quotients rounded to 16 decimal places,
    /// half away from zero) and returns the nearest float64.
    static func decimalFold(_ first: TemplateValue, _ rest: [TemplateValue], _ operation: DecimalOperation) throws -> Double {
        var result = try decimal(toFloat64(first))
        for value in rest {
            var operand = try decimal(toFloat64(value))
            var output = Decimal()
            switch operation {
            case .add: _ = NSDecimalAdd(&output, &result, &operand, .plain)
            case .subtract: _ = NSDecimalSubtract(&output, &result, &operand, .plain)
            case .multiply: _ = NSDecimalMultiply(&output, &result, &operand, .plain)
            case .divide:
                if operand.isZero { throw TemplateFunctionError("decimal division by 0") }
                var quotient = Decimal()
                _ = NSDecimalDivide(&quotient, &result, &operand, .plain)
                NSDecimalRound(&output, &quotient, 16, .plain)
            }
            result = output
        }
        return Double(result.description) ?? 0
    }

    /// `decimal.NewFromFloat`: the shortest decimal that round-trips.
    private static func decimal(_ value: Double) throws -> Decimal {
        guard value.isFinite else {
            throw TemplateFunctionError("Cannot create a Decimal from \(value.isNaN ? "NaN" : (value > 0 ? "+Inf" : "-Inf"))")
        }
        return Decimal(string: GoFloat.format(value, .f)) ?? Decimal(value)
    }

    // MARK: go-humanize

    private static let byteSizes: [String: Double] = [
        "b": 1, "": 1,
        "kib": 1024, "ki": 1024, "kb": 1000, "k": 1000,
        "mib": 1_048_576, "mi": 1_048_576, "mb": 1e6, "m": 1e6,
        "gib": 1_073_741_824, "gi": 1_073_741_824, "gb": 1e9, "g": 1e9,
        "tib": 1_099_511_627_776, "ti": 1_099_511_627_776, "tb": 1e12, "t": 1e12,
        "pib": 1_125_899_906_842_624, "pi": 1_125_899_906_842_624, "pb": 1e15, "p": 1e15,
        "eib": 1_152_921_504_606_846_976, "ei": 1_152_921_504_606_846_976, "eb": 1e18, "e": 1e18,
    ]

    /// `humanize.ParseBytes`: "42 MB" → 42000000, "1.5KiB" → 1536.
    static func parseBytes(_ s: String) throws -> UInt64 {
        let scalars = Array(s.unicodeScalars)
        var lastDigit = 0
        var number = ""
        for scalar in scalars {
            guard scalar.properties.generalCategory == .decimalNumber || scalar == "." || scalar == "," else { break }
            if scalar != "," { number.unicodeScalars.append(scalar) }
            lastDigit += 1
        }
        let f = try GoStrings.parseFloat(number)
        var extra = String.UnicodeScalarView()
        extra.append(contentsOf: scalars[lastDigit...])
        let unit = GoStrings.toLower(GoStrings.trimSpace(String(extra)))
        guard let multiplier = byteSizes[unit] else { throw TemplateFunctionError("unhandled size name: \(unit)") }
        let bytes = f * multiplier
        if bytes >= 1.8446744073709552e19 { throw TemplateFunctionError("too large: \(s)") }
        return bytes <= 0 ? 0 : UInt64(bytes)
    }

    // MARK: base64

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func base64Encode(_ s: String) -> String {
        let bytes = Array(s.utf8)
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let b0 = bytes[i], b1 = i + 1 < bytes.count ? bytes[i + 1] : 0, b2 = i + 2 < bytes.count ? bytes[i + 2] : 0
            out.append(alphabet[Int(b0 >> 2)])
            out.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            out.append(i + 1 < bytes.count ? alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            out.append(i + 2 < bytes.count ? alphabet[Int(b2 & 0x3F)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `base64.StdEncoding.DecodeString`; the error names the offending byte
    /// as Go does (`illegal base64 data at input byte N`).
    static func base64Decode(_ s: String) throws -> String {
        let input = Array(s.utf8).filter { $0 != 0x0A && $0 != 0x0D }
        var out: [UInt8] = []
        var quantum: [UInt8] = []
        var index = 0
        func illegal(_ at: Int) -> TemplateFunctionError { TemplateFunctionError("illegal base64 data at input byte \(at)") }
        while index < input.count {
            let c = input[index]
            if c == UInt8(ascii: "=") {
                // Padding: only after 2 or 3 symbols, and then only "=" to the end.
                let have = quantum.count
                guard have >= 2 else { throw illegal(index) }
                let needed = 4 - have
                guard index + needed == input.count, input[index...].allSatisfy({ $0 == UInt8(ascii: "=") }) else {
                    throw illegal(index + (input[index...].firstIndex { $0 != UInt8(ascii: "=") } ?? input.count) - index)
                }
                break
            }
            guard let value = alphabet.firstIndex(of: c) else { throw illegal(index) }
            quantum.append(UInt8(value))
            if quantum.count == 4 {
                out.append(quantum[0] << 2 | quantum[1] >> 4)
                out.append(quantum[1] << 4 | quantum[2] >> 2)
                out.append(quantum[2] << 6 | quantum[3])
                quantum.removeAll(keepingCapacity: true)
            }
            index += 1
        }
        switch quantum.count {
        case 0: break
        case 1: throw illegal(input.count - 1)
        case 2:
            if index == input.count && !input.isEmpty && input.last != UInt8(ascii: "=") { throw illegal(input.count) }
            out.append(quantum[0] << 2 | quantum[1] >> 4)
        default:
            if index == input.count && input.last != UInt8(ascii: "=") { throw illegal(input.count) }
            out.append(quantum[0] << 2 | quantum[1] >> 4)
            out.append(quantum[1] << 4 | quantum[2] >> 2)
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: JSON

    /// `json.Unmarshal` into `interface{}`: objects become
    /// `map[string]interface {}`, arrays `[]interface {}`, numbers float64.
    static func decodeJSON(_ text: String) -> TemplateValue? {
        var parser = JSONReader(bytes: Array(text.utf8))
        guard let value = parser.value(depth: 0) else { return nil }
        parser.skipSpace()
        return parser.index == parser.bytes.count ? value : nil
    }

    private struct JSONReader {
        let bytes: [UInt8]
        var index = 0

        mutating func skipSpace() {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D {
                index += 1
            }
        }

        mutating func literal(_ word: String) -> Bool {
            let w = Array(word.utf8)
            guard index + w.count <= bytes.count, Array(bytes[index..<index + w.count]) == w else { return false }
            index += w.count
            return true
        }

        mutating func value(depth: Int) -> TemplateValue? {
            guard depth < 1000 else { return nil }
            skipSpace()
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                index += 1
                var pairs: [(String, TemplateValue)] = []
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .map(TemplateMap(pairs)) }
                while true {
                    skipSpace()
                    guard let key = string() else { return nil }
                    skipSpace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
                    index += 1
                    guard let element = value(depth: depth + 1) else { return nil }
                    pairs.append((key, element))
                    skipSpace()
                    guard index < bytes.count else { return nil }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    if bytes[index] == UInt8(ascii: "}") { index += 1; return .map(TemplateMap(pairs)) }
                    return nil
                }
            case UInt8(ascii: "["):
                index += 1
                var elements: [TemplateValue] = []
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .list(TemplateList(elements)) }
                while true {
                    guard let element = value(depth: depth + 1) else { return nil }
                    elements.append(element)
                    skipSpace()
                    guard index < bytes.count else { return nil }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    if bytes[index] == UInt8(ascii: "]") { index += 1; return .list(TemplateList(elements)) }
                    return nil
                }
            case UInt8(ascii: "\""):
                return string().map { .string($0) }
            case UInt8(ascii: "t"): return literal("true") ? .bool(true) : nil
            case UInt8(ascii: "f"): return literal("false") ? .bool(false) : nil
            case UInt8(ascii: "n"): return literal("null") ? TemplateValue.none : nil
            default:
                let start = index
                while index < bytes.count, "+-.eE0123456789".utf8.contains(bytes[index]) { index += 1 }
                let text = String(decoding: bytes[start..<index], as: UTF8.self)
                guard !text.isEmpty, let number = try? GoStrings.parseFloat(text), number.isFinite else { return nil }
                return .float(number)
            }
        }

        mutating func string() -> String? {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
            index += 1
            var out: [UInt8] = []
            while index < bytes.count {
                let c = bytes[index]
                if c == UInt8(ascii: "\"") { index += 1; return String(decoding: out, as: UTF8.self) }
                if c < 0x20 { return nil }
                if c != UInt8(ascii: "\\") { out.append(c); index += 1; continue }
                guard index + 1 < bytes.count else { return nil }
                let e = bytes[index + 1]
                index += 2
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    guard let unit = hex4() else { return nil }
                    var scalarValue = UInt32(unit)
                    if (0xD800..<0xDC00).contains(unit), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                       bytes[index + 1] == UInt8(ascii: "u") {
                        index += 2
                        guard let low = hex4() else { return nil }
                        scalarValue = 0x10000 + (UInt32(unit) - 0xD800) << 10 + (UInt32(low) - 0xDC00)
                    }
                    out.append(contentsOf: String(Character(Unicode.Scalar(scalarValue) ?? "\u{FFFD}")).utf8)
                default: return nil
                }
            }
            return nil
        }

        mutating func hex4() -> UInt16? {
            guard index + 4 <= bytes.count else { return nil }
            var value: UInt16 = 0
            for offset in 0..<4 {
                guard let digit = GoLiterals.hexValue(bytes[index + offset]) else { return nil }
                value = value << 4 | UInt16(digit)
            }
            index += 4
            return value
        }
    }
}
