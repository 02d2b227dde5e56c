import VigilCore
import VigilSyntax

/// Consecutive line filters, combined into one stage as Loki does; each
/// filter is a literal search where possible (`memmem`, case-folded
/// search), RE2 otherwise.
final class LineFilterStage: LogStage {
    indirect enum Test {
        case bytes(ByteMatcher)
        case ip(IPSearch)
        case pattern(PatternTest)
        case any([Test])
        case not(Test)

        @inline(__always)
        func matches(_ line: UnsafeRawBufferPointer) -> Bool {
            switch self {
            case .bytes(let matcher): return matcher.matches(line)
            case .ip(let search): return search.matches(line)
            case .pattern(let test): return test.matches(line)
            case .any(let tests): return tests.contains { $0.matches(line) }
            case .not(let test): return !test.matches(line)
            }
        }
    }

    let tests: [Test]

    init(_ filters: [LineFilter]) throws {
        tests = try filters.map(Self.compile)
    }

    func process(_ line: inout LineState, _ labels: inout LabelBuilder) -> Bool {
        line.withBytes { bytes in
            for test in tests where !test.matches(bytes) { return false }
            return true
        }
    }

    /// Loki's `LineFilterExpr.Filter`: an `or` chain tests each operand as
    /// text of the filter's kind (ignoring `ip(...)` there, as Loki does).
    static func compile(_ filter: LineFilter) throws -> Test {
        let operation = filter.operation
        let test: Test
        if filter.alternatives.isEmpty, filter.operand.isIP {
            test = .ip(IPSearch(pattern: try IPPattern.parse(filter.operand.value)))
        } else {
            var operands: [Test] = []
            for operand in [filter.operand] + filter.alternatives {
                switch operation {
                case .contains, .notContains:
                    operands.append(.bytes(operand.value.isEmpty ? .always : .contains(LiteralFinder(operand.value))))
                case .matches, .notMatches:
                    operands.append(.bytes(try ByteMatcher.lineRegex(operand.value)))
                case .pattern, .notPattern:
                    operands.append(.pattern(PatternTest(try LogPattern.parseLineFilter(operand.value))))
                }
            }
            test = operands.count == 1 ? operands[0] : .any(operands)
        }
        return operation.isNegated ? .not(test) : test
    }
}
