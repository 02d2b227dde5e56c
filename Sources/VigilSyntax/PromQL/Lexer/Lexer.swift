import VigilCore

/// PromQL's lexer, a byte-level port of Prometheus's state machine in
/// `promql/parser/lex.go`: the same tokens, the same context rules (label
/// matchers inside braces, duration expressions inside brackets) and the
/// same error messages. Comments are dropped. Scanning is one forward pass.
struct PromQLLexer {
    let bytes: [UInt8]
    /// Current position.
    var pos = 0
    /// Start of the token being scanned.
    var start = 0
    /// Width of the last rune read, for `backup()`.
    var width = 0

    var parenDepth = 0
    var braceOpen = false
    var bracketOpen = false
    var gotColon = false
    /// Tokens scanned since the last `[`: a `:` must follow at least one.
    var tokensInBracket = 0

    /// The message of the `.error` token, if scanning stopped at one.
    var errorMessage = ""

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    struct Result {
        /// All tokens up to and including the first `.eof` or `.error`.
        var tokens: [Token]
        var errorMessage: String
    }

    static func tokenize(_ bytes: [UInt8]) -> Result {
        var lexer = PromQLLexer(bytes)
        var tokens: [Token] = []
        tokens.reserveCapacity(bytes.count / 3 + 1)
        while true {
            let token = lexer.nextToken()
            tokens.append(token)
            if token.kind == .eof || token.kind == .error {
                return Result(tokens: tokens, errorMessage: lexer.errorMessage)
            }
        }
    }

    mutating func nextToken() -> Token {
        while true {
            let token: Token?
            if braceOpen {
                token = lexInsideBraces()
            } else if bracketOpen {
                token = lexDurationExpression()
            } else {
                token = lexStatements()
            }
            if let token {
                if bracketOpen && token.kind != .leftBracket { tokensInBracket += 1 }
                return token
            }
        }
    }

    // MARK: Rune access

    @inline(__always)
    mutating func next() -> Int32 {
        guard pos < bytes.count else { width = 0; return -1 }
        let (rune, runeWidth) = decodeGoRune(bytes, at: pos)
        width = runeWidth
        pos += runeWidth
        return rune
    }

    @inline(__always)
    mutating func backup() { pos -= width }

    @inline(__always)
    mutating func peek() -> Int32 {
        let rune = next()
        backup()
        return rune
    }

    @inline(__always)
    mutating func accept(_ valid: (Int32) -> Bool) -> Bool {
        if valid(next()) { return true }
        backup()
        return false
    }

    @inline(__always)
    mutating func accept(_ ascii: StaticString) -> Bool {
        accept { rune in PromQLLexer.contains(ascii, rune) }
    }

    static func contains(_ set: StaticString, _ rune: Int32) -> Bool {
        guard rune >= 0 && rune < 0x80 else { return false }
        let byte = UInt8(rune)
        return set.withUTF8Buffer { $0.contains(byte) }
    }

    // MARK: Emitting

    mutating func emit(_ kind: TokenKind) -> Token {
        let token = Token(kind: kind, start: start, end: pos)
        start = pos
        return token
    }

    mutating func error(_ message: String) -> Token {
        errorMessage = message
        return Token(kind: .error, start: start, end: bytes.count)
    }

    mutating func ignore() { start = pos }

    mutating func skipSpaces() {
        while pos < bytes.count, isSpace(Int32(bytes[pos])) { pos += 1 }
        ignore()
    }

    mutating func skipComment() {
        while pos < bytes.count, bytes[pos] != UInt8(ascii: "\n"), bytes[pos] != UInt8(ascii: "\r") { pos += 1 }
        ignore()
    }

    var atComment: Bool { pos < bytes.count && bytes[pos] == UInt8(ascii: "#") }

    // MARK: States

    /// Outside braces and brackets.
    mutating func lexStatements() -> Token? {
        if atComment { skipComment(); return nil }
        let rune = next()
        switch rune {
        case -1:
            if parenDepth != 0 { return error("unclosed left parenthesis") }
            if bracketOpen { return error("unclosed left bracket") }
            return emit(.eof)
        case ascii(","): return emit(.comma)
        case _ where isSpace(rune): skipSpaces(); return nil
        case ascii("*"): return emit(.mul)
        case ascii("/"): return emit(.div)
        case ascii("%"): return emit(.mod)
        case ascii("+"): return emit(.add)
        case ascii("-"): return emit(.sub)
        case ascii("^"): return emit(.pow)
        case ascii("="):
            let following = peek()
            if following == ascii("=") { _ = next(); return emit(.eqlc) }
            if following == ascii("~") { return error("unexpected character after '=': \(GoRune.quote(following))") }
            return emit(.assign)
        case ascii("!"):
            let following = next()
            if following != ascii("=") { return error("unexpected character after '!': \(GoRune.quote(following))") }
            return emit(.neq)
        case ascii("<"):
            if peek() == ascii("=") { _ = next(); return emit(.lte) }
            if peek() == ascii("/") { _ = next(); return emit(.trimUpper) }
            return emit(.lss)
        case ascii(">"):
            if peek() == ascii("=") { _ = next(); return emit(.gte) }
            if peek() == ascii("/") { _ = next(); return emit(.trimLower) }
            return emit(.gtr)
        case _ where isDigit(rune) || (rune == ascii(".") && isDigit(peek())):
            backup()
            return lexNumberOrDuration()
        case ascii("\""), ascii("'"):
            return lexString(quote: rune)
        case ascii("`"):
            return lexRawString()
        case _ where isAlpha(rune) || rune == ascii(":"):
            backup()
            return lexKeywordOrIdentifier()
        case ascii("("):
            parenDepth += 1
            return emit(.leftParen)
        case ascii(")"):
            let token = emit(.rightParen)
            parenDepth -= 1
            if parenDepth < 0 { return error("unexpected right parenthesis ')'") }
            return token
        case ascii("{"):
            braceOpen = true
            return emit(.leftBrace)
        case ascii("["):
            let token = emit(.leftBracket)
            gotColon = false
            tokensInBracket = 0
            skipSpaces()
            bracketOpen = true
            return token
        case ascii("]"):
            return error("unexpected right bracket ']'")
        case ascii("@"):
            return emit(.at)
        default:
            return error("unexpected character: \(GoRune.quote(rune))")
        }
    }

