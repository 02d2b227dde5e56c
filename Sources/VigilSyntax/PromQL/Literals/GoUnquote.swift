/// The bytes a string token stands for. The lexer has already validated
/// the escapes, so this never fails. Like Go, `\xFF` and `\377` produce
/// raw bytes (possibly invalid UTF-8); `\u` and `\U` produce UTF-8.
enum GoUnquote {
    static func bytes(of token: ArraySlice<UInt8>) -> [UInt8] {
        guard token.count >= 2 else { return [] }
        let quote = token[token.startIndex]
        let body = token.dropFirst().dropLast()
        if quote == UInt8(ascii: "`") { return Array(body) }
        var out: [UInt8] = []
        out.reserveCapacity(body.count)
        var index = body.startIndex
        while index < body.endIndex {
            let byte = body[index]
            index += 1
            guard byte == UInt8(ascii: "\\"), index < body.endIndex else {
                out.append(byte)
                continue
            }
            let escape = body[index]
            index += 1
            switch escape {
            case UInt8(ascii: "a"): out.append(0x07)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "v"): out.append(0x0B)
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = UInt32(escape - UInt8(ascii: "0"))
                for _ in 0..<2 where index < body.endIndex {
                    value = value * 8 + UInt32(body[index] - UInt8(ascii: "0"))
                    index += 1
                }
                out.append(UInt8(truncatingIfNeeded: value))
            case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
                let count = escape == UInt8(ascii: "x") ? 2 : (escape == UInt8(ascii: "u") ? 4 : 8)
                var value: UInt32 = 0
                for _ in 0..<count where index < body.endIndex {
                    value = value &* 16 &+ hexValue(body[index])
                    index += 1
                }
                if escape == UInt8(ascii: "x") {
                    out.append(UInt8(truncatingIfNeeded: value))
                } else if let scalar = Unicode.Scalar(value) {
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                }
            default:
                // `\\`, `\"`, `\'`: the character itself.
                out.append(escape)
            }
        }
        return out
    }

    private static func hexValue(_ byte: UInt8) -> UInt32 {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return 0
        }
    }
}
