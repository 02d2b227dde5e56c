#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Shell patterns for rule files, as Prometheus expands `rule_files` with
/// Go's `filepath.Glob`: `*`, `?`, `[...]`; matches sorted byte-wise; a
/// pattern matching nothing yields nothing.
package enum FileGlob {
    /// Go's `filepath.Match` syntax check (Unix): a `\\` needs a following
    /// character; a character class `[^...]` needs at least one item and a
    /// closing `]`, and an item (or the end of a range) must not start with
    /// `-` or `]`. nil when the pattern is well formed.
    package static func patternProblem(_ pattern: String) -> String? {
        let bad = "syntax error in pattern"
        var rest = Array(pattern.utf8)[...]
        // One class item or range end: `getEsc` in Go.
        func item(_ rest: inout ArraySlice<UInt8>) -> Bool {
            guard let first = rest.first, first != UInt8(ascii: "-"), first != UInt8(ascii: "]") else { return false }
            rest = rest.dropFirst()
            if first == UInt8(ascii: "\\") {
                guard !rest.isEmpty else { return false }
                rest = rest.dropFirst()
            }
            return true
        }
        while let byte = rest.popFirst() {
            switch byte {
            case UInt8(ascii: "\\"):
                if rest.popFirst() == nil { return bad }
            case UInt8(ascii: "["):
                if rest.first == UInt8(ascii: "^") { rest = rest.dropFirst() }
                var items = 0
                while true {
                    if rest.first == UInt8(ascii: "]") && items > 0 { rest = rest.dropFirst(); break }
                    guard item(&rest) else { return bad }
                    if rest.first == UInt8(ascii: "-") {
                        rest = rest.dropFirst()
                        guard item(&rest) else { return bad }
                    }
                    items += 1
                }
            default:
                continue
            }
        }
        return nil
    }

    /// The files matching `pattern`, sorted byte-wise.
    package static func expand(_ pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        guard glob(pattern, 0, nil, &result) == 0 else { return [] }
        var paths: [String] = []
        for index in 0..<Int(result.gl_pathc) {
            if let path = result.gl_pathv[index] { paths.append(String(cString: path)) }
        }
        return paths.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
