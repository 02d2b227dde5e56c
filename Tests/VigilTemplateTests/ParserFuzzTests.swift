import Testing
@testable import VigilTemplate

/// Deterministic mutation fuzzing of the template parser and executor:
/// whatever the input, parsing either succeeds or throws a TemplateError
/// that names the template, and execution never traps.
@Suite struct ParserFuzzTests {
    /// A small xorshift generator, so every run mutates the same way.
    struct Xorshift {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
    }

    static let seeds = [
        "{{ $labels := .labels }}{{ $labels.instance }} of job {{ $labels.job }} has been down for more than 5 minutes.",
        "{{ range $i, $e := .list }}{{ if eq $i 0 }}{{ $e | printf \"%05.2f\" }}{{ else if gt $i 2 }}{{ break }}{{ else }}{{ continue }}{{ end }}{{ end }}",
        "{{- with .labels -}}{{ .job | upper }}{{ else with .name }}{{ . }}{{ end -}}",
        "{{ define \"T\" }}{{ .a.b.c }}{{ end }}{{ template \"T\" . }}{{ block \"B\" 1 }}{{ . }}{{ end }}",
        "{{/* comment */}}{{ $x := 1 }}{{ $x = (add $x 2) }}{{ index .list 1 }}{{ slice \"abc\" 1 2 }}{{ 'a' }}{{ 0x1F }}{{ 1e3 }}{{ `raw` }}",
        "{{ .path | replace \" \" \"_\" | trunc 5 | upper }}{{ __line__ | count \"a|b\" }}{{ __timestamp__ | unixEpoch }}",
        "{{ and (or .a .b) (not .c) }}{{ len .list }}{{ html \"<x>\" }}{{ js \"'\" }}{{ urlquery \"a b\" }}{{ print nil }}",
    ]

    static let fragments = ["{{", "}}", "{{-", "-}}", " - ", "(", ")", "|", "$", "$x", ".", ".a", "\"", "`", "'", "\\",
                            ":=", "=", ",", "end", "else", "if", "range", "with", "define", "template", "block", "break",
                            "continue", "nil", "true", "1.5e", "0x", "/*", "*/", "\n", "\u{00A0}", "é", "\u{0}", "9999999999999999999999"]

    func mutate(_ text: String, _ random: inout Xorshift) -> String {
        var bytes = Array(text.utf8)
        for _ in 0..<(1 + random.below(4)) {
            switch random.below(4) {
            case 0 where !bytes.isEmpty: bytes.remove(at: random.below(bytes.count))
            case 1:
                let fragment = Array(ParserFuzzTests.fragments[random.below(ParserFuzzTests.fragments.count)].utf8)
                bytes.insert(contentsOf: fragment, at: random.below(bytes.count + 1))
            case 2 where bytes.count > 1:
                let a = random.below(bytes.count), b = random.below(bytes.count)
                bytes.swapAt(a, b)
            default:
                if !bytes.isEmpty { bytes[random.below(bytes.count)] = UInt8(truncatingIfNeeded: random.next()) }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func seedsParse() throws {
        for seed in ParserFuzzTests.seeds {
            _ = try Template(name: "fuzz", text: seed, functions: LokiFunctions.functions, missingKey: .zero)
        }
    }

    @Test func mutatedTemplatesNeverCrash() {
        var random = Xorshift(state: 0x9E37_79B9_7F4A_7C15)
        let data: TemplateValue = ["list": [1, 2, 3], "labels": .stringMap([("job", "api")]), "name": "n", "a": ["b": ["c": 1]]]
        var parsed = 0
        var failed = 0
        for iteration in 0..<6000 {
            let seed = ParserFuzzTests.seeds[iteration % ParserFuzzTests.seeds.count]
            var text = seed
            text = mutate(text, &random)
            do {
                let template = try Template(name: "fuzz", text: text, functions: LokiFunctions.functions, missingKey: .zero)
                parsed += 1
                var output: [UInt8] = []
                do {
                    try template.execute(data, context: TemplateContext(line: "abab", timestampNanos: 1), into: &output)
                } catch {
                    #expect(error.message.hasPrefix("template: fuzz"), "\(text)")
                }
            } catch {
                failed += 1
                #expect(error.message.hasPrefix("template: fuzz:"), "\(text) → \(error.message)")
            }
        }
        // Both paths are exercised.
        #expect(parsed > 500)
        #expect(failed > 500)
    }

    @Test func deepNestingIsAnErrorNotACrash() throws {
        let parens = String(repeating: "(", count: 20_000) + "1" + String(repeating: ")", count: 20_000)
        #expect(renderError("{{" + parens + "}}") == "template: t:1: max expression depth exceeded")
        let ifs = String(repeating: "{{if 1}}", count: 20_000) + String(repeating: "{{end}}", count: 20_000)
        #expect(renderError(ifs) == "template: t:1: max expression depth exceeded")
        // Just inside the limits, everything runs.
        let deepest = Parser.maxStackDepth - 1
        #expect(try render("{{" + String(repeating: "(", count: deepest) + "1" + String(repeating: ")", count: deepest) + "}}") == "1")
        #expect(try render(String(repeating: "{{if 1}}", count: deepest) + "y" + String(repeating: "{{end}}", count: deepest)) == "y")
        let countdown = TemplateValue.list(TemplateList(Array(repeating: 1, count: Executor.maxExecutionDepth - 1)))
        #expect(try render("{{define \"r\"}}{{if .}}x{{template \"r\" (slice . 1)}}{{end}}{{end}}{{template \"r\" .}}", countdown)
                == String(repeating: "x", count: Executor.maxExecutionDepth - 1))
        let recursive = "{{define \"r\"}}{{template \"r\" .}}{{end}}{{template \"r\" .}}"
        #expect(renderError(recursive)?.hasSuffix("exceeded maximum template depth (\(Executor.maxExecutionDepth))") == true)
    }
}
