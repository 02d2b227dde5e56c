/// JSON strings exactly as the Go programs Vigil stands in for write them,
/// so payloads and API answers are byte-for-byte the same:
/// - `.encodingJSON`: Go's `encoding/json` (`json.Marshal`, Go 1.22+), which
///   Prometheus's notifier uses for Alertmanager payloads: `\b \f \n \r \t`,
///   other control characters as `\u00xx`, and HTML-safe `<`, `>`, `&`,
///   U+2028, U+2029 as `\u....`;
/// - `.jsoniter(htmlSafe:)`: the jsoniter encoders of Prometheus's and
///   Loki's HTTP APIs: only `\n \r \t` have short forms; HTML-safe mode
///   escapes `<`, `>`, `&`, U+2028 and U+2029 as `encoding/json` does.
public enum GoJSON {
    public enum Style: Sendable, Equatable {
        case encodingJSON
        case jsoniter(htmlSafe: Bool)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    public static func appendString(_ text: String, style: Style = .encodingJSON, to out: inout [UInt8]) {
        let shortControls = style == .encodingJSON
        let htmlSafe = style != .jsoniter(htmlSafe: false)
        out.append(UInt8(ascii: "\""))
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x22: out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case 0x5C: out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x08 where shortControls: out += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C where shortControls: out += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0x00..<0x20: appendUnicodeEscape(scalar.value, to: &out)
            // (A `where` clause would bind only to the last pattern of a list.)
            case 0x3C, 0x3E, 0x26, 0x2028, 0x2029:
                if htmlSafe { appendUnicodeEscape(scalar.value, to: &out) } else { UTF8.encode(scalar) { out.append($0) } }
            default: UTF8.encode(scalar) { out.append($0) }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    public static func quote(_ text: String, style: Style = .encodingJSON) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 2)
        appendString(text, style: style, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// A Go `map[string]string` as `encoding/json` writes it: keys sorted byte-wise.
    public static func appendStringMap(_ pairs: [(String, String)], style: Style = .encodingJSON,
                                       to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        for (index, pair) in pairs.sorted(by: { GoString.less($0.0, $1.0) }).enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendString(pair.0, style: style, to: &out)
            out.append(UInt8(ascii: ":"))
            appendString(pair.1, style: style, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    private static func appendUnicodeEscape(_ value: UInt32, to out: inout [UInt8]) {
        out += [UInt8(ascii: "\\"), UInt8(ascii: "u")]
        for shift in stride(from: 12, through: 0, by: -4) {
            out.append(hexDigits[Int((value >> UInt32(shift)) & 0xF)])
        }
    }
}
