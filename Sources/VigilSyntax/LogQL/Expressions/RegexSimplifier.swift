/// What a LogQL regex reduces to when Loki can replace it with literal
/// searches (its `RegexSimplifier`): `error|warn` is two substring tests,
/// `(?i)info` a case-insensitive one. Label filters (`anchored`) turn a bare
/// literal into an equality test, but, as in Loki, `/api/.*` becomes a
/// substring test, not a prefix test.
public indirect enum LiteralFilterShape: Hashable, Sendable {
    /// The line (or label value) contains the bytes; case-insensitive bytes are stored lower-cased.
    case contains([UInt8], caseInsensitive: Bool)
    /// The value equals the bytes.
    case equal([UInt8], caseInsensitive: Bool)
    case or(LiteralFilterShape, LiteralFilterShape)
    /// Matches everything (`.*`, the empty regex).
    case always
    /// Matches any non-empty input (`.+`).
    case nonEmpty
}

/// Go's `regexp/syntax` parse of the regex shapes that can reduce to
/// literals (literals, `(?i)`, groups, alternation, `.*`, `.+`), including
/// the alternation factoring Go's parser does (`abc|abd` is `ab(?:c|d)`,
/// then `ab[c-d]`), followed by Loki's simplification rules. Anything else
/// is left to RE2.
public enum LogQLRegexShape {
    public static func simplify(_ pattern: String, anchored: Bool) -> LiteralFilterShape? {
        var parser = ShapeParser(Array(pattern.unicodeScalars))
        guard let node = parser.parse() else { return nil }
        var simplifier = LokiSimplifier(isLabel: anchored)
        return simplifier.simplify(node)
    }

    public static func reducesToLiterals(_ pattern: String, anchored: Bool) -> Bool {
        simplify(pattern, anchored: anchored) != nil
    }
}

/// A regex node of the supported subset, with Go's `FoldCase` flag.
indirect enum ShapeNode: Equatable {
    case literal([Unicode.Scalar], fold: Bool)
    case concat([ShapeNode], fold: Bool)
    case alternate([ShapeNode], fold: Bool)
    case capture(ShapeNode)
    /// `.*`; `dotAll` when `(?s)` makes it match newlines too.
    case starAny(dotAll: Bool)
    case plusAny(dotAll: Bool)
    case emptyMatch
    /// A single-rune class from factoring or anything outside the subset.
    case other

    var isCaseInsensitive: Bool {
        switch self {
        case .literal(_, let fold), .concat(_, let fold), .alternate(_, let fold): return fold
        default: return false
        }
    }
}

/// Recursive descent over the pattern's scalars, tracking the `i` and `s`
/// flags; returns nil on syntax it does not model (RE2 then decides).
struct ShapeParser {
    let scalars: [Unicode.Scalar]
    var index = 0

    init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

    mutating func parse() -> ShapeNode? {
        var flags = (fold: false, dotAll: false)
        guard let node = parseAlternation(&flags), index == scalars.count else { return nil }
        return node
    }

    mutating func parseAlternation(_ flags: inout (fold: Bool, dotAll: Bool)) -> ShapeNode? {
        var branches: [ShapeNode] = []
        let startFold = flags.fold
        while true {
            guard let branch = parseConcat(&flags) else { return nil }
            branches.append(branch)
            guard index < scalars.count, scalars[index] == "|" else { break }
            index += 1
        }
        if branches.count == 1 { return branches[0] }
        return GoAlternationFactoring.factor(branches, fold: startFold)
    }

