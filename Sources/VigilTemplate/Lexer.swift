import VigilCore

/// Go's `text/template/parse` lexer: text, `{{ }}` actions with `{{- ` and
/// ` -}}` trim markers, `{{/* */}}` comments, and the tokens inside actions.
/// It runs on the template's bytes and produces the same items (and the
/// same error texts) as Go's, so that parse errors read alike.
struct Item: Sendable {
    enum Kind: Int, Sendable {
        case error, bool, char, charConstant, complex, assign, declare, eof, field, identifier, leftDelim
        case leftParen, number, pipe, rawString, rightDelim, rightParen, space, string, text, variable
        // Keywords come after this marker, as in Go.
        case keyword
        case block, breakKeyword, continueKeyword, dot, define, elseKeyword, end, ifKeyword, nilKeyword
        case range, template, with
    }
    var kind: Kind
    var position: Int
    var value: String
    var line: Int

    var isKeyword: Bool { kind.rawValue > Kind.keyword.rawValue }
}

extension Item: CustomStringConvertible {
    /// Go's `item.String()`, used in "unexpected X in Y" errors.
    var description: String {
        switch kind {
        case .eof: return "EOF"
        case .error: return value
        default:
            if isKeyword { return "<\(value)>" }
            let scalars = Array(value.unicodeScalars)
            if scalars.count > 10 {
                var prefix = ""
                prefix.unicodeScalars.append(contentsOf: scalars[0..<10])
                return GoString.quote(prefix) + "..."
            }
            return GoString.quote(value)
        }
    }
}

struct Lexer {
    private let input: [UInt8]
    private let breakOK: Bool
    private let continueOK: Bool
    private var position = 0
    private var start = 0
    private var width = 0
    private var parenDepth = 0
    private var line = 1
    private var startLine = 1
    private var state: State? = .text
    private var pending: [Item] = []

    private enum State { case text, leftDelim, comment, rightDelim, insideAction, space, identifier, field, variable,
                              char, number, quote, rawQuote }

    private static let leftDelim: [UInt8] = Array("{{".utf8)
    private static let rightDelim: [UInt8] = Array("}}".utf8)
    private static let eofRune: UInt32 = 0xFFFF_FFFF

    init(input: [UInt8], breakOK: Bool, continueOK: Bool) {
        self.input = input
        self.breakOK = breakOK
        self.continueOK = continueOK
    }

    /// The next item; after an error or EOF it keeps returning EOF.
    mutating func nextItem() -> Item {
        while pending.isEmpty {
            guard let current = state else {
                return Item(kind: .eof, position: input.count, value: "", line: line)
            }
            state = step(current)
        }
        return pending.removeFirst()
    }

    // MARK: Rune access

    private mutating func next() -> UInt32 {
        guard position < input.count else { width = 0; return Lexer.eofRune }
        let (scalar, size) = Lexer.decode(input, at: position)
        width = size
        position += size
        if scalar == 0x0A { line += 1 }
        return scalar
    }

    private mutating func peek() -> UInt32 {
        let r = next()
        backup()
        return r
    }

    private mutating func backup() {
        position -= width
        if width == 1, input[position] == 0x0A { line -= 1 }
    }

    /// Decodes one UTF-8 scalar; an invalid byte decodes as U+FFFD of width 1, as in Go.
    static func decode(_ bytes: [UInt8], at index: Int) -> (UInt32, Int) {
        let first = bytes[index]
        if first < 0x80 { return (UInt32(first), 1) }
        var iterator = bytes[index...].makeIterator()
        var decoder = UTF8()
        if case .scalarValue(let scalar) = decoder.decode(&iterator) {
            return (scalar.value, UTF8.width(scalar))
        }
        return (0xFFFD, 1)
    }

    private func text(_ range: Range<Int>) -> String { String(decoding: input[range], as: UTF8.self) }

    private func hasPrefix(_ prefix: [UInt8], at index: Int) -> Bool {
        guard index >= 0, index + prefix.count <= input.count else { return false }
        for offset in 0..<prefix.count where input[index + offset] != prefix[offset] { return false }
        return true
    }

    private mutating func emit(_ kind: Item.Kind) {
        pending.append(Item(kind: kind, position: start, value: text(start..<position), line: startLine))
        start = position
        startLine = line
    }

