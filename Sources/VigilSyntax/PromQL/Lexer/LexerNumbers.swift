import VigilCore

/// Numbers and durations, scanned exactly as Prometheus's `scanNumber` and
/// `acceptRemainingDuration`: the lexer only delimits the token; the
/// parser converts it (and reports Go's conversion errors).
extension PromQLLexer {
    mutating func lexNumberOrDuration() -> Token {
        if scanNumber() { return emit(.number) }
        if acceptRemainingDuration() {
            backup()
            return emit(.duration)
        }
        let text = Array(bytes[start..<pos])
        return error("bad number or duration syntax: \(GoString.quote(utf8: text))")
    }

    /// A duration continues with a unit, then more number/unit pairs, and
    /// must not run into further letters or digits.
    mutating func acceptRemainingDuration() -> Bool {
        if !accept("smhdwy") { return false }
        _ = accept("s")  // `ms`; wrong pairs like `hs` are caught when the duration is parsed
        while accept({ isDigit($0) }) {
            while accept({ isDigit($0) }) {}
            if !accept("smhdw") { return false }
            _ = accept("s")
        }
        return !isAlphaNumeric(next())
    }

    /// Decimal, hexadecimal, with dots, exponents and digit-separating
    /// underscores; the token need not be a valid number yet.
    mutating func scanNumber() -> Bool {
        let initialPos = pos
        var hexadecimal = false
        if accept("0") && accept("xX") {
            _ = accept("_")
            hexadecimal = true
        }
        let isNumberDigit: (Int32) -> Bool = hexadecimal
            ? { isDigit($0) || ($0 >= 0x61 && $0 <= 0x66) || ($0 >= 0x41 && $0 <= 0x46) }
            : { isDigit($0) }
        _ = accept(".")
        _ = accept(isNumberDigit)
        var dotConsumed = false
        var exponentConsumed = false
        while true {
            let rune = peek()
            guard isNumberDigit(rune) || rune == ascii(".") || rune == ascii("_")
                    || rune == ascii("e") || rune == ascii("E") else { break }
            if rune == ascii(".") && dotConsumed {
                _ = accept(".")
                return false
            }
            if (rune == ascii("e") || rune == ascii("E")) && exponentConsumed {
                _ = accept("eE")
                return false
            }
            if accept(".") {
                dotConsumed = true
                if accept("_.") { return false }
                // Fractional hexadecimal literals are not allowed.
                if hexadecimal { return false }
                continue
            }
            if accept("eE") {
                exponentConsumed = true
                _ = accept("+-")
                if accept("._eE") || peek() == -1 { return false }
                continue
            }
            if accept("_") {
                if accept("._eE") || peek() == -1 { return false }
                continue
            }
            while accept(isNumberDigit) {}
        }
        if pos == initialPos { return false }
        return !isAlphaNumeric(peek())
    }
}
