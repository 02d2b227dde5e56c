import VigilCore
import VigilSyntax

/// `| status >= 500 and level="error"`, with Loki's semantics: a typed
/// comparison drops the line when the label is missing and keeps it, with
/// `__error__="LabelFilterErr"`, when the value does not convert; a string
/// comparison reads a missing label as empty and is the only one that sees
/// `__error__`; `and`/`or` evaluate left to right and stop early.
final class LabelFilterStage: LogStage {
    indirect enum Node {
        case and(Node, Node)
        case or(Node, Node)
        case string(id: Int32, ByteMatcher)
        case errorLabel(ByteMatcher)
        case number(id: Int32, LabelFilter.ComparisonOperator, Double)
        case duration(id: Int32, LabelFilter.ComparisonOperator, Int64)
        case bytes(id: Int32, LabelFilter.ComparisonOperator, UInt64)
        case ip(id: Int32, IPSearch?, negated: Bool)
    }

    let root: Node

    init(_ filter: LabelFilter, names: LabelNameTable) throws {
        root = try Self.compile(filter, names)
    }

    func process(_ line: inout LineState, _ labels: inout LabelBuilder) -> Bool {
        Self.evaluate(root, &labels)
    }

    static func compile(_ filter: LabelFilter, _ names: LabelNameTable) throws -> Node {
        switch filter {
        case .and(let lhs, let rhs): return .and(try compile(lhs, names), try compile(rhs, names))
        case .or(let lhs, let rhs): return .or(try compile(lhs, names), try compile(rhs, names))
        case .matcher(let matcher):
            let test: ByteMatcher
            switch matcher.kind {
            case .equal: test = .equal(Array(matcher.value.utf8))
            case .notEqual: test = .not(.equal(Array(matcher.value.utf8)))
            case .regexMatch: test = try ByteMatcher.labelRegex(matcher.value)
            case .regexNoMatch: test = .not(try ByteMatcher.labelRegex(matcher.value))
            }
            if matcher.name == "__error__" { return .errorLabel(test) }
            return .string(id: names.id(matcher.name), test)
        case .number(let name, let op, let value): return .number(id: names.id(name), op, value.value)
        case .duration(let name, let op, let nanos): return .duration(id: names.id(name), op, nanos)
        case .bytes(let name, let op, let bytes): return .bytes(id: names.id(name), op, bytes)
        case .ip(let name, let negated, let pattern):
            // An invalid pattern nested in and/or matches nothing, as in Loki.
            return .ip(id: names.id(name), (try? IPPattern.parse(pattern)).map(IPSearch.init), negated: negated)
        }
    }

    static func evaluate(_ node: Node, _ labels: inout LabelBuilder) -> Bool {
        switch node {
        case .and(let lhs, let rhs):
            let left = evaluate(lhs, &labels)
            let right = evaluate(rhs, &labels)
            return left && right
        case .or(let lhs, let rhs):
            if evaluate(lhs, &labels) { return true }
            return evaluate(rhs, &labels)
        case .string(let id, let test):
            return labels.withValue(id) { test.matches($0) } ?? test.matches(UnsafeRawBufferPointer(start: nil, count: 0))
        case .errorLabel(let test):
            var error = labels.error ?? ""
            return error.withUTF8 { test.matches(UnsafeRawBufferPointer($0)) }
        case .number(let id, let op, let expected):
            guard let entry = labels.entry(id) else { return false }
            if let value = labels.withBytes(entry, { DecimalFastPath.parse($0) }) { return compare(value, op, expected) }
            do {
                _ = try GoStrconv.parseFloat(labels.string(entry))
                return true
            } catch {
                conversionFailed(error.description, &labels)
                return true
            }
        case .duration(let id, let op, let expected):
            guard let text = labels.value(id) else { return false }
            do {
                return compare(try GoTimeDuration.parse(text), op, expected)
            } catch {
                conversionFailed(error.message, &labels)
                return true
            }
        case .bytes(let id, let op, let expected):
            guard let text = labels.value(id) else { return false }
            do {
                return compare(try HumanizeBytes.parse(text), op, expected)
            } catch {
                conversionFailed(error.message, &labels)
                return true
            }
        case .ip(let id, let search, let negated):
            if labels.error != nil { return true }
            guard let search, let matched = labels.withValue(id, { search.matches($0) }) else { return false }
            return matched != negated
        }
    }

    /// A value that does not convert keeps the line and marks it, unless
    /// an earlier stage already set an error.
    static func conversionFailed(_ details: String, _ labels: inout LabelBuilder) {
        if labels.error == nil { labels.setError("LabelFilterErr", details: details) }
    }

    @inline(__always)
    static func compare<T: Comparable>(_ value: T, _ op: LabelFilter.ComparisonOperator, _ expected: T) -> Bool {
        switch op {
        case .equal: return value == expected
        case .notEqual: return value != expected
        case .greater: return value > expected
        case .greaterOrEqual: return value >= expected
        case .less: return value < expected
        case .lessOrEqual: return value <= expected
        }
    }
}
