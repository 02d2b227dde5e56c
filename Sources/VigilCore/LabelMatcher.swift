/// A label matcher (`name="v"`, `!=`, `=~`, `!~`) with Prometheus semantics:
/// regexes match the whole value (`^(?s:re)$`), and a missing label matches
/// as the empty string. Shared by PromQL and LogQL selectors and the
/// postings index.
public struct LabelMatcher: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case equal = "="
        case notEqual = "!="
        case regexMatch = "=~"
        case regexNoMatch = "!~"
    }

    public let kind: Kind
    public let name: String
    public let value: String
    /// How the regex is matched; `nil` for `=` and `!=`.
    public let pattern: CompiledPattern?

    public init(_ kind: Kind, _ name: String, _ value: String) throws(RE2Regex.CompileError) {
        self.kind = kind
        self.name = name
        self.value = value
        switch kind {
        case .equal, .notEqual: pattern = nil
        case .regexMatch, .regexNoMatch: pattern = try CompiledPattern(anchoredPattern: value)
        }
    }

    /// Whether `value` (the label's value, "" when missing) satisfies this matcher.
    @inlinable
    public func matches(_ candidate: String) -> Bool {
        switch kind {
        case .equal: return candidate == value
        case .notEqual: return candidate != value
        case .regexMatch: return pattern!.matches(candidate)
        case .regexNoMatch: return !pattern!.matches(candidate)
        }
    }

    /// Whether the matcher selects series that lack the label.
    public var matchesEmpty: Bool { matches("") }

    public var description: String {
        let renderedName = GoString.isLegacyLabelName(name) ? name : GoString.quote(name)
        return renderedName + kind.rawValue + GoString.quote(value)
    }

    public static func == (lhs: LabelMatcher, rhs: LabelMatcher) -> Bool {
        lhs.kind == rhs.kind && lhs.name == rhs.name && lhs.value == rhs.value
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind); hasher.combine(name); hasher.combine(value)
    }
}

/// A fully anchored regex with fast paths for the shapes label matchers
/// take in practice (`a|b|c`, `prefix.*`, `.*`, `.+`) before RE2 is asked.
public struct CompiledPattern: Sendable {
    public enum Shortcut: Sendable, Equatable {
        /// Matches exactly one of these strings.
        case literals(Set<String>)
        /// Matches any string with this prefix.
        case prefix(String)
        case anything
        case anythingNonEmpty
    }

    public let regex: RE2Regex
    public let shortcut: Shortcut?

    public init(anchoredPattern pattern: String) throws(RE2Regex.CompileError) {
        regex = try RE2Regex(pattern, options: [.dotMatchesNewline])
        shortcut = CompiledPattern.shortcut(for: pattern)
    }

    @inlinable
    public func matches(_ candidate: String) -> Bool {
        switch shortcut {
        case .literals(let set)?: return set.contains(candidate)
        case .prefix(let prefix)?: return candidate.utf8.starts(with: prefix.utf8)
        case .anything?: return true
        case .anythingNonEmpty?: return !candidate.isEmpty
        case nil: return regex.fullMatch(candidate)
        }
    }

    /// The exact set of values this pattern matches, when it is a finite
    /// alternation of literals; lets the postings index look values up
    /// instead of scanning every value of the label.
    public var literalAlternatives: Set<String>? {
        if case .literals(let set)? = shortcut { return set }
        return nil
    }

    static let metacharacters = Set("\\.+*?()|[]{}^$".utf8)

    static func shortcut(for pattern: String) -> Shortcut? {
        if pattern == ".*" { return .anything }
        if pattern == ".+" { return .anythingNonEmpty }
        var body = pattern
        // Strip one redundant group: `(a|b)` is common in generated queries.
        if body.hasPrefix("("), body.hasSuffix(")"), !body.hasPrefix("(?"),
           balancedOuterGroup(body) {
            body = String(body.dropFirst().dropLast())
        }
        if body.hasSuffix(".*") {
            let prefix = String(body.dropLast(2))
            if !prefix.utf8.contains(where: metacharacters.contains) { return .prefix(prefix) }
            return nil
        }
        let alternatives = body.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        if alternatives.allSatisfy({ !$0.utf8.contains(where: metacharacters.contains) }) {
            return .literals(Set(alternatives))
        }
        return nil
    }

    private static func balancedOuterGroup(_ text: String) -> Bool {
        var depth = 0
        let bytes = Array(text.utf8)
        for (index, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "\\") { return false }
            if byte == UInt8(ascii: "(") { depth += 1 }
            if byte == UInt8(ascii: ")") {
                depth -= 1
                if depth == 0 && index != bytes.count - 1 { return false }
            }
        }
        return depth == 0
    }
}
