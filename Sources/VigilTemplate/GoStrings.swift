import Glibc
import VigilCore

/// Go's `strings`, `net` and `strconv` helpers that the Prometheus and Loki
/// function maps expose, with Go's (not Foundation's) semantics.
enum GoStrings {
    /// `unicode.ToUpper` per rune: only one-to-one mappings (Go does not
    /// expand `ß` to `SS`).
    static func toUpper(_ s: String) -> String {
        mapScalars(s, ascii: { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }) { $0.properties.uppercaseMapping }
    }

    static func toLower(_ s: String) -> String {
        mapScalars(s, ascii: { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }) { $0.properties.lowercaseMapping }
    }

    static func toTitle(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let mapped = scalar.properties.titlecaseMapping.unicodeScalars
        return mapped.count == 1 ? mapped.first ?? scalar : scalar
    }

    private static func mapScalars(_ s: String, ascii: (UInt8) -> UInt8, _ mapping: (Unicode.Scalar) -> String) -> String {
        if s.utf8.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: s.utf8.map(ascii), as: UTF8.self)
        }
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            let mapped = mapping(scalar).unicodeScalars
            out.append(mapped.count == 1 ? mapped.first ?? scalar : scalar)
        }
        return String(out)
    }

    private static func isLetter(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    private static func isDigit(_ s: Unicode.Scalar) -> Bool { s.properties.generalCategory == .decimalNumber }

    /// Go's deprecated `strings.Title`: upper-cases the first letter after a
    /// separator (ASCII punctuation and spaces separate; `_` does not).
    static func title(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var previous: Unicode.Scalar = " "
        for scalar in s.unicodeScalars {
            out.append(isSeparator(previous) ? toTitle(scalar) : scalar)
            previous = scalar
        }
        return String(out)
    }

    private static func isSeparator(_ r: Unicode.Scalar) -> Bool {
        if r.value <= 0x7F {
            let b = UInt8(r.value)
            if (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b == 0x5F { return false }
            return true
        }
        if isLetter(r) || isDigit(r) { return false }
        return r.properties.isWhitespace
    }

    /// `cases.Title(language.AmericanEnglish, cases.NoLower)` (Prometheus's
    /// `title`): the first letter of each word is title-cased, the rest is
    /// left alone. A word is a run of letters, digits, marks and apostrophes.
    static func casesTitle(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var inWord = false
        for scalar in s.unicodeScalars {
            let wordChar = isLetter(scalar) || isDigit(scalar) || scalar == "'" || scalar == "’"
                || scalar.properties.generalCategory == .nonspacingMark
            if wordChar && !inWord && isLetter(scalar) {
                out.append(toTitle(scalar))
            } else {
                out.append(scalar)
            }
            inWord = wordChar
        }
        return String(out)
    }

    // MARK: strings package

    /// `strings.Replace(s, old, new, n)`; n < 0 replaces all.
    static func replace(_ s: String, _ old: String, _ new: String, _ n: Int) -> String {
        if n == 0 || old == new { return s }
        let source = Array(s.utf8)
        let oldBytes = Array(old.utf8)
        let newBytes = Array(new.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(source.count)
        var replaced = 0
        var i = 0
        if oldBytes.isEmpty {
            // Go inserts `new` before each rune and at the end.
            var index = 0
            while index <= source.count, n < 0 || replaced < n {
                out.append(contentsOf: newBytes)
                replaced += 1
                if index == source.count { index += 1; break }
                var next = index + 1
                while next < source.count, source[next] & 0xC0 == 0x80 { next += 1 }
                out.append(contentsOf: source[index..<next])
                index = next
            }
            if index < source.count { out.append(contentsOf: source[index...]) }
            return String(decoding: out, as: UTF8.self)
        }
        while i < source.count {
            if (n < 0 || replaced < n), i + oldBytes.count <= source.count, source[i] == oldBytes[0],
               Array(source[i..<i + oldBytes.count]) == oldBytes {
                out.append(contentsOf: newBytes)
                i += oldBytes.count
                replaced += 1
            } else {
                out.append(source[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func trimLeft(_ s: String, cutset: String) -> String {
        let cut = Set(cutset.unicodeScalars)
        let scalars = s.unicodeScalars
        guard let start = scalars.firstIndex(where: { !cut.contains($0) }) else { return "" }
        return String(scalars[start...])
    }

    static func trimRight(_ s: String, cutset: String) -> String {
        let cut = Set(cutset.unicodeScalars)
        let scalars = s.unicodeScalars
        guard let end = scalars.lastIndex(where: { !cut.contains($0) }) else { return "" }
        return String(scalars[...end])
    }

    static func trim(_ s: String, cutset: String) -> String { trimLeft(trimRight(s, cutset: cutset), cutset: cutset) }

    /// `strings.TrimSpace`: Unicode white space at both ends.
    static func trimSpace(_ s: String) -> String {
        let scalars = s.unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let end = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[start...end])
    }

    static func trimPrefix(_ s: String, _ prefix: String) -> String {
        s.utf8.starts(with: prefix.utf8) ? String(decoding: s.utf8.dropFirst(prefix.utf8.count), as: UTF8.self) : s
    }

    static func trimSuffix(_ s: String, _ suffix: String) -> String {
        s.utf8.reversed().starts(with: suffix.utf8.reversed())
            ? String(decoding: s.utf8.dropLast(suffix.utf8.count), as: UTF8.self) : s
    }

    static func contains(_ s: String, _ substring: String) -> Bool {
        if substring.isEmpty { return true }
        return LiteralFinder(substring).occurs(in: s)
    }

    // MARK: net package

    /// `net.SplitHostPort`; nil when the address has no port.
    static func splitHostPort(_ hostPort: String) -> (host: String, port: String)? {
        let bytes = Array(hostPort.utf8)
        guard let lastColon = bytes.lastIndex(of: UInt8(ascii: ":")) else { return nil }
        if bytes.first == UInt8(ascii: "[") {
            guard let close = bytes.firstIndex(of: UInt8(ascii: "]")) else { return nil }
            if close + 1 == bytes.count { return nil }
            guard close + 1 == lastColon else { return nil }
            let host = Array(bytes[1..<close])
            if host.contains(UInt8(ascii: "[")) || host.contains(UInt8(ascii: "]")) { return nil }
            return (String(decoding: host, as: UTF8.self), String(decoding: bytes[(lastColon + 1)...], as: UTF8.self))
        }
        let host = Array(bytes[..<lastColon])
        if host.contains(UInt8(ascii: ":")) || host.contains(UInt8(ascii: "[")) || host.contains(UInt8(ascii: "]")) {
            return nil
        }
        let port = Array(bytes[(lastColon + 1)...])
        if port.contains(UInt8(ascii: "[")) || port.contains(UInt8(ascii: "]")) { return nil }
        return (String(decoding: host, as: UTF8.self), String(decoding: port, as: UTF8.self))
    }

    /// `net.JoinHostPort`.
    static func joinHostPort(_ host: String, _ port: String) -> String {
        host.contains(":") ? "[" + host + "]:" + port : host + ":" + port
    }

    /// Whether `net.ParseIP` accepts the text (IPv4 dotted quad or IPv6).
    static func isIP(_ text: String) -> Bool {
        if text.contains("%") { return false }
        var buffer = [UInt8](repeating: 0, count: 16)
        if text.contains(":") { return inet_pton(AF_INET6, text, &buffer) == 1 }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), let value = Int(part), value <= 255 else {
                return false
            }
            if part.count > 1 && part.hasPrefix("0") { return false }
        }
        return true
    }

    // MARK: url package

    struct EscapeError: Error, CustomStringConvertible {
        let description: String
    }

    /// `url.QueryUnescape`.
    static func queryUnescape(_ s: String) throws -> String {
        let bytes = Array(s.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "%"):
                guard i + 2 < bytes.count, let hi = GoLiterals.hexValue(bytes[i + 1]),
                      let lo = GoLiterals.hexValue(bytes[i + 2]) else {
                    let end = min(i + 3, bytes.count)
                    throw EscapeError(description: "invalid URL escape \(GoString.quote(String(decoding: bytes[i..<end], as: UTF8.self)))")
                }
                out.append(hi << 4 | lo)
                i += 3
            case UInt8(ascii: "+"):
                out.append(0x20)
                i += 1
            default:
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: strconv

    struct NumberError: Error, CustomStringConvertible {
        let function: String
        let text: String
        let reason: String
        var description: String { "strconv.\(function): parsing \(GoString.quote(text)): \(reason)" }
    }

    /// `strconv.ParseFloat(s, 64)`: decimal (no `_`) or hex floats (with a
    /// `p` exponent, `_` allowed), `inf`/`infinity`/`nan` in any case.
    static func parseFloat(_ s: String) throws -> Double {
        switch s.lowercased() {
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        case "nan": return .nan
        default: break
        }
        let invalid = NumberError(function: "ParseFloat", text: s, reason: "invalid syntax")
        var body = Array(s.utf8)[...]
        if let first = body.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { body = body.dropFirst() }
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        if body.count > 2, body.first == UInt8(ascii: "0"), body[body.startIndex + 1] | 0x20 == UInt8(ascii: "x") {
            guard body.contains(where: { $0 | 0x20 == UInt8(ascii: "p") }),
                  let value = Double(s.replacingUnderscores()) else { throw invalid }
            if value.isInfinite { throw NumberError(function: "ParseFloat", text: s, reason: "value out of range") }
            return value
        }
        var i = body.startIndex
        var mantissaDigits = 0
        while i < body.endIndex, isDigit(body[i]) { i += 1; mantissaDigits += 1 }
        if i < body.endIndex, body[i] == UInt8(ascii: ".") {
            i += 1
            while i < body.endIndex, isDigit(body[i]) { i += 1; mantissaDigits += 1 }
        }
        guard mantissaDigits > 0 else { throw invalid }
        if i < body.endIndex, body[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            if i < body.endIndex, body[i] == UInt8(ascii: "+") || body[i] == UInt8(ascii: "-") { i += 1 }
            var exponentDigits = 0
            while i < body.endIndex, isDigit(body[i]) { i += 1; exponentDigits += 1 }
            guard exponentDigits > 0 else { throw invalid }
        }
        guard i == body.endIndex, let value = Double(s) else { throw invalid }
        if value.isInfinite { throw NumberError(function: "ParseFloat", text: s, reason: "value out of range") }
        return value
    }

    /// `strconv.ParseInt(s, base 0 or 10, 64)`.
    static func parseInt(_ s: String, baseZero: Bool) throws -> Int64 {
        if baseZero {
            guard let (negative, magnitude) = GoLiterals.parseInteger(s) else {
                throw NumberError(function: "ParseInt", text: s, reason: "invalid syntax")
            }
            if negative {
                guard magnitude <= UInt64(Int64.max) + 1 else { throw NumberError(function: "ParseInt", text: s, reason: "value out of range") }
                return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
            }
            guard magnitude <= UInt64(Int64.max) else { throw NumberError(function: "ParseInt", text: s, reason: "value out of range") }
            return Int64(magnitude)
        }
        var body = Substring(s)
        if body.hasPrefix("+") || body.hasPrefix("-") { body = body.dropFirst() }
        guard !body.isEmpty, body.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw NumberError(function: "ParseInt", text: s, reason: "invalid syntax")
        }
        guard let value = Int64(s) else { throw NumberError(function: "ParseInt", text: s, reason: "value out of range") }
        return value
    }
}
