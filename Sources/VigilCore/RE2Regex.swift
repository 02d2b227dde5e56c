import CRE2

/// A regular expression compiled by RE2, the engine Go's `regexp` package
/// (and therefore Prometheus and Loki) follows. Every regex in Vigil goes
/// through this type; Foundation's regex engines are never used.
///
/// Instances are immutable and safe to share across threads: RE2 objects are
/// thread-safe for matching.
public final class RE2Regex: @unchecked Sendable {
    public struct Options: OptionSet, Sendable, Hashable {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        public static let caseInsensitive = Options(rawValue: Int32(VIGIL_RE2_CASE_INSENSITIVE))
        /// `.` matches `\n` too, like Go's `(?s)` flag.
        public static let dotMatchesNewline = Options(rawValue: Int32(VIGIL_RE2_DOT_NL))
        /// The pattern is a literal string, not a regex.
        public static let literal = Options(rawValue: Int32(VIGIL_RE2_LITERAL))
        public static let longestMatch = Options(rawValue: Int32(VIGIL_RE2_LONGEST_MATCH))
    }

    public enum Anchor: Int32, Sendable {
        case unanchored = 0
        case start = 1
        case both = 2
    }

    /// The pattern as the user wrote it (before Go-compatibility rewrites).
    public let pattern: String
    public let options: Options
    /// Number of capturing groups, not counting the whole match.
    public let groupCount: Int
    /// Names of capturing groups, indexed from 1; `nil` for unnamed groups.
    public let groupNames: [String?]

    private let handle: OpaquePointer

    public struct CompileError: Error, CustomStringConvertible, Sendable, Equatable {
        public let pattern: String
        /// RE2's own reason, e.g. `missing ): (abc`.
        public let reason: String
        public var description: String { "error parsing regexp: \(reason)" }
    }

    public init(_ pattern: String, options: Options = []) throws(CompileError) {
        self.pattern = pattern
        self.options = options
        let source = RE2Regex.goCompatibleSource(pattern)
        var errorText: UnsafeMutablePointer<CChar>? = nil
        var utf8 = Array(source.utf8)
        if utf8.isEmpty { utf8 = [0] }  // a non-nil base; length stays 0 below
        let length = source.utf8.count
        let compiled = utf8.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(length, 1)) { base in
                vigil_re2_compile(base, length, options.rawValue, &errorText)
            }
        }
        guard let compiled else {
            var reason = "invalid pattern"
            if let errorText {
                reason = String(cString: errorText)
                vigil_re2_free_error(errorText)
            }
            throw CompileError(pattern: pattern, reason: reason)
        }
        handle = compiled
        let count = Int(vigil_re2_group_count(compiled))
        groupCount = count
        var names: [String?] = [nil]
        if count > 0 {
            for index in 1...count {
                if let name = vigil_re2_group_name(compiled, Int32(index)) {
                    names.append(String(cString: name))
                } else {
                    names.append(nil)
                }
            }
        }
        groupNames = names
    }

    deinit { vigil_re2_free(handle) }

    /// Go accepts `(?<name>...)` for named groups; this RE2 only `(?P<name>...)`.
    static func goCompatibleSource(_ pattern: String) -> String {
        guard pattern.utf8.count >= 4, pattern.contains("(?<") else { return pattern }
        var out: [UInt8] = []
        out.reserveCapacity(pattern.utf8.count + 4)
        let bytes = Array(pattern.utf8)
        var index = 0
        var inClass = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
                out.append(byte); out.append(bytes[index + 1]); index += 2; continue
            }
            if byte == UInt8(ascii: "[") { inClass = true }
            if byte == UInt8(ascii: "]") { inClass = false }
            if !inClass, byte == UInt8(ascii: "("), index + 3 < bytes.count,
               bytes[index + 1] == UInt8(ascii: "?"), bytes[index + 2] == UInt8(ascii: "<"),
               bytes[index + 3] != UInt8(ascii: "="), bytes[index + 3] != UInt8(ascii: "!") {
                out.append(contentsOf: Array("(?P<".utf8)); index += 3; continue
            }
            out.append(byte); index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: Matching

    /// Whether the whole of `text` matches (Prometheus label matchers).
    @inlinable
    public func fullMatch(_ text: String) -> Bool { matches(text, anchor: .both) }

    /// Whether some part of `text` matches (Loki line filters).
    @inlinable
    public func contains(in text: String) -> Bool { matches(text, anchor: .unanchored) }

    public func matches(_ text: String, anchor: Anchor) -> Bool {
        var text = text
        return text.withUTF8 { matches(bytes: UnsafeRawBufferPointer($0), anchor: anchor) }
    }

    public func matches(bytes: UnsafeRawBufferPointer, anchor: Anchor) -> Bool {
        guard let base = bytes.baseAddress, bytes.count > 0 else {
            return withEmptyInput { vigil_re2_match(handle, $0, 0, anchor.rawValue) != 0 }
        }
        return vigil_re2_match(handle, base.assumingMemoryBound(to: CChar.self), bytes.count, anchor.rawValue) != 0
    }

    /// Byte ranges of the whole match (index 0) and of each group; `nil` for a
    /// group that did not participate. Returns `nil` when there is no match.
    public func captureSpans(in bytes: UnsafeRawBufferPointer, from start: Int = 0,
                             anchor: Anchor = .unanchored) -> [Range<Int>?]? {
        let groups = groupCount + 1
        var spans = [Int64](repeating: -1, count: groups * 2)
        let matched: Bool = spans.withUnsafeMutableBufferPointer { out in
            if let base = bytes.baseAddress, bytes.count > 0 {
                return vigil_re2_match_spans(handle, base.assumingMemoryBound(to: CChar.self), bytes.count,
                                             start, anchor.rawValue, out.baseAddress, Int32(groups)) != 0
            }
            return withEmptyInput {
                vigil_re2_match_spans(handle, $0, 0, start, anchor.rawValue, out.baseAddress, Int32(groups)) != 0
            }
        }
        guard matched else { return nil }
        var result: [Range<Int>?] = []
        result.reserveCapacity(groups)
        for group in 0..<groups {
            let lower = spans[2 * group], upper = spans[2 * group + 1]
            result.append(lower < 0 ? nil : Int(lower)..<Int(upper))
        }
        return result
    }

    /// Capture groups of the first match in `text` as strings (index 0 is the
    /// whole match); `nil` when there is no match.
    public func captures(in text: String, anchor: Anchor = .unanchored) -> [String?]? {
        var text = text
        return text.withUTF8 { buffer -> [String?]? in
            let raw = UnsafeRawBufferPointer(buffer)
            guard let spans = captureSpans(in: raw, anchor: anchor) else { return nil }
            return spans.map { span in span.map { String(decoding: raw[$0], as: UTF8.self) } }
        }
    }

    private func withEmptyInput<T>(_ body: (UnsafePointer<CChar>) -> T) -> T {
        var zero: CChar = 0
        return withUnsafePointer(to: &zero) { body($0) }
    }

    /// Index of the named group, or nil.
    public func groupIndex(named name: String) -> Int? {
        groupNames.firstIndex { $0 == name }
    }
}

extension RE2Regex {
    /// Escapes every regex metacharacter, like Go's `regexp.QuoteMeta`.
    public static func quoteMeta(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if "\\.+*?()|[]{}^$".unicodeScalars.contains(scalar) { out.append("\\") }
            out.unicodeScalars.append(scalar)
        }
        return out
    }
}