    private mutating func ignore() {
        line += input[start..<position].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        start = position
        startLine = line
    }

    private mutating func errorf(_ message: String) -> State? {
        pending.append(Item(kind: .error, position: start, value: message, line: startLine))
        return nil
    }

    private mutating func accept(_ valid: String) -> Bool {
        let r = next()
        if r != Lexer.eofRune, let scalar = Unicode.Scalar(r), valid.unicodeScalars.contains(scalar) { return true }
        backup()
        return false
    }

    private mutating func acceptRun(_ valid: String) {
        while true {
            let r = next()
            guard r != Lexer.eofRune, let scalar = Unicode.Scalar(r), valid.unicodeScalars.contains(scalar) else { break }
        }
        backup()
    }

    // MARK: States

    private mutating func step(_ current: State) -> State? {
        switch current {
        case .text: return lexText()
        case .leftDelim: return lexLeftDelim()
        case .comment: return lexComment()
        case .rightDelim: return lexRightDelim()
        case .insideAction: return lexInsideAction()
        case .space: return lexSpace()
        case .identifier: return lexIdentifier()
        case .field: return lexFieldOrVariable(.field)
        case .variable:
            if atTerminator() { emit(.variable); return .insideAction }
            return lexFieldOrVariable(.variable)
        case .char: return lexChar()
        case .number: return lexNumber()
        case .quote: return lexQuote()
        case .rawQuote: return lexRawQuote()
        }
    }

    private mutating func lexText() -> State? {
        width = 0
        if let found = firstIndex(of: Lexer.leftDelim, from: position) {
            position = found
            var trimLength = 0
            if hasLeftTrimMarker(at: position + Lexer.leftDelim.count) {
                var index = position
                while index > start, Lexer.isSpaceByte(input[index - 1]) { index -= 1 }
                trimLength = position - index
            }
            position -= trimLength
            if position > start {
                line += input[start..<position].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                emit(.text)
            }
            position += trimLength
            ignore()
            return .leftDelim
        }
        position = input.count
        if position > start {
            line += input[start..<position].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            emit(.text)
            return .text
        }
        emit(.eof)
        return nil
    }

    private func firstIndex(of needle: [UInt8], from: Int) -> Int? {
        var index = from
        while index + needle.count <= input.count {
            if input[index] == needle[0], hasPrefix(needle, at: index) { return index }
            index += 1
        }
        return nil
    }

    private static func isSpaceByte(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }

    private func hasLeftTrimMarker(at index: Int) -> Bool {
        index + 1 < input.count && input[index] == UInt8(ascii: "-") && Lexer.isSpaceByte(input[index + 1])
    }

    private func hasRightTrimMarker(at index: Int) -> Bool {
        index >= 0 && index + 1 < input.count && Lexer.isSpaceByte(input[index]) && input[index + 1] == UInt8(ascii: "-")
    }

    private func atRightDelim() -> (delim: Bool, trim: Bool) {
        if hasRightTrimMarker(at: position), hasPrefix(Lexer.rightDelim, at: position + 2) { return (true, true) }
        if hasPrefix(Lexer.rightDelim, at: position) { return (true, false) }
        return (false, false)
    }

    private func leftTrimLength(from index: Int) -> Int {
        var end = index
        while end < input.count, Lexer.isSpaceByte(input[end]) { end += 1 }
        return end - index
    }

    private mutating func lexLeftDelim() -> State? {
        position += Lexer.leftDelim.count
        let trim = hasLeftTrimMarker(at: position)
        let afterMarker = trim ? 2 : 0
        if hasPrefix(Array("/*".utf8), at: position + afterMarker) {
            position += afterMarker
            ignore()
            return .comment
        }
        emit(.leftDelim)
        position += afterMarker
        ignore()
        parenDepth = 0
        return .insideAction
    }

    private mutating func lexComment() -> State? {
        position += 2
        guard let end = firstIndex(of: Array("*/".utf8), from: position) else { return errorf("unclosed comment") }
        position = end + 2
        let (delim, trim) = atRightDelim()
        if !delim { return errorf("comment ends before closing delimiter") }
        if trim { position += 2 }
        position += Lexer.rightDelim.count
        if trim { position += leftTrimLength(from: position) }
        ignore()
        return .text
    }

