import VigilCore

/// Go's `%q` and `%#U` for a rune, as Prometheus's lexer messages print the
/// offending character (`unexpected character: '}'`, `U+0063 'c'`).
enum GoRune {
    /// The rune Go substitutes for invalid UTF-8 and end of input.
    static let replacement: Int32 = 0xFFFD

    static func scalar(_ rune: Int32) -> Unicode.Scalar {
        if rune >= 0, let scalar = Unicode.Scalar(UInt32(rune)) { return scalar }
        return Unicode.Scalar(UInt32(replacement))!
    }

    /// `strconv.QuoteRune`: single quotes, Go escapes for the rest.
    static func quote(_ rune: Int32) -> String {
        GoString.quote(String(Character(scalar(rune))), quote: "'")
    }

    /// `fmt.Sprintf("%#U", r)`: `U+0063 'c'`, the quoted form only when printable.
    static func unicodeNotation(_ rune: Int32) -> String {
        let value = scalar(rune)
        var hex = String(value.value, radix: 16, uppercase: true)
        if hex.count < 4 { hex = String(repeating: "0", count: 4 - hex.count) + hex }
        if GoString.isPrintable(value) { return "U+\(hex) '\(Character(value))'" }
        return "U+\(hex)"
    }
}

/// Decodes one rune the way Go's `utf8.DecodeRune` does: invalid or
/// truncated sequences yield U+FFFD with width 1.
@inline(__always)
func decodeGoRune(_ bytes: [UInt8], at index: Int) -> (rune: Int32, width: Int) {
    let first = bytes[index]
    if first < 0x80 { return (Int32(first), 1) }
    let count = bytes.count
    func continuation(_ offset: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> UInt8? {
        let position = index + offset
        guard position < count else { return nil }
        let byte = bytes[position]
        return byte >= low && byte <= high ? byte : nil
    }
    switch first {
    case 0xC2...0xDF:
        guard let b1 = continuation(1) else { break }
        return (Int32(first & 0x1F) << 6 | Int32(b1 & 0x3F), 2)
    case 0xE0...0xEF:
        let low: UInt8 = first == 0xE0 ? 0xA0 : 0x80
        let high: UInt8 = first == 0xED ? 0x9F : 0xBF
        guard let b1 = continuation(1, low, high), let b2 = continuation(2) else { break }
        return (Int32(first & 0x0F) << 12 | Int32(b1 & 0x3F) << 6 | Int32(b2 & 0x3F), 3)
    case 0xF0...0xF4:
        let low: UInt8 = first == 0xF0 ? 0x90 : 0x80
        let high: UInt8 = first == 0xF4 ? 0x8F : 0xBF
        guard let b1 = continuation(1, low, high), let b2 = continuation(2), let b3 = continuation(3) else { break }
        return (Int32(first & 0x07) << 18 | Int32(b1 & 0x3F) << 12 | Int32(b2 & 0x3F) << 6 | Int32(b3 & 0x3F), 4)
    default:
        break
    }
    return (GoRune.replacement, 1)
}
