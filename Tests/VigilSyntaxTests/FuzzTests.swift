import Foundation
import Testing
import VigilSyntax

/// A deterministic mutation fuzzer: byte flips, deletions, duplications,
/// truncations, splices, token insertions and random token soup over the
/// conformance and unit-test expressions. The parser must never crash or
/// hang, and whatever it accepts must round-trip through both printers.
/// (`scripts/fuzz-promql.sh` runs the same check under libFuzzer.)
@Suite struct FuzzTests {
    /// SplitMix64: fixed seed, same inputs on every run and platform.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let seeds: [String] = [
        #"sum by (job) (rate(http_requests_total{status=~"5..", method!="GET"}[5m] offset 1h))"#,
        #"histogram_quantile(0.99, sum without (instance) (rate(x_bucket[5m:30s] @ end())))"#,
        #"a / on (job, instance) group_left (team) fill_right(0) b or c unless d and e > bool 2"#,
        #"-2 ^ -3 ^ 2 % 0x1F atan2 .5e-3 - NaN + -Inf * 1_000"#,
        #"topk(5, count_values("v", {"metric.dots", 'x\'y'=~`a.*`}))"#,
        #"label_join(label_replace(up, "a", "$1", "b", "(.*)"), "c", ",", "a", "b")"#,
        #"foo[5m+step():min_of(range(), 1h)] offset -(1h * 2) smoothed"#,
        #"rate(foo[1m] anchored) </ 2 >/ on(le) bar"#,
        #"max_over_time(deriv(x[1m])[10m:] offset 5m @ 1609746000.5)"#,
        #"info(up, {k8s_cluster_name=~".+"}) # trailing comment"#,
        "sum(\n  rate(x[5m])\n) by (job)\n/ ignoring (code) group_right\n  y",
        #"limitk(2, x) + limit_ratio(0.5, y) + sort_by_label(z, "a", "b")"#,
        #"{__name__=~"job:.*", job!=""} offset 1.5 + foo @ start() - bar @ -100"#,
        "vector(time()) + scalar(sum(x)) * step() - (start() + end())",
    ]

    static let fragments: [String] = [
        "(", ")", "{", "}", "[", "]", ",", ":", "=", "!=", "=~", "!~", "+", "-", "*", "/", "%", "^", "==", ">",
        "<=", "</", ">/", "@", "#c\n", "\n", " ", "\"", "'", "`", "\\", "\\x", "\\u12", "0x", "1e", ".5", "5.",
        "1_0", "NaN", "Inf", "5m", "1h30m", "1.5h", "300", "-", "sum", "by", "without", "on", "ignoring",
        "group_left", "group_right", "bool", "offset", "anchored", "smoothed", "fill", "fill_left(1)",
        "fill_right", "and", "or", "unless", "atan2", "start()", "end()", "step()", "range()", "min_of(",
        "max_of(", "rate(", "topk(", "count_values(", "info(", "foo", "job:rate5m", "{a=\"b\"}", "[5m]",
        "[5m:1m]", "[1m:]", "offset 5m", "@ 100", "by (job)", "é", "\u{FFFD}", "\u{1F600}", "\t",
    ]

    static func mutate(_ input: [UInt8], corpus: [[UInt8]], generator: inout Generator) -> [UInt8] {
        var bytes = input
        switch generator.next() % 7 {
        case 0 where !bytes.isEmpty:  // flip a byte
            let index = Int(generator.next() % UInt64(bytes.count))
            bytes[index] = generator.next() % 2 == 0
                ? UInt8(truncatingIfNeeded: generator.next())
                : Array("(){}[],:=!~+-*/%^<>@#\"'`\\ \n.05emsxyz_".utf8).randomElement(using: &generator)!
        case 1 where !bytes.isEmpty:  // delete a range
            let start = Int(generator.next() % UInt64(bytes.count))
            let length = Int(generator.next() % 8) + 1
            bytes.removeSubrange(start..<min(bytes.count, start + length))
        case 2 where !bytes.isEmpty:  // duplicate a range
            let start = Int(generator.next() % UInt64(bytes.count))
            let end = min(bytes.count, start + Int(generator.next() % 16) + 1)
            bytes.insert(contentsOf: bytes[start..<end], at: Int(generator.next() % UInt64(bytes.count + 1)))
        case 3 where !bytes.isEmpty:  // truncate
            bytes = Array(bytes.prefix(Int(generator.next() % UInt64(bytes.count))))
        case 4:  // splice with another corpus entry
            let other = corpus.randomElement(using: &generator)!
            let cut = bytes.isEmpty ? 0 : Int(generator.next() % UInt64(bytes.count))
            let otherCut = other.isEmpty ? 0 : Int(generator.next() % UInt64(other.count))
            bytes = Array(bytes[..<cut]) + Array(other[otherCut...])
        case 5:  // insert a token
            let fragment = Array(fragments.randomElement(using: &generator)!.utf8)
            bytes.insert(contentsOf: fragment, at: Int(generator.next() % UInt64(bytes.count + 1)))
        default:  // token soup
            let count = Int(generator.next() % 24) + 1
            bytes = Array((0..<count).map { _ in fragments.randomElement(using: &generator)! }.joined(separator: " ").utf8)
        }
        return bytes
    }

    /// Returns a description of the failure, or nil when the input is handled correctly.
    static func check(_ query: String, _ parser: PromQLParser) -> String? {
        guard let expr = try? parser.parse(query) else { return nil }
        let canonical = expr.description
        for printed in [canonical, expr.pretty(), expr.pretty(columnLimit: 10)] {
            do {
                let again = try parser.parse(printed)
                if again != expr { return "printed form parses differently: \(printed)" }
                if again.description != canonical { return "printing is not a fixed point: \(printed)" }
            } catch {
                return "printed form does not parse: \(printed)\n  \(error)"
            }
        }
        return nil
    }

    @Test func mutationsNeverCrashAndAcceptedInputsRoundTrip() throws {
        var corpus = Self.seeds
        if let directory = ConformanceSuite.directory {
            corpus += try ConformanceSuite.evals(in: directory).map(\.expression)
        }
        let corpusBytes = corpus.map { Array($0.utf8) }
        var generator = Generator(state: 0x5EED_0F_C0FFEE)
        let parsers = [PromQLParser(options: .all), PromQLParser()]
        var accepted = 0
        var failures: [String] = []
        // `VIGIL_FUZZ_MUTATIONS` raises the count for a longer local run.
        let mutations = ProcessInfo.processInfo.environment["VIGIL_FUZZ_MUTATIONS"].flatMap { Int($0) } ?? 12_000
        for _ in 0..<mutations {
            var bytes = corpusBytes.randomElement(using: &generator)!
            for _ in 0...(generator.next() % 3) {
                bytes = Self.mutate(bytes, corpus: corpusBytes, generator: &generator)
            }
            let query = String(decoding: bytes, as: UTF8.self)
            for parser in parsers {
                if (try? parser.parse(query)) != nil { accepted += 1 }
                if let failure = Self.check(query, parser) {
                    failures.append("\(query.debugDescription): \(failure)")
                }
            }
        }
        print("PromQL fuzz: \(mutations) mutations × 2 option sets, \(accepted) accepted, \(failures.count) failures")
        #expect(failures.isEmpty, "\(failures.prefix(10).joined(separator: "\n"))")
    }
}