    private mutating func lexRightDelim() -> State? {
        let trim = hasRightTrimMarker(at: position)
        if trim {
            position += 2
            ignore()
        }
        position += Lexer.rightDelim.count
        emit(.rightDelim)
        if trim {
            position += leftTrimLength(from: position)
            ignore()
        }
        return .text
    }

    private mutating func lexInsideAction() -> State? {
        let (delim, _) = atRightDelim()
        if delim {
            if parenDepth == 0 { return .rightDelim }
            return errorf("unclosed left paren")
        }
        let r = next()
        switch r {
        case Lexer.eofRune: return errorf("unclosed action")
        case 0x20, 0x09, 0x0D, 0x0A:
            backup()
            return .space
        case UInt32(UInt8(ascii: "=")): emit(.assign)
        case UInt32(UInt8(ascii: ":")):
            if next() != UInt32(UInt8(ascii: "=")) { return errorf("expected :=") }
            emit(.declare)
        case UInt32(UInt8(ascii: "|")): emit(.pipe)
        case UInt32(UInt8(ascii: "\"")): return .quote
        case UInt32(UInt8(ascii: "`")): return .rawQuote
        case UInt32(UInt8(ascii: "$")): return .variable
        case UInt32(UInt8(ascii: "'")): return .char
        case UInt32(UInt8(ascii: ".")):
            if position < input.count, input[position] < UInt8(ascii: "0") || input[position] > UInt8(ascii: "9") {
                return .field
            }
            backup()
            return .number
        case UInt32(UInt8(ascii: "+")), UInt32(UInt8(ascii: "-")), 0x30...0x39:
            backup()
            return .number
        case UInt32(UInt8(ascii: "(")):
            emit(.leftParen)
            parenDepth += 1
        case UInt32(UInt8(ascii: ")")):
            emit(.rightParen)
            parenDepth -= 1
            if parenDepth < 0 { return errorf("unexpected right paren \(Lexer.formatU(r))") }
        default:
            if Lexer.isAlphaNumeric(r) {
                backup()
                return .identifier
            }
            if r < 0x80, r >= 0x20, r < 0x7F {
                emit(.char)
                return .insideAction
            }
            return errorf("unrecognized character in action: \(Lexer.formatU(r))")
        }
        return .insideAction
    }

    private mutating func lexSpace() -> State? {
        var spaces = 0
        while true {
            let r = peek()
            guard r == 0x20 || r == 0x09 || r == 0x0D || r == 0x0A else { break }
            _ = next()
            spaces += 1
        }
        // A trim-marked right delimiter starts with a space: leave it alone.
        if hasRightTrimMarker(at: position - 1), hasPrefix(Lexer.rightDelim, at: position - 1 + 2) {
            backup()
            if spaces == 1 { return .rightDelim }
        }
        emit(.space)
        return .insideAction
    }

    private mutating func lexIdentifier() -> State? {
        while true {
            let r = next()
            if Lexer.isAlphaNumeric(r) { continue }
            backup()
            let word = text(start..<position)
            if !atTerminator() { return errorf("bad character \(Lexer.formatU(r))") }
            if let keyword = Lexer.keyword(word) {
                if (keyword == .breakKeyword && !breakOK) || (keyword == .continueKeyword && !continueOK) {
                    emit(.identifier)
                } else {
                    emit(keyword)
                }
            } else if word == "true" || word == "false" {
                emit(.bool)
            } else {
                emit(.identifier)
            }
            return .insideAction
        }
    }

    static func keyword(_ word: String) -> Item.Kind? {
        switch word {
        case ".": return .dot
        case "block": return .block
        case "break": return .breakKeyword
        case "continue": return .continueKeyword
        case "define": return .define
        case "else": return .elseKeyword
        case "end": return .end
        case "if": return .ifKeyword
        case "range": return .range
        case "nil": return .nilKeyword
        case "template": return .template
        case "with": return .with
        default: return nil
        }
    }

    private mutating func lexFieldOrVariable(_ kind: Item.Kind) -> State? {
        if atTerminator() {
            emit(kind == .variable ? .variable : .dot)
            return .insideAction
        }
        var r: UInt32
        repeat { r = next() } while Lexer.isAlphaNumeric(r)
        backup()
        if !atTerminator() { return errorf("bad character \(Lexer.formatU(r))") }
        emit(kind)
        return .insideAction
    }

