/// A value flowing through a template: the Go values that Prometheus's and
/// Loki's templates see (through `reflect`), reduced to the kinds those
/// templates actually meet. Each value knows its Go type name, because Go's
/// rules (argument checking, comparisons, error messages) depend on it.
public indirect enum TemplateValue: Sendable {
    /// Go's invalid `reflect.Value`: an untyped nil, a missing map entry, a
    /// nil interface. Prints as `<no value>` at the top level.
    case none
    case bool(Bool)
    /// A Go integer of the given type (`int`, `int64`, `uint8`, ...).
    case int(Int64, GoIntType)
    case float(Double)
    /// A Go string; `typeName` is `string` or a named string type such as
    /// `template.HTML`.
    case string(String, typeName: String)
    case list(TemplateList)
    case map(TemplateMap)
    case record(TemplateRecord)
    case time(GoTime)
    /// `time.Duration`, in nanoseconds.
    case duration(Int64)
    case function(TemplateFunction)

    /// Go `int`.
    public static func int(_ value: Int) -> TemplateValue { .int(Int64(value), .int) }
    public static func string(_ value: String) -> TemplateValue { .string(value, typeName: "string") }

    /// The Go type name, as `reflect.Type.String()` prints it.
    public var typeName: String {
        switch self {
        case .none: return "<nil>"
        case .bool: return "bool"
        case .int(_, let type): return type.rawValue
        case .float: return "float64"
        case .string(_, let name): return name
        case .list(let list): return list.typeName
        case .map(let map): return map.typeName
        case .record(let record): return record.typeName
        case .time(let time): return time.isPointer ? "*time.Time" : "time.Time"
        case .duration: return "time.Duration"
        case .function(let function): return function.goSignature
        }
    }

    public var isNone: Bool {
        if case .none = self { return true }
        return false
    }

    /// Go's truth (`template.IsTrue`): the zero value of its type is false.
    /// `nil` is false; structs are always true.
    public var isTrue: Bool {
        switch self {
        case .none: return false
        case .bool(let b): return b
        case .int(let i, _): return i != 0
        case .float(let f): return f != 0
        case .string(let s, _): return !s.isEmpty
        case .list(let l): return !l.elements.isEmpty
        case .map(let m): return m.count > 0
        case .record(let r): return r.isPointer ? !r.isNilPointer : true
        case .time(let t): return t.isPointer ? true : true
        case .duration(let d): return d != 0
        case .function: return true
        }
    }
}

/// Go integer types the engine distinguishes (they differ in error texts and
/// in which functions accept them).
public enum GoIntType: String, Sendable {
    case int, int64, int32, uint8, uint, uint64
    var isUnsigned: Bool { self == .uint8 || self == .uint || self == .uint64 }
}

/// A Go slice: `[]interface {}`, Prometheus's `template.queryResult`, ...
public struct TemplateList: Sendable {
    public var elements: [TemplateValue]
    public var typeName: String
    public init(_ elements: [TemplateValue], typeName: String = "[]interface {}") {
        self.elements = elements
        self.typeName = typeName
    }
}

/// A Go map with string keys, kept sorted by key (byte-wise, as `fmtsort`
/// orders them for `range` and printing).
public struct TemplateMap: Sendable {
    public private(set) var keys: [String]
    public private(set) var values: [TemplateValue]
    public let typeName: String
    /// The zero value of the element type, returned for missing keys under
    /// `missingkey=zero` and by `index`.
    public let zeroElement: TemplateValue

    /// A `map[string]string`.
    public init(strings pairs: [(String, String)]) {
        self.init(pairs.map { ($0.0, TemplateValue.string($0.1)) }, typeName: "map[string]string",
                  zeroElement: .string(""))
    }

    /// Pairs already sorted by key and unique (for example a `Labels`),
    /// which skips the sort.
    public init(sortedStrings pairs: [(String, String)]) {
        keys = pairs.map(\.0)
        values = pairs.map { .string($0.1) }
        typeName = "map[string]string"
        zeroElement = .string("")
    }

    public init(_ pairs: [(String, TemplateValue)], typeName: String = "map[string]interface {}",
                zeroElement: TemplateValue = .none) {
        let sorted = pairs.enumerated().sorted { lhs, rhs in
            if lhs.element.0 == rhs.element.0 { return lhs.offset < rhs.offset }
            return lhs.element.0.utf8.lexicographicallyPrecedes(rhs.element.0.utf8)
        }
        var keys: [String] = []
        var values: [TemplateValue] = []
        keys.reserveCapacity(sorted.count)
        values.reserveCapacity(sorted.count)
        for (_, pair) in sorted {
            if let last = keys.last, last == pair.0 {
                values[values.count - 1] = pair.1  // the last write wins, as in a Go map literal
            } else {
                keys.append(pair.0)
                values.append(pair.1)
            }
        }
        self.keys = keys
        self.values = values
        self.typeName = typeName
        self.zeroElement = zeroElement
    }

    public var count: Int { keys.count }

    /// The value stored under `key`, or nil when absent.
    public subscript(key: String) -> TemplateValue? {
        var low = 0
        var high = keys.count
        while low < high {
            let mid = (low + high) / 2
            let candidate = keys[mid]
            if candidate == key { return values[mid] }
            if candidate.utf8.lexicographicallyPrecedes(key.utf8) { low = mid + 1 } else { high = mid }
        }
        return nil
    }
}

/// A Go struct value (or a pointer to one) whose exported fields templates
/// read with `.Field`.
public struct TemplateRecord: Sendable {
    public var typeName: String
    public var fieldNames: [String]
    public var fieldValues: [TemplateValue]
    /// Pointers print as `&{...}`; a nil pointer has no fields.
    public var isPointer: Bool
    public var isNilPointer: Bool

    public init(typeName: String, fields: [(String, TemplateValue)], isPointer: Bool = false) {
        self.typeName = typeName
        self.fieldNames = fields.map(\.0)
        self.fieldValues = fields.map(\.1)
        self.isPointer = isPointer
        self.isNilPointer = false
    }

    /// A nil pointer of type `typeName` (for example a `*template.sample`).
    public static func nilPointer(typeName: String) -> TemplateRecord {
        var record = TemplateRecord(typeName: typeName, fields: [], isPointer: true)
        record.isNilPointer = true
        return record
    }

    public func field(_ name: String) -> TemplateValue? {
        guard let index = fieldNames.firstIndex(of: name) else { return nil }
        return fieldValues[index]
    }
}

// MARK: Building values from Swift literals

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .float(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// A `[]interface {}`.
    public init(arrayLiteral elements: TemplateValue...) { self = .list(TemplateList(elements)) }
    /// A `map[string]interface {}`.
    public init(dictionaryLiteral elements: (String, TemplateValue)...) { self = .map(TemplateMap(elements)) }

    /// A `map[string]string`, such as a label set.
    public static func stringMap(_ pairs: [(String, String)]) -> TemplateValue { .map(TemplateMap(strings: pairs)) }
}
