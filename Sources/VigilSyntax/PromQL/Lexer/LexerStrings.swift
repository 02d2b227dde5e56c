/// Quoted strings: Go escapes in `"…"` and `'…'`, none in backticks. The
/// lexer validates escapes; `GoStrconv.unquoteBytes` turns the token into bytes.
extension PromQLLexer {
    mutating func lexString(quote: Int32) -> Token {
        while true {
            let rune = next()
            switch rune {
            case ascii("\\"):
                if let failure = lexEscape(quote: quote) { return error(failure) }
            case GoRune.replacement:
                return error("invalid UTF-8 rune")
            case -1, ascii("\n"):
                return error("unterminated quoted string")
            case quote:
                return emit(.string)
            default:
                continue
            }
        }
    }

    mutating func lexRawString() -> Token {
        while true {
            switch next() {
            case GoRune.replacement: return error("invalid UTF-8 rune")
            case -1: return error("unterminated raw string")
            case ascii("`"): return emit(.string)
            default: continue
            }
        }
    }

    /// One escape sequence after a backslash; returns a message if it is invalid.
    mutating func lexEscape(quote: Int32) -> String? {
        var digits: Int
        var base: UInt32
        var maxValue: UInt32
        var rune = next()
        switch rune {
        case ascii("a"), ascii("b"), ascii("f"), ascii("n"), ascii("r"), ascii("t"), ascii("v"), ascii("\\"), quote:
            return nil
        case ascii("0")...ascii("7"):
            (digits, base, maxValue) = (3, 8, 255)
        case ascii("x"):
            rune = next()
            (digits, base, maxValue) = (2, 16, 255)
        case ascii("u"):
            rune = next()
            (digits, base, maxValue) = (4, 16, 0x10FFFF)
        case ascii("U"):
            rune = next()
            (digits, base, maxValue) = (8, 16, 0x10FFFF)
        case -1:
            return "escape sequence not terminated"
        default:
            return "unknown escape sequence \(GoRune.unicodeNotation(rune))"
        }
        var value: UInt32 = 0
        while digits > 0 {
            let digit = digitValue(rune)
            if digit >= base {
                if rune == -1 { return "escape sequence not terminated" }
                return "illegal character \(GoRune.unicodeNotation(rune)) in escape sequence"
            }
            value = value &* base &+ digit
            digits -= 1
            if digits > 0 { rune = next() }
        }
        if value > maxValue || (0xD800..<0xE000).contains(value) {
            return "escape sequence is an invalid Unicode code point"
        }
        return nil
    }

    private func digitValue(_ rune: Int32) -> UInt32 {
        switch rune {
        case ascii("0")...ascii("9"): return UInt32(rune - ascii("0"))
        case ascii("a")...ascii("f"): return UInt32(rune - ascii("a") + 10)
        case ascii("A")...ascii("F"): return UInt32(rune - ascii("A") + 10)
        default: return 16
        }
    }
}