    mutating func parseConcat(_ flags: inout (fold: Bool, dotAll: Bool)) -> ShapeNode? {
        var items: [ShapeNode] = []
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "|" || scalar == ")" { break }
            switch scalar {
            case "(":
                index += 1
                guard let group = parseGroup(&flags) else { return nil }
                if let group { items.append(group) }
                continue
            case ".":
                index += 1
                if index < scalars.count, scalars[index] == "*" || scalars[index] == "+" {
                    let star = scalars[index] == "*"
                    index += 1
                    if index < scalars.count, scalars[index] == "?" { index += 1 }
                    items.append(star ? .starAny(dotAll: flags.dotAll) : .plusAny(dotAll: flags.dotAll))
                } else {
                    items.append(.other)
                }
                continue
            case "\\":
                guard index + 1 < scalars.count else { return nil }
                let escaped = scalars[index + 1]
                index += 2
                guard let literal = Self.escapedLiteral(escaped) else {
                    items.append(.other)
                    continue
                }
                items.append(.literal([literal], fold: flags.fold && Self.hasCaseVariants(literal)))
            case "[", "^", "$":
                return nil
            case "*", "+", "?", "{":
                // A quantifier applies to the last single rune (or group): not a literal shape.
                if scalar == "{", !Self.isRepeat(scalars, from: index) {
                    index += 1
                    items.append(.literal([scalar], fold: false))
                    continue
                }
                return nil
            default:
                index += 1
                items.append(.literal([scalar], fold: flags.fold && Self.hasCaseVariants(scalar)))
            }
        }
        return Self.concat(items, fold: flags.fold)
    }

    /// After `(`: a flag group `(?i)`, a scoped `(?i:...)`, a non-capturing
    /// `(?:...)`, a named or plain capture. `.some(nil)` for a bare flag change.
    mutating func parseGroup(_ flags: inout (fold: Bool, dotAll: Bool)) -> ShapeNode?? {
        var inner = flags
        if index < scalars.count, scalars[index] == "?" {
            index += 1
            if index < scalars.count, scalars[index] == "P" || scalars[index] == "<" {
                if scalars[index] == "P" { index += 1 }
                guard index < scalars.count, scalars[index] == "<" else { return nil }
                while index < scalars.count, scalars[index] != ">" { index += 1 }
                guard index < scalars.count else { return nil }
                index += 1
            } else {
                var negate = false
                var sawFlag = false
                while index < scalars.count {
                    let scalar = scalars[index]
                    index += 1
                    switch scalar {
                    case "i": inner.fold = !negate; sawFlag = true
                    case "s": inner.dotAll = !negate; sawFlag = true
                    case "m", "U": sawFlag = true
                    case "-": if negate { return nil }; negate = true
                    case ")":
                        guard sawFlag else { return nil }
                        flags = inner
                        return .some(nil)
                    case ":":
                        guard let body = parseAlternation(&inner), index < scalars.count, scalars[index] == ")"
                        else { return nil }
                        index += 1
                        return .some(body)
                    default: return nil
                    }
                }
                return nil
            }
        }
        guard let body = parseAlternation(&inner), index < scalars.count, scalars[index] == ")" else { return nil }
        index += 1
        return .some(.capture(body))
    }

    /// Go's `maybeConcat`: adjacent literals with the same fold flag merge.
    static func concat(_ items: [ShapeNode], fold: Bool) -> ShapeNode {
        var merged: [ShapeNode] = []
        for item in items {
            if case .literal(let next, let nextFold) = item, case .literal(let previous, let previousFold)? = merged.last,
               nextFold == previousFold {
                merged[merged.count - 1] = .literal(previous + next, fold: nextFold)
            } else {
                merged.append(item)
            }
        }
        if merged.isEmpty { return .emptyMatch }
        if merged.count == 1 { return merged[0] }
        return .concat(merged, fold: fold)
    }

    /// The literal an escape stands for, or nil for classes and assertions.
    static func escapedLiteral(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar {
        case "n": return "\n"
        case "t": return "\t"
        case "r": return "\r"
        case "f": return "\u{0C}"
        case "v": return "\u{0B}"
        case "a": return "\u{07}"
        default:
            if scalar.value < 0x80, !(scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)) { return scalar }
            return nil
        }
    }

    /// Whether `{` at `index` starts a repetition `{n}`, `{n,}`, `{n,m}` (else it is literal).
    static func isRepeat(_ scalars: [Unicode.Scalar], from index: Int) -> Bool {
        var i = index + 1
        var digits = 0
        while i < scalars.count, ("0"..."9").contains(scalars[i]) { i += 1; digits += 1 }
        if digits == 0 { return false }
        if i < scalars.count, scalars[i] == "," {
            i += 1
            while i < scalars.count, ("0"..."9").contains(scalars[i]) { i += 1 }
        }
        return i < scalars.count && scalars[i] == "}"
    }

    static func hasCaseVariants(_ scalar: Unicode.Scalar) -> Bool {
        let text = String(scalar)
        return text.lowercased() != text || text.uppercased() != text
    }
}

