import Foundation
import Testing
import VigilSyntax

/// A deterministic mutation fuzzer for the LogQL parser: byte flips,
/// deletions, duplications, truncations, splices and LogQL token soup over
/// the conformance and unit-test queries. The parser must never crash or
/// hang, and whatever it accepts must print to a form that parses back to
/// the same AST and prints identically.
@Suite struct LogQLFuzzTests {
    static let seeds: [String] = [
        #"sum by (app) (rate({env="prod", app=~"a.+"} |= "error" or "warn" != "x" |~ `\d+` [5m] offset 1h))"#,
        #"{app="api"} | json a="b.c[0]", d | logfmt --strict --keep-empty x | status >= 500 and (size > 2KB or d < 250ms)"#,
        #"quantile_over_time(0.99, {a="b"} | regexp "(?P<x>\\d+)" | unwrap duration(x) | __error__="" [5m]) by (c)"#,
        #"topk(2, sort_desc(avg_over_time({a="b"} | pattern "<_> <x>" | unwrap bytes(x) [1m]) without (d)))"#,
        #"label_replace(count_over_time({a="b"} | line_format "{{.x | ToUpper}}" | label_format y=x [1m]), "d", "$1", "s", "(.*)")"#,
        #"sum(rate({a="b"}[1m])) / on (a) group_left (b) sum(rate({a="c"}[1m])) > bool 0.5 or vector(1)"#,
        #"{a="b"} |= ip("10.0.0.0/8") | addr != ip("1.2.3.4-1.2.3.9") | drop a, b="c" | keep d | decolorize | unpack"#,
    ]

    static let fragments: [String] = [
        "(", ")", "{", "}", "[", "]", ",", "=", "!=", "=~", "!~", "|=", "|~", "|>", "!>", "|", "+", "-", "*", "/", "%",
        "^", "==", ">", ">=", "<", "<=", "\"", "`", "\\", "#c\n", " ", "5m", "1h30m", "1.5h", "-5m", "2KB", "1.5KiB",
        "0.99", "1e3", "0x1p4", "[5m]", "offset 1h", "by (a)", "without (b)", "on (a)", "ignoring (b)", "group_left",
        "group_right (c)", "bool", "and", "or", "unless", "json", "logfmt", "--strict", "--keep-empty", "regexp",
        "pattern", "unpack", "line_format", "label_format", "decolorize", "drop", "keep", "unwrap", "bytes(",
        "duration(", "ip(", "rate(", "count_over_time(", "quantile_over_time(", "sum(", "topk(", "vector(",
        "label_replace(", "{a=\"b\"}", "x=\"y\"", "\"<_> <a>\"", "\"(?P<n>.)\"", "\"{{.x}}\"", "é", "\u{FFFD}",
    ]

    static func mutate(_ input: [UInt8], corpus: [[UInt8]], generator: inout FuzzTests.Generator) -> [UInt8] {
        var bytes = input
        switch generator.next() % 7 {
        case 0 where !bytes.isEmpty:
            let index = Int(generator.next() % UInt64(bytes.count))
            bytes[index] = generator.next() % 2 == 0
                ? UInt8(truncatingIfNeeded: generator.next())
                : Array("(){}[],=!~|+-*/%^<>#\"`\\ \n.05emsKBxyz_".utf8).randomElement(using: &generator)!
        case 1 where !bytes.isEmpty:
            let start = Int(generator.next() % UInt64(bytes.count))
            bytes.removeSubrange(start..<min(bytes.count, start + Int(generator.next() % 8) + 1))
        case 2 where !bytes.isEmpty:
            let start = Int(generator.next() % UInt64(bytes.count))
            let end = min(bytes.count, start + Int(generator.next() % 16) + 1)
            bytes.insert(contentsOf: bytes[start..<end], at: Int(generator.next() % UInt64(bytes.count + 1)))
        case 3 where !bytes.isEmpty:
            bytes = Array(bytes.prefix(Int(generator.next() % UInt64(bytes.count))))
        case 4:
            let other = corpus.randomElement(using: &generator)!
            let cut = bytes.isEmpty ? 0 : Int(generator.next() % UInt64(bytes.count))
            let otherCut = other.isEmpty ? 0 : Int(generator.next() % UInt64(other.count))
            bytes = Array(bytes[..<cut]) + Array(other[otherCut...])
        case 5:
            let fragment = Array(fragments.randomElement(using: &generator)!.utf8)
            bytes.insert(contentsOf: fragment, at: Int(generator.next() % UInt64(bytes.count + 1)))
        default:
            let count = Int(generator.next() % 24) + 1
            bytes = Array((0..<count).map { _ in fragments.randomElement(using: &generator)! }.joined(separator: " ").utf8)
        }
        return bytes
    }

    /// A description of the failure, or nil when the input is handled correctly.
    static func check(_ query: String) -> String? {
        guard let expr = try? LogQLParser().parse(query) else { return nil }
        let printed = expr.description
        do {
            let again = try LogQLParser().parse(printed)
            if again != expr { return "printed form parses differently: \(printed)" }
            if again.description != printed { return "printing is not a fixed point: \(printed)" }
        } catch {
            return "printed form does not parse: \(printed)\n  \(error)"
        }
        return nil
    }

    @Test func mutationsNeverCrashAndAcceptedInputsRoundTrip() throws {
        var corpus = Self.seeds
        if let file = LogQLConformanceCases.file {
            corpus += try LogQLConformanceCases.queries(in: file).map(\.query)
        }
        let corpusBytes = corpus.map { Array($0.utf8) }
        var generator = FuzzTests.Generator(state: 0x10_6C_0F_C0FFEE)
        var accepted = 0
        var failures: [String] = []
        let mutations = ProcessInfo.processInfo.environment["VIGIL_FUZZ_MUTATIONS"].flatMap { Int($0) } ?? 20_000
        for _ in 0..<mutations {
            var bytes = corpusBytes.randomElement(using: &generator)!
            for _ in 0...(generator.next() % 3) {
                bytes = Self.mutate(bytes, corpus: corpusBytes, generator: &generator)
            }
            let query = String(decoding: bytes, as: UTF8.self)
            if (try? LogQLParser().parse(query)) != nil { accepted += 1 }
            if let failure = Self.check(query) { failures.append("\(query.debugDescription): \(failure)") }
        }
        print("LogQL fuzz: \(mutations) mutations, \(accepted) accepted, \(failures.count) failures")
        #expect(accepted > mutations / 40)
        #expect(failures.isEmpty, "\(failures.prefix(10).joined(separator: "\n"))")
    }
}