    /// Inside `{...}`: label names are plain identifiers, keywords are not recognised.
    mutating func lexInsideBraces() -> Token? {
        if atComment { skipComment(); return nil }
        let rune = next()
        switch rune {
        case -1:
            return error("unexpected end of input inside braces")
        case _ where isSpace(rune):
            skipSpaces()
            return nil
        case _ where isAlpha(rune):
            while isAlphaNumeric(next()) {}
            backup()
            return emit(.identifier)
        case ascii(","):
            return emit(.comma)
        case ascii("\""), ascii("'"):
            return lexString(quote: rune)
        case ascii("`"):
            return lexRawString()
        case ascii("="):
            if next() == ascii("~") { return emit(.eqlRegex) }
            backup()
            return emit(.assign)
        case ascii("!"):
            let following = next()
            if following == ascii("~") { return emit(.neqRegex) }
            if following == ascii("=") { return emit(.neq) }
            return error("unexpected character after '!' inside braces: \(GoRune.quote(following))")
        case ascii("{"):
            return error("unexpected left brace '{'")
        case ascii("}"):
            braceOpen = false
            return emit(.rightBrace)
        default:
            return error("unexpected character inside braces: \(GoRune.quote(rune))")
        }
    }

    /// Inside `[...]`: numbers, durations, arithmetic, and the duration
    /// functions `step()`, `range()`, `min_of()`, `max_of()`.
    mutating func lexDurationExpression() -> Token? {
        let rune = next()
        switch rune {
        case -1:
            return error("unexpected end of input in duration expression")
        case ascii("]"):
            bracketOpen = false
            gotColon = false
            return emit(.rightBracket)
        case ascii(":"):
            if tokensInBracket == 0 { return error("unexpected colon before duration in duration expression") }
            if gotColon { return error("unexpected repeated colon in duration expression") }
            gotColon = true
            return emit(.colon)
        case ascii("("):
            parenDepth += 1
            return emit(.leftParen)
        case ascii(")"):
            let token = emit(.rightParen)
            parenDepth -= 1
            if parenDepth < 0 { return error("unexpected right parenthesis ')'") }
            return token
        case _ where isSpace(rune):
            skipSpaces()
            return nil
        case ascii("+"): return emit(.add)
        case ascii("-"): return emit(.sub)
        case ascii("*"): return emit(.mul)
        case ascii("/"): return emit(.div)
        case ascii("%"): return emit(.mod)
        case ascii("^"): return emit(.pow)
        case ascii(","): return emit(.comma)
        case _ where isAlpha(rune):
            while isAlpha(next()) {}
            backup()
            switch asciiLowercased(bytes[start..<pos]) {
            case "step": return emit(.step)
            case "range": return emit(.range)
            case "min_of": return emit(.minOf)
            case "max_of": return emit(.maxOf)
            default: return error("unexpected character: \(GoRune.quote(rune)), expected ':'")
            }
        case _ where isDigit(rune) || (rune == ascii(".") && isDigit(peek())):
            backup()
            return lexNumberOrDuration()
        default:
            return error("unexpected character in duration expression: \(GoRune.quote(rune))")
        }
    }

    mutating func lexKeywordOrIdentifier() -> Token {
        while true {
            let rune = next()
            if !(isAlphaNumeric(rune) || rune == ascii(":")) { break }
        }
        backup()
        let word = bytes[start..<pos]
        if let keyword = promQLKeywords[asciiLowercased(word)] {
            // `fill`, `fill_left`, `fill_right` are keywords only before `(`,
            // so existing metrics with those names keep working.
            if keyword == .fill || keyword == .fillLeft || keyword == .fillRight, !followedByLeftParen() {
                return emit(.identifier)
            }
            return emit(keyword)
        }
        return emit(word.contains(UInt8(ascii: ":")) ? .metricIdentifier : .identifier)
    }

    func followedByLeftParen() -> Bool {
        var index = pos
        while index < bytes.count, isSpace(Int32(bytes[index])) { index += 1 }
        return index < bytes.count && bytes[index] == UInt8(ascii: "(")
    }
}

// MARK: Character classes (ASCII only, as Prometheus's)

@inline(__always) func ascii(_ character: Unicode.Scalar) -> Int32 { Int32(character.value) }

@inline(__always) func isSpace(_ rune: Int32) -> Bool {
    rune == 0x20 || rune == 0x09 || rune == 0x0A || rune == 0x0D
}

@inline(__always) func isDigit(_ rune: Int32) -> Bool { rune >= 0x30 && rune <= 0x39 }

@inline(__always) func isAlpha(_ rune: Int32) -> Bool {
    rune == 0x5F || (rune >= 0x61 && rune <= 0x7A) || (rune >= 0x41 && rune <= 0x5A)
}

@inline(__always) func isAlphaNumeric(_ rune: Int32) -> Bool { isAlpha(rune) || isDigit(rune) }

func asciiLowercased(_ bytes: ArraySlice<UInt8>) -> String {
    String(decoding: bytes.lazy.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
}