/// Go's `parser.factor` rounds 1, 3 and 4 for alternations: common literal
/// prefixes of consecutive branches are pulled out, runs of single
/// characters become a class, runs of empty matches collapse.
enum GoAlternationFactoring {
    static func factor(_ branches: [ShapeNode], fold: Bool) -> ShapeNode {
        var result: [ShapeNode] = []
        var start = 0
        var prefix: [Unicode.Scalar] = []
        var prefixFold = false
        for i in 0...branches.count {
            var leading: [Unicode.Scalar] = []
            var leadingFold = false
            if i < branches.count {
                (leading, leadingFold) = leadingString(branches[i])
                if leadingFold == prefixFold {
                    let same = zip(prefix, leading).prefix { $0 == $1 }.count
                    if same > 0 {
                        prefix = Array(prefix.prefix(same))
                        continue
                    }
                }
            }
            // branches[start..<i] all begin with `prefix`; branches[i] does not.
            if i == start + 1 {
                result.append(branches[start])
            } else if i > start + 1 {
                let suffixes = branches[start..<i].map { removeLeadingString($0, count: prefix.count) }
                let suffix = factor(suffixes, fold: fold)
                result.append(.concat([.literal(prefix, fold: prefixFold), suffix], fold: fold))
            }
            start = i
            prefix = leading
            prefixFold = leadingFold
        }
        // Round 3: runs of single-rune literals become one character class.
        var collapsed: [ShapeNode] = []
        var run = 0
        for node in result {
            if case .literal(let scalars, _) = node, scalars.count == 1 {
                run += 1
                if run >= 2 {
                    collapsed[collapsed.count - 1] = .other
                    continue
                }
            } else {
                run = 0
            }
            collapsed.append(node)
        }
        // Round 4: runs of empty matches collapse into one.
        var final: [ShapeNode] = []
        for node in collapsed where !(node == .emptyMatch && final.last == .emptyMatch) { final.append(node) }
        return final.count == 1 ? final[0] : .alternate(final, fold: fold)
    }

    static func leadingString(_ node: ShapeNode) -> ([Unicode.Scalar], Bool) {
        switch node {
        case .literal(let scalars, let fold): return (scalars, fold)
        case .concat(let items, _):
            if case .literal(let scalars, let fold)? = items.first { return (scalars, fold) }
            return ([], false)
        default: return ([], false)
        }
    }

    static func removeLeadingString(_ node: ShapeNode, count: Int) -> ShapeNode {
        switch node {
        case .literal(let scalars, let fold):
            return scalars.count == count ? .emptyMatch : .literal(Array(scalars.dropFirst(count)), fold: fold)
        case .concat(var items, let fold):
            if case .literal(let scalars, let literalFold)? = items.first {
                if scalars.count == count { items.removeFirst() } else {
                    items[0] = .literal(Array(scalars.dropFirst(count)), fold: literalFold)
                }
            }
            if items.isEmpty { return .emptyMatch }
            if items.count == 1 { return items[0] }
            return .concat(items, fold: fold)
        default:
            return node
        }
    }
}

