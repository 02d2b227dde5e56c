/// The Go type of a function parameter. Go's template engine converts
/// literal arguments by the parameter's kind (`3` becomes an int or a
/// float64) and rejects computed values whose type is not assignable
/// ("wrong type for value; expected string; got int").
public struct GoParameterType: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case string, int, float, bool
        /// `interface{}`: anything, literals take their natural type.
        case interface
        /// `reflect.Value` (the builtins): like `interface{}`.
        case reflectValue
        /// A pointer, slice, map or struct type such as `template.queryResult`;
        /// only values of exactly that type (or nil, when nillable) fit.
        case other
    }

    public let name: String
    public let kind: Kind
    /// Whether an untyped nil converts to this type's zero value.
    public let nillable: Bool

    public init(name: String, kind: Kind, nillable: Bool) {
        self.name = name
        self.kind = kind
        self.nillable = nillable
    }

    public static let string = GoParameterType(name: "string", kind: .string, nillable: false)
    public static let int = GoParameterType(name: "int", kind: .int, nillable: false)
    public static let int64 = GoParameterType(name: "int64", kind: .int, nillable: false)
    public static let float64 = GoParameterType(name: "float64", kind: .float, nillable: false)
    public static let bool = GoParameterType(name: "bool", kind: .bool, nillable: false)
    public static let any = GoParameterType(name: "interface {}", kind: .interface, nillable: true)
    public static let value = GoParameterType(name: "reflect.Value", kind: .reflectValue, nillable: true)
    public static let time = GoParameterType(name: "time.Time", kind: .other, nillable: false)

    /// A named pointer/slice/map type (nillable) or struct type.
    public static func named(_ name: String, nillable: Bool = true) -> GoParameterType {
        GoParameterType(name: name, kind: .other, nillable: nillable)
    }

    /// Whether `value` may be passed for a parameter of this type.
    func accepts(_ value: TemplateValue) -> Bool {
        switch kind {
        case .interface, .reflectValue: return true
        default: return value.typeName == name
        }
    }
}

/// What a function sees of the execution besides its arguments: the log
/// line and timestamp (Loki's `__line__`/`__timestamp__`), the evaluation
/// time and query hook (Prometheus's `now`/`query`).
public struct TemplateContext: Sendable {
    /// The current log line (Loki).
    public var line: String
    /// The current log line's timestamp, Unix nanoseconds (Loki).
    public var timestampNanos: Int64
    /// The rule evaluation time, Unix milliseconds (Prometheus `now`, `query`).
    public var evaluationTimeMillis: Int64
    /// Runs a PromQL instant query at the evaluation time (Prometheus `query`).
    public var query: (@Sendable (String) throws -> [QueryResultSample])?

    public init(line: String = "", timestampNanos: Int64 = 0, evaluationTimeMillis: Int64 = 0,
                query: (@Sendable (String) throws -> [QueryResultSample])? = nil) {
        self.line = line
        self.timestampNanos = timestampNanos
        self.evaluationTimeMillis = evaluationTimeMillis
        self.query = query
    }
}

/// One sample of an instant-query result, as Prometheus's `query` template
/// function hands it to templates (`.Labels`, `.Value`).
public struct QueryResultSample: Sendable, Equatable {
    public var labels: [(String, String)]
    public var value: Double

    public init(labels: [(String, String)], value: Double) {
        self.labels = labels
        self.value = value
    }

    public static func == (lhs: QueryResultSample, rhs: QueryResultSample) -> Bool {
        lhs.value.bitPattern == rhs.value.bitPattern && lhs.labels.elementsEqual(rhs.labels) { $0 == $1 }
    }
}

/// An error a template function reports; the engine wraps it Go-style as
/// `error calling NAME: MESSAGE`.
public struct TemplateFunctionError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A function callable from templates: its Go signature (which drives
/// argument conversion and checking exactly as Go's reflection does) and
/// its implementation.
public struct TemplateFunction: Sendable {
    public typealias Body = @Sendable (_ context: TemplateContext, _ arguments: [TemplateValue]) throws -> TemplateValue

    public let name: String
    public let parameters: [GoParameterType]
    /// The element type of a final `...T` parameter.
    public let variadic: GoParameterType?
    /// The Go result type, for `%T` and error texts.
    public let resultType: String
    let body: Body

    public init(_ name: String, parameters: [GoParameterType], variadic: GoParameterType? = nil,
                result: String, body: @escaping Body) {
        self.name = name
        self.parameters = parameters
        self.variadic = variadic
        self.resultType = result
        self.body = body
    }

    /// `func(string, int) string`
    var goSignature: String {
        var params = parameters.map(\.name)
        if let variadic { params.append("..." + variadic.name) }
        return "func(" + params.joined(separator: ", ") + ") " + resultType
    }
}

/// A set of named template functions. Callers start from a base map
/// (Prometheus's or Loki's) and add or replace entries.
public struct FunctionMap: Sendable {
    public private(set) var functions: [String: TemplateFunction]

    public init(_ functions: [TemplateFunction] = []) {
        self.functions = [:]
        for function in functions { self.functions[function.name] = function }
    }

    public subscript(name: String) -> TemplateFunction? { functions[name] }

    public mutating func add(_ function: TemplateFunction) { functions[function.name] = function }

    public func merging(_ other: FunctionMap) -> FunctionMap {
        var copy = self
        for (_, function) in other.functions { copy.add(function) }
        return copy
    }
}