    private mutating func atTerminator() -> Bool {
        let r = peek()
        switch r {
        case 0x20, 0x09, 0x0D, 0x0A, Lexer.eofRune: return true
        case UInt32(UInt8(ascii: ".")), UInt32(UInt8(ascii: ",")), UInt32(UInt8(ascii: "|")),
             UInt32(UInt8(ascii: ":")), UInt32(UInt8(ascii: ")")), UInt32(UInt8(ascii: "(")),
             UInt32(UInt8(ascii: "}")):
            return true
        default: return false
        }
    }

    private mutating func lexChar() -> State? {
        while true {
            switch next() {
            case UInt32(UInt8(ascii: "\\")):
                let r = next()
                if r != Lexer.eofRune && r != 0x0A { continue }
                return errorf("unterminated character constant")
            case Lexer.eofRune, 0x0A:
                return errorf("unterminated character constant")
            case UInt32(UInt8(ascii: "'")):
                emit(.charConstant)
                return .insideAction
            default: continue
            }
        }
    }

    private mutating func lexNumber() -> State? {
        if !scanNumber() { return errorf("bad number syntax: \(GoString.quote(text(start..<position)))") }
        let sign = peek()
        if sign == UInt32(UInt8(ascii: "+")) || sign == UInt32(UInt8(ascii: "-")) {
            if !scanNumber() || input[position - 1] != UInt8(ascii: "i") {
                return errorf("bad number syntax: \(GoString.quote(text(start..<position)))")
            }
            emit(.complex)
        } else {
            emit(.number)
        }
        return .insideAction
    }

    private mutating func scanNumber() -> Bool {
        _ = accept("+-")
        var digits = "0123456789_"
        if accept("0") {
            if accept("xX") { digits = "0123456789abcdefABCDEF_" }
            else if accept("oO") { digits = "01234567_" }
            else if accept("bB") { digits = "01_" }
        }
        acceptRun(digits)
        if accept(".") { acceptRun(digits) }
        if digits.count == 11, accept("eE") {
            _ = accept("+-")
            acceptRun("0123456789_")
        }
        if digits.count == 23, accept("pP") {
            _ = accept("+-")
            acceptRun("0123456789_")
        }
        _ = accept("i")
        if Lexer.isAlphaNumeric(peek()) {
            _ = next()
            return false
        }
        return true
    }

    private mutating func lexQuote() -> State? {
        while true {
            switch next() {
            case UInt32(UInt8(ascii: "\\")):
                let r = next()
                if r != Lexer.eofRune && r != 0x0A { continue }
                return errorf("unterminated quoted string")
            case Lexer.eofRune, 0x0A:
                return errorf("unterminated quoted string")
            case UInt32(UInt8(ascii: "\"")):
                emit(.string)
                return .insideAction
            default: continue
            }
        }
    }

    private mutating func lexRawQuote() -> State? {
        while true {
            switch next() {
            case Lexer.eofRune: return errorf("unterminated raw quoted string")
            case UInt32(UInt8(ascii: "`")):
                emit(.rawString)
                return .insideAction
            default: continue
            }
        }
    }

    // MARK: Character classes

    /// Go's `r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)`.
    static func isAlphaNumeric(_ r: UInt32) -> Bool {
        if r == UInt32(UInt8(ascii: "_")) { return true }
        if r < 0x80 {
            return (r >= 0x30 && r <= 0x39) || (r >= 0x41 && r <= 0x5A) || (r >= 0x61 && r <= 0x7A)
        }
        guard r != eofRune, let scalar = Unicode.Scalar(r) else { return false }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber:
            return true
        default:
            return false
        }
    }

    /// Go's `%#U`: `U+0041 'A'`, or just `U+00A0` when not printable.
    static func formatU(_ r: UInt32) -> String {
        let value = r == eofRune ? UInt32(0xFFFF_FFFF) : r
        if r == eofRune { return "U+FFFFFFFFFFFFFFFF" }
        var hex = String(value, radix: 16, uppercase: true)
        if hex.count < 4 { hex = String(repeating: "0", count: 4 - hex.count) + hex }
        var out = "U+" + hex
        if let scalar = Unicode.Scalar(value), GoString.isPrintable(scalar) {
            out += " '" + String(Character(scalar)) + "'"
        }
        return out
    }
}