/// Loki's `RegexSimplifier.Simplify` over the parsed shape.
struct LokiSimplifier {
    let isLabel: Bool

    mutating func simplify(_ node: ShapeNode) -> LiteralFilterShape? {
        switch node {
        case .alternate(let branches, _):
            var result: LiteralFilterShape? = nil
            for branch in branches {
                guard let next = simplify(clearCapture(branch)) else { return nil }
                result = result.map { or($0, next) } ?? next
            }
            return result
        case .concat(let items, _):
            return simplifyConcat(items, base: nil)
        case .capture(let inner):
            return simplify(inner)
        case .literal(let scalars, let fold):
            return isLabel ? equal(scalars, fold) : contains(scalars, fold)
        case .starAny(let dotAll):
            return dotAll ? nil : .always
        case .plusAny(let dotAll):
            return dotAll ? nil : .nonEmpty
        case .emptyMatch:
            return .always
        case .other:
            return nil
        }
    }

    func clearCapture(_ node: ShapeNode) -> ShapeNode {
        if case .capture(let inner) = node { return inner }
        return node
    }

    /// Concatenations of at most three parts: one literal, `.*`s and an
    /// alternation after the literal (each branch then extends the literal).
    mutating func simplifyConcat(_ items: [ShapeNode], base: [Unicode.Scalar]?) -> LiteralFilterShape? {
        let parts = items.map(clearCapture).filter { $0 != .emptyMatch }
        if parts.count > 3 { return nil }
        var literal = base
        var literalFold = false
        var literals = 0
        var current: LiteralFilterShape? = nil
        for part in parts {
            switch part {
            case .literal(let scalars, let fold):
                if literals != 0 { return nil }
                literals += 1
                literal = (literal ?? []) + scalars
                literalFold = fold
            case .alternate(let branches, _) where literal != nil:
                guard let next = simplifyConcatAlternate(branches, literal ?? [], current, literalFold) else { return nil }
                current = next
            case .starAny(dotAll: false):
                continue
            default:
                return nil
            }
        }
        if let current { return current }
        if let literal { return contains(literal, literalFold) }
        return nil
    }

    mutating func simplifyConcatAlternate(_ branches: [ShapeNode], _ literal: [Unicode.Scalar], _ current: LiteralFilterShape?,
                                          _ fold: Bool) -> LiteralFilterShape? {
        var current = current
        for branch in branches {
            if !fold && branch.isCaseInsensitive { return nil }
            let next: LiteralFilterShape
            switch branch {
            case .emptyMatch: next = contains(literal, fold)
            case .literal(let scalars, _): next = contains(literal + scalars, fold)
            case .concat(let items, _):
                guard let simplified = simplifyConcat(items, base: literal) else { return nil }
                next = simplified
            case .starAny(dotAll: false): next = contains(literal, fold)
            default: return nil
            }
            current = current.map { or($0, next) } ?? next
        }
        return current
    }

    /// Loki's `newOrFilter` drops an always-true side (keeping the other).
    func or(_ lhs: LiteralFilterShape, _ rhs: LiteralFilterShape) -> LiteralFilterShape {
        if lhs == .always { return rhs }
        if rhs == .always { return lhs }
        return .or(lhs, rhs)
    }

    func bytes(_ scalars: [Unicode.Scalar], _ fold: Bool) -> [UInt8] {
        let text = String(String.UnicodeScalarView(scalars))
        return Array((fold ? text.lowercased() : text).utf8)
    }

    func contains(_ scalars: [Unicode.Scalar], _ fold: Bool) -> LiteralFilterShape {
        scalars.isEmpty ? .always : .contains(bytes(scalars, fold), caseInsensitive: fold)
    }

    func equal(_ scalars: [Unicode.Scalar], _ fold: Bool) -> LiteralFilterShape {
        .equal(bytes(scalars, fold), caseInsensitive: fold)
    }
}
