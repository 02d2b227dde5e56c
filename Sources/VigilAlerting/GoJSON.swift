import VigilCore

/// JSON text exactly as Go's `encoding/json` writes it, so that Vigil's
/// payloads are byte-for-byte what Prometheus sends: strings escape `<`, `>`,
/// `&` (HTML-safe mode, the `json.Marshal` default), U+2028 and U+2029;
/// control characters use `\b \f \n \r \t` (Go 1.22+) or `\u00xx`; map
/// keys are sorted byte-wise.
enum GoJSON {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            switch scalar.value {
            case 0x22: out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case 0x5C: out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x08: out += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: out += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x00..<0x20, 0x3C, 0x3E, 0x26, 0x2028, 0x2029:
                let value = scalar.value
                out += [UInt8(ascii: "\\"), UInt8(ascii: "u")]
                for shift in stride(from: 12, through: 0, by: -4) {
                    out.append(hexDigits[Int((value >> UInt32(shift)) & 0xF)])
                }
            default:
                UTF8.encode(scalar) { out.append($0) }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// A Go `map[string]string`: keys sorted byte-wise.
    static func appendStringMap(_ pairs: [(String, String)], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        for (index, pair) in pairs.sorted(by: { GoString.less($0.0, $1.0) }).enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendString(pair.0, to: &out)
            out.append(UInt8(ascii: ":"))
            appendString(pair.1, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    static func quoted(_ text: String) -> String {
        var out: [UInt8] = []
        appendString(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
