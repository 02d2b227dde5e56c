import Foundation

/// The `eval` commands of Prometheus's PromQL conformance suite
/// (`promql/promqltest/testdata/*.test`, format in its FORMAT.md), read from
/// `$VIGIL_CONFORMANCE_DIR/promql` or `<package root>/../shared/conformance/promql`.
struct ConformanceEval: CustomStringConvertible {
    var file: String
    var line: Int
    var expression: String
    /// `expect fail` follows, or the legacy `eval_fail` form was used.
    var expectsFailure: Bool

    var description: String { "\(file):\(line): \(expression)" }
}

enum ConformanceSuite {
    static var directory: URL? {
        var candidates: [URL] = []
        if let override = ProcessInfo.processInfo.environment["VIGIL_CONFORMANCE_DIR"], !override.isEmpty {
            candidates.append(URL(fileURLWithPath: override).appendingPathComponent("promql"))
        }
        // Tests/VigilSyntaxTests/<file> → package root → ../shared.
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(packageRoot.deletingLastPathComponent()
            .appendingPathComponent("shared/conformance/promql"))
        return candidates.first { url in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
    }

    static let skipMessage = "PromQL conformance suite not found: set VIGIL_CONFORMANCE_DIR or place it in "
        + "../shared/conformance/promql; skipping."

    static func evals(in directory: URL) throws -> [ConformanceEval] {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".test") }.sorted()
        var evals: [ConformanceEval] = []
        for file in files {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            evals.append(contentsOf: parse(text, file: file))
        }
        return evals
    }

    /// `eval[_fail|_warn|_info|_ordered] instant at <time> <expr>` and
    /// `eval[_fail|_warn|_info] range from <a> to <b> step <s> <expr>`; the
    /// times contain no spaces, so the expression is everything after them.
    static func parse(_ text: String, file: String) -> [ConformanceEval] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var evals: [ConformanceEval] = []
        var index = 0
        while index < lines.count {
            let line = lines[index].trimmingCharacters(in: .whitespaces)
            index += 1
            guard line.hasPrefix("eval") else { continue }
            var words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            let command = words.removeFirst()
            let skip: Int
            if words.first == "instant" {
                skip = words.count > 1 && words[1] == "at" ? 3 : 1
            } else if words.first == "range" {
                skip = 7  // range from A to B step S
            } else {
                continue
            }
            let expression = expressionAfter(words: skip, in: line, command: command)
            var expectsFailure = command == "eval_fail"
            while index < lines.count {
                let body = lines[index].trimmingCharacters(in: .whitespaces)
                if body.isEmpty || body.hasPrefix("eval") || body.hasPrefix("load") || body.hasPrefix("clear") { break }
                if body.hasPrefix("expect fail") { expectsFailure = true }
                index += 1
            }
            evals.append(ConformanceEval(file: file, line: index, expression: expression, expectsFailure: expectsFailure))
        }
        return evals
    }

    /// The rest of `line` after the command and `count` further words.
    private static func expressionAfter(words count: Int, in line: String, command: String) -> String {
        var rest = Substring(line).dropFirst(command.count)
        for _ in 0..<count {
            rest = rest.drop(while: { $0 == " " || $0 == "\t" })
            rest = rest.drop(while: { $0 != " " && $0 != "\t" })
        }
        return String(rest.drop(while: { $0 == " " || $0 == "\t" }))
    }
}
