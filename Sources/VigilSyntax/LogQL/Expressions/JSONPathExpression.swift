/// The path of a `| json label="expression"` extraction, read as Loki's
/// `jsonexpr` grammar does: fields (`a.b`), keys (`a["b c"]`) and array
/// indexes (`list[0]`), in any combination.
public enum JSONPathComponent: Hashable, Sendable {
    case key(String)
    case index(Int)
}

public enum JSONPathExpression {
    public struct ParseError: Error, CustomStringConvertible, Sendable, Equatable {
        public let message: String
        public var description: String { message }
    }

    /// Parses `a.b[0]["c"]` into `[.key("a"), .key("b"), .index(0), .key("c")]`.
    public static func parse(_ text: String) throws(ParseError) -> [JSONPathComponent] {
        enum Token: Equatable { case dot, open, close, field(String), string(String), index(Int) }
        var tokens: [Token] = []
        let scalars = Array(text.unicodeScalars)
        var index = 0
        func isStart(_ s: Unicode.Scalar) -> Bool {
            (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || s == "_"
        }
        func isDigit(_ s: Unicode.Scalar) -> Bool { s >= "0" && s <= "9" }
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\0" { break }
            if scalar == " " || scalar == "\t" || scalar == "\n" { index += 1; continue }
            if isDigit(scalar) {
                var digits = ""
                while true {
                    let next: Unicode.Scalar? = index < scalars.count ? scalars[index] : nil
                    if next == "." && !digits.isEmpty { throw ParseError(message: "cannot use float as array index") }
                    if let next, next == " " || next == "\t" || next == "\n" || next == "." || next == "]" { break }
                    guard let next, isDigit(next) else {
                        throw ParseError(message: "non-integer value: \(next.map { String(Character($0)) } ?? "")")
                    }
                    digits.unicodeScalars.append(next)
                    index += 1
                }
                guard let value = Int(digits) else { throw ParseError(message: "value out of range: \(digits)") }
                tokens.append(.index(value))
                continue
            }
            switch scalar {
            case "[": tokens.append(.open); index += 1
            case "]": tokens.append(.close); index += 1
            case ".": tokens.append(.dot); index += 1
            case "\"":
                // A key runs to the next `"` or `]`, as Loki's scanner reads it.
                index += 1
                var key = ""
                while index < scalars.count, scalars[index] != "\"", scalars[index] != "]", scalars[index] != "\0" {
                    key.unicodeScalars.append(scalars[index])
                    index += 1
                }
                if index < scalars.count { index += 1 }
                tokens.append(.string(key))
            case _ where isStart(scalar):
                var field = ""
                while index < scalars.count, isStart(scalars[index]) || isDigit(scalars[index]) {
                    field.unicodeScalars.append(scalars[index])
                    index += 1
                }
                tokens.append(.field(field))
            default:
                throw ParseError(message: "unexpected char \(Character(scalar))")
            }
        }
        // values: (field | [key] | [index]) ( [key] | [index] | . field )*
        var components: [JSONPathComponent] = []
        var position = 0
        func syntaxError() -> ParseError { ParseError(message: "syntax error") }
        func bracket() throws(ParseError) -> JSONPathComponent {
            guard position + 2 < tokens.count, tokens[position + 2] == .close else { throw syntaxError() }
            defer { position += 3 }
            switch tokens[position + 1] {
            case .string(let key): return .key(key)
            case .index(let value): return .index(value)
            default: throw syntaxError()
            }
        }
        guard !tokens.isEmpty else { throw syntaxError() }
        switch tokens[0] {
        case .field(let name): components.append(.key(name)); position = 1
        case .open: components.append(try bracket())
        default: throw syntaxError()
        }
        while position < tokens.count {
            switch tokens[position] {
            case .open:
                components.append(try bracket())
            case .dot:
                guard position + 1 < tokens.count, case .field(let name) = tokens[position + 1] else { throw syntaxError() }
                components.append(.key(name))
                position += 2
            default:
                throw syntaxError()
            }
        }
        return components
    }
}
