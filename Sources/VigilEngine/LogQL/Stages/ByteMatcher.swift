import VigilCore
import VigilSyntax

/// A compiled test on bytes (a line or a label value): literal searches
/// with `memmem` where Loki reduces a regex to literals, RE2 otherwise.
indirect enum ByteMatcher {
    case always
    case nonEmpty
    case contains(LiteralFinder)
    /// Case-insensitive search for a lower-cased needle (Loki's `containsLower`).
    case containsFolded([UInt8])
    case equal([UInt8])
    case equalFolded([UInt8])
    case regex(RE2Regex, RE2Regex.Anchor)
    case or(ByteMatcher, ByteMatcher)
    case not(ByteMatcher)

    /// A line filter regex (`|~`): literal shapes first, else an unanchored RE2 search.
    static func lineRegex(_ pattern: String) throws -> ByteMatcher {
        if let shape = LogQLRegexShape.simplify(pattern, anchored: false) { return from(shape) }
        return .regex(try RE2Regex(pattern), .unanchored)
    }

    /// A label filter regex (`=~`): Loki's label semantics, anchored, `.`
    /// not matching newlines (it compiles `^(?:re)$` itself).
    static func labelRegex(_ pattern: String) throws -> ByteMatcher {
        if let shape = LogQLRegexShape.simplify(pattern, anchored: true) { return from(shape) }
        return .regex(try RE2Regex(pattern), .both)
    }

    static func from(_ shape: LiteralFilterShape) -> ByteMatcher {
        switch shape {
        case .always: return .always
        case .nonEmpty: return .nonEmpty
        case .contains(let bytes, let folded): return folded ? .containsFolded(bytes) : .contains(LiteralFinder(bytes: bytes))
        case .equal(let bytes, let folded): return folded ? .equalFolded(bytes) : .equal(bytes)
        case .or(let lhs, let rhs): return .or(from(lhs), from(rhs))
        }
    }

    @inline(__always)
    func matches(_ bytes: UnsafeRawBufferPointer) -> Bool {
        switch self {
        case .always: return true
        case .nonEmpty: return bytes.count > 0
        case .contains(let finder): return finder.occurs(in: bytes)
        case .containsFolded(let needle): return FoldedSearch.contains(bytes, needle)
        case .equal(let expected):
            guard bytes.count == expected.count else { return false }
            return expected.withUnsafeBytes { $0.elementsEqual(bytes) }
        case .equalFolded(let needle):
            // Loki's equalFilter: same length, then the folded search.
            return bytes.count == needle.count && FoldedSearch.contains(bytes, needle)
        case .regex(let regex, let anchor): return regex.matches(bytes: bytes, anchor: anchor)
        case .or(let lhs, let rhs): return lhs.matches(bytes) || rhs.matches(bytes)
        case .not(let inner): return !inner.matches(bytes)
        }
    }
}

/// Loki's `containsLower`: the needle is lower-cased already; ASCII
/// letters of the haystack are lowered, other runes go through the simple
/// lower-case mapping, invalid bytes compare as they are.
enum FoldedSearch {
    static func contains(_ haystack: UnsafeRawBufferPointer, _ needle: [UInt8]) -> Bool {
        if needle.isEmpty { return true }
        if needle.count > haystack.count { return false }
        let first = needle[0]
        let last = haystack.count - needle.count
        var start = 0
        while start <= last {
            if lower(haystack[start]) == first, matchesAt(haystack, start, needle) { return true }
            start += 1
        }
        return false
    }

    @inline(__always)
    static func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte }

    static func matchesAt(_ haystack: UnsafeRawBufferPointer, _ start: Int, _ needle: [UInt8]) -> Bool {
        var position = start
        var index = 0
        while position < haystack.count && index < needle.count {
            let byte = haystack[position]
            let expected = needle[index]
            if byte < 0x80 && expected < 0x80 {
                if lower(byte) != expected { return false }
                position += 1
                index += 1
                continue
            }
            let width = LabelKeySanitizer.utf8Width(haystack, at: position, end: haystack.count)
            if width == 1 && byte >= 0x80 {
                if byte != expected { return false }
                position += 1
                index += 1
                continue
            }
            let lineScalar = decode(haystack, position, width)
            let needleWidth = needle.withUnsafeBytes { LabelKeySanitizer.utf8Width($0, at: index, end: needle.count) }
            let needleScalar = needle.withUnsafeBytes { decode($0, index, needleWidth) }
            if simpleLower(lineScalar) != needleScalar { return false }
            position += width
            index += needleWidth
        }
        return index == needle.count
    }

    static func decode(_ bytes: UnsafeRawBufferPointer, _ index: Int, _ width: Int) -> UInt32 {
        let first = UInt32(bytes[index])
        switch width {
        case 2: return (first & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
        case 3: return (first & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
        case 4:
            return (first & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12 | UInt32(bytes[index + 2] & 0x3F) << 6
                | UInt32(bytes[index + 3] & 0x3F)
        default: return first
        }
    }

    /// Go's `unicode.ToLower` for one rune (a single-scalar mapping).
    static func simpleLower(_ value: UInt32) -> UInt32 {
        guard let scalar = Unicode.Scalar(value) else { return value }
        let mapping = scalar.properties.lowercaseMapping.unicodeScalars
        if mapping.count == 1, let lowered = mapping.first { return lowered.value }
        return value
    }
}
