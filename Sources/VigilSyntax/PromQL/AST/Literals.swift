/// A float literal: `1`, `0x1F`, `Inf`, `-2.5e3`, or a duration used as a
/// number (`5m` is 300). Unary minus on a literal is folded into it.
public struct NumberLiteral: Hashable, Sendable {
    public var value: Double
    /// Written as a duration (`5m`): printed back as one.
    public var isDuration: Bool
    public var sourceRange: SourceRange

    public init(value: Double, isDuration: Bool = false, sourceRange: SourceRange) {
        self.value = value
        self.isDuration = isDuration
        self.sourceRange = sourceRange
    }

    /// Folds a unary minus into the literal. A duration has no negative
    /// zero (`-0s` prints as `0s`), so it stays positive.
    mutating func negate(if condition: Bool) {
        guard condition else { return }
        value = -value
        if isDuration && value == 0 { value = 0 }
    }

    public static func == (lhs: NumberLiteral, rhs: NumberLiteral) -> Bool {
        literalValuesEqual(lhs.value, rhs.value) && lhs.isDuration == rhs.isDuration
    }

    public func hash(into hasher: inout Hasher) {
        hashLiteralValue(value, into: &hasher)
        hasher.combine(isDuration)
    }
}

/// A string literal in any of the three quote styles, unescaped.
public struct StringLiteral: Hashable, Sendable {
    /// The exact bytes: Go escapes like `\xff` can produce invalid UTF-8,
    /// which Prometheus keeps (and rejects later, e.g. as a label name).
    public let bytes: [UInt8]
    /// The bytes decoded as UTF-8 (invalid sequences become U+FFFD).
    public let value: String
    public var sourceRange: SourceRange

    public init(bytes: [UInt8], sourceRange: SourceRange) {
        self.bytes = bytes
        self.value = String(decoding: bytes, as: UTF8.self)
        self.sourceRange = sourceRange
    }

    public init(_ value: String, sourceRange: SourceRange) {
        self.init(bytes: Array(value.utf8), sourceRange: sourceRange)
    }

    /// Whether `bytes` is valid UTF-8 (a valid label name or value in Prometheus 3).
    public var isValidUTF8: Bool { Array(value.utf8) == bytes }

    public static func == (lhs: StringLiteral, rhs: StringLiteral) -> Bool { lhs.bytes == rhs.bytes }
    public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }
}
