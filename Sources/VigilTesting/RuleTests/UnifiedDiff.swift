/// A unified diff of two lists of lines (`diff -u` layout: `--- exp`,
/// `+++ got`, `@@ -a,b +c,d @@` hunks with three lines of context).
enum UnifiedDiff {
    enum Operation: Equatable {
        case same(String)
        case removed(String)
        case added(String)
    }

    /// Longest-common-subsequence edit script. Inputs whose table would be
    /// huge are compared as all removed, then all added.
    static func operations(_ old: [String], _ new: [String]) -> [Operation] {
        let n = old.count, m = new.count
        guard n * m <= 4_000_000 else { return old.map(Operation.removed) + new.map(Operation.added) }
        // lengths[i][j]: LCS length of old[i...] and new[j...].
        var lengths = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lengths[i][j] = old[i] == new[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var result: [Operation] = []
        var i = 0, j = 0
        while i < n || j < m {
            if i < n, j < m, old[i] == new[j] {
                result.append(.same(old[i])); i += 1; j += 1
            } else if j < m, i == n || lengths[i][j + 1] > lengths[i + 1][j] {
                result.append(.added(new[j])); j += 1
            } else {
                result.append(.removed(old[i])); i += 1
            }
        }
        return result
    }

    /// The diff's lines; empty when the lists are equal.
    static func lines(expected: [String], got: [String], context: Int = 3) -> [String] {
        let script = operations(expected, got)
        let changed = script.indices.filter { if case .same = script[$0] { return false } else { return true } }
        guard !changed.isEmpty else { return [] }
        // Group changes whose context overlaps into hunks.
        var hunks: [ClosedRange<Int>] = []
        for index in changed {
            let range = max(0, index - context)...min(script.count - 1, index + context)
            if let last = hunks.last, range.lowerBound <= last.upperBound + 1 {
                hunks[hunks.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                hunks.append(range)
            }
        }
        var lines = ["--- exp", "+++ got"]
        for hunk in hunks {
            // Line numbers of the hunk's first line on each side (1-based).
            var oldStart = 1, newStart = 1
            for operation in script[..<hunk.lowerBound] {
                switch operation {
                case .same: oldStart += 1; newStart += 1
                case .removed: oldStart += 1
                case .added: newStart += 1
                }
            }
            var oldCount = 0, newCount = 0, body: [String] = []
            for operation in script[hunk] {
                switch operation {
                case .same(let line): oldCount += 1; newCount += 1; body.append(" " + line)
                case .removed(let line): oldCount += 1; body.append("-" + line)
                case .added(let line): newCount += 1; body.append("+" + line)
                }
            }
            lines.append("@@ -\(range(oldStart, oldCount)) +\(range(newStart, newCount)) @@")
            lines += body
        }
        return lines
    }

    /// GNU diff's hunk range: `start,count`, `start` alone for one line,
    /// and the line before for an empty side.
    private static func range(_ start: Int, _ count: Int) -> String {
        switch count {
        case 0: return "\(start - 1),0"
        case 1: return "\(start)"
        default: return "\(start),\(count)"
        }
    }
}
