import VigilCore
import Yams

/// Strict decoding of YAML nodes, as Prometheus decodes rule files with
/// `KnownFields(true)`: unknown fields, duplicate keys and wrong types are
/// errors with the position of the offending node. Errors are collected so a
/// file reports all of them at once. Shared (`package`) with the other Vigil
/// modules that read YAML formats of their own, such as rule unit tests.
package struct StrictYAML {
    package let file: String
    package private(set) var errors: [RuleFileError] = []

    package init(file: String) { self.file = file }

    /// The YAML documents of a text; a syntax error is recorded with its
    /// position and yields no documents.
    package mutating func documents(_ yaml: String) -> [Node] {
        var documents: [Node] = []
        do {
            var sequence = try Yams.compose_all(yaml: yaml)
            while let document = sequence.next() { documents.append(document) }
            if let error = sequence.error { throw error }
        } catch let error as YamlError {
            fail(yamlError: error)
            return []
        } catch {
            fail(at: nil, "yaml: \(error)")
            return []
        }
        return documents
    }

    package static func position(_ node: Node) -> FilePosition {
        guard let mark = node.mark else { return FilePosition(line: 1, column: 1) }
        return FilePosition(line: mark.line, column: mark.column)
    }

    package mutating func fail(_ node: Node?, _ message: String) {
        fail(at: node.map(StrictYAML.position), message)
    }

    package mutating func fail(at position: FilePosition?, _ message: String) {
        errors.append(RuleFileError(file: file, position: position, message: message))
    }

    package static func tagName(_ node: Node) -> String {
        switch node {
        case .mapping: return "!!map"
        case .sequence: return "!!seq"
        case .alias: return "!!alias"
        case .scalar(let scalar):
            if scalar.style != .plain { return "!!str" }
            if scalar.string.isEmpty || scalar.string == "~" || scalar.string == "null" { return "!!null" }
            if Int(scalar.string) != nil { return "!!int" }
            if Double(scalar.string) != nil { return "!!float" }
            if ["true", "false"].contains(scalar.string.lowercased()) { return "!!bool" }
            return "!!str"
        }
    }

    package static func isNull(_ node: Node) -> Bool {
        if case .scalar(let scalar) = node, scalar.style == .plain {
            return scalar.string.isEmpty || scalar.string == "~" || scalar.string == "null"
        }
        return false
    }

    /// The fields of a mapping, rejecting fields not in `known` (Yams has
    /// already rejected duplicate keys).
    package mutating func fields(_ node: Node, type: String, known: Set<String>) -> [(key: String, keyNode: Node, value: Node)] {
        if StrictYAML.isNull(node) { return [] }
        guard case .mapping(let mapping) = node else {
            fail(node, "cannot unmarshal \(StrictYAML.tagName(node)) into \(type)")
            return []
        }
        var result: [(key: String, keyNode: Node, value: Node)] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let keyScalar) = keyNode else {
                fail(keyNode, "cannot unmarshal \(StrictYAML.tagName(keyNode)) into a field name of \(type)")
                continue
            }
            let key = keyScalar.string
            guard known.contains(key) else {
                fail(keyNode, "field \(key) not found in type \(type)")
                continue
            }
            result.append((key, keyNode, value))
        }
        return result
    }

    /// A scalar as a string. Like yaml.v3, any scalar (number, bool) decodes
    /// into a string field as its source text; null is "".
    package mutating func string(_ node: Node) -> String {
        if StrictYAML.isNull(node) { return "" }
        guard case .scalar(let scalar) = node else {
            fail(node, "cannot unmarshal \(StrictYAML.tagName(node)) into string")
            return ""
        }
        return scalar.string
    }

    package mutating func int(_ node: Node) -> Int {
        if StrictYAML.isNull(node) { return 0 }
        guard case .scalar(let scalar) = node, scalar.style == .plain, let value = parseInt(scalar.string) else {
            let text = (node.scalar?.string).map { " `\($0)`" } ?? ""
            fail(node, "cannot unmarshal \(StrictYAML.tagName(node))\(text) into int")
            return 0
        }
        return value
    }

    private func parseInt(_ text: String) -> Int? {
        var digits = Substring(text.filter { $0 != "_" })
        var negative = false
        if digits.hasPrefix("-") { negative = true; digits = digits.dropFirst() } else if digits.hasPrefix("+") { digits = digits.dropFirst() }
        var value: Int?
        if digits.hasPrefix("0x") { value = Int(digits.dropFirst(2), radix: 16) }
        else if digits.hasPrefix("0o") { value = Int(digits.dropFirst(2), radix: 8) }
        else { value = Int(digits) }
        guard let value else { return nil }
        return negative ? -value : value
    }

    /// A Prometheus duration (`model.Duration`) in milliseconds.
    package mutating func duration(_ node: Node) -> Int64? {
        if StrictYAML.isNull(node) { return nil }
        let text = string(node)
        do {
            return try PromDuration.parse(text)
        } catch {
            fail(node, "\(error)")
            return nil
        }
    }

    /// A `map[string]string`, keeping file order.
    package mutating func stringMap(_ node: Node, type: String = "map[string]string") -> [(key: String, keyNode: Node, value: String)] {
        if StrictYAML.isNull(node) { return [] }
        guard case .mapping(let mapping) = node else {
            fail(node, "cannot unmarshal \(StrictYAML.tagName(node)) into \(type)")
            return []
        }
        var result: [(key: String, keyNode: Node, value: String)] = []
        for (keyNode, value) in mapping {
            let key = string(keyNode)
            result.append((key, keyNode, string(value)))
        }
        return result
    }

    package mutating func sequence(_ node: Node, type: String) -> [Node] {
        if StrictYAML.isNull(node) { return [] }
        guard case .sequence(let sequence) = node else {
            fail(node, "cannot unmarshal \(StrictYAML.tagName(node)) into \(type)")
            return []
        }
        return Array(sequence)
    }
}
