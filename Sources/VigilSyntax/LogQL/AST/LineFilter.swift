/// A line filter: `|= "a"`, `!= "b"`, `|~ "re"`, `!~ "re"`, `|> "<_> x"`,
/// `!> "pattern"`, optionally with `ip("...")` and `or` alternatives.
public struct LineFilter: Hashable, Sendable {
    public enum Operation: String, Hashable, Sendable, CaseIterable {
        case contains = "|="
        case notContains = "!="
        case matches = "|~"
        case notMatches = "!~"
        case pattern = "|>"
        case notPattern = "!>"

        public var isNegated: Bool { self == .notContains || self == .notMatches || self == .notPattern }
    }

    /// One operand: a string, or `ip("pattern")`.
    public struct Operand: Hashable, Sendable {
        public var value: String
        public var isIP: Bool

        public init(_ value: String, isIP: Bool = false) {
            self.value = value
            self.isIP = isIP
        }
    }

    public var operation: Operation
    public var operand: Operand
    /// `|= "a" or "b" or "c"`: further operands, any of which may match.
    /// Negated filters never have alternatives: the parser turns
    /// `!= "a" or "b"` into `!= "a" != "b"`, as Loki does.
    public var alternatives: [Operand]

    public init(operation: Operation, operand: Operand, alternatives: [Operand] = []) {
        self.operation = operation
        self.operand = operand
        self.alternatives = alternatives
    }
}
