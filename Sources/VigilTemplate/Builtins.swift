import VigilCore

/// Go's predefined template functions (`text/template/funcs.go`): and, or,
/// not, len, index, slice, print, printf, println, html, js, urlquery,
/// call, eq, ne, lt, le, gt, ge. `and`, `or` and `call` are special-cased
/// by the executor; their entries here carry the signatures.
enum Builtins {
    static let functions: [String: TemplateFunction] = {
        let value = GoParameterType.value
        let list: [TemplateFunction] = [
            TemplateFunction("and", parameters: [value], variadic: value, result: "reflect.Value") { _, args in args.last ?? .none },
            TemplateFunction("or", parameters: [value], variadic: value, result: "reflect.Value") { _, args in args.last ?? .none },
            TemplateFunction("call", parameters: [value], variadic: value, result: "reflect.Value") { _, _ in .none },
            TemplateFunction("not", parameters: [value], result: "bool") { _, args in .bool(!args[0].isTrue) },
            TemplateFunction("len", parameters: [value], result: "int") { _, args in try length(args[0]) },
            TemplateFunction("index", parameters: [value], variadic: value, result: "reflect.Value") { _, args in
                try index(args[0], Array(args.dropFirst()))
            },
            TemplateFunction("slice", parameters: [value], variadic: value, result: "reflect.Value") { _, args in
                try slice(args[0], Array(args.dropFirst()))
            },
            TemplateFunction("print", parameters: [], variadic: .any, result: "string") { _, args in
                var out: [UInt8] = []
                GoFormat.sprint(args, into: &out)
                return .string(String(decoding: out, as: UTF8.self))
            },
            TemplateFunction("println", parameters: [], variadic: .any, result: "string") { _, args in
                var out: [UInt8] = []
                GoFormat.sprintln(args, into: &out)
                return .string(String(decoding: out, as: UTF8.self))
            },
            TemplateFunction("printf", parameters: [.string], variadic: .any, result: "string") { _, args in
                guard case .string(let format, _) = args[0] else { return .string("") }
                return .string(GoFormat.sprintf(format, Array(args.dropFirst())))
            },
            TemplateFunction("html", parameters: [], variadic: .any, result: "string") { _, args in
                .string(htmlEscape(evalArgs(args)))
            },
            TemplateFunction("js", parameters: [], variadic: .any, result: "string") { _, args in
                .string(jsEscape(evalArgs(args)))
            },
            TemplateFunction("urlquery", parameters: [], variadic: .any, result: "string") { _, args in
                .string(queryEscape(evalArgs(args)))
            },
            TemplateFunction("eq", parameters: [value], variadic: value, result: "bool") { _, args in
                .bool(try equal(args[0], Array(args.dropFirst())))
            },
            TemplateFunction("ne", parameters: [value, value], result: "bool") { _, args in
                .bool(try !equal(args[0], [args[1]]))
            },
            TemplateFunction("lt", parameters: [value, value], result: "bool") { _, args in
                .bool(try less(args[0], args[1]))
            },
            TemplateFunction("le", parameters: [value, value], result: "bool") { _, args in
                let lessThan = try less(args[0], args[1])
                return .bool(try lessThan || equal(args[0], [args[1]]))
            },
            TemplateFunction("gt", parameters: [value, value], result: "bool") { _, args in
                let lessThan = try less(args[0], args[1])
                return .bool(try !(lessThan || equal(args[0], [args[1]])))
            },
            TemplateFunction("ge", parameters: [value, value], result: "bool") { _, args in
                .bool(try !less(args[0], args[1]))
            },
        ]
        var map: [String: TemplateFunction] = [:]
        for function in list { map[function.name] = function }
        return map
    }()

    private static func fail(_ message: String) -> TemplateFunctionError { TemplateFunctionError(message) }

    // MARK: len, index, slice

    static func length(_ item: TemplateValue) throws -> TemplateValue {
        switch item {
        case .list(let list): return .int(list.elements.count)
        case .map(let map): return .int(map.count)
        case .string(let s, _): return .int(s.utf8.count)
        case .record(let record) where record.isNilPointer: throw fail("len of nil pointer")
        case .none: throw fail("reflect: call of reflect.Value.Type on zero Value")
        default: throw fail("len of type \(item.typeName)")
        }
    }

    /// Go's indexArg: an integer within 0...cap.
    private static func indexArgument(_ index: TemplateValue, cap: Int) throws -> Int {
        let x: Int64
        switch index {
        case .int(let value, _): x = value
        case .duration(let value): x = value
        case .none: throw fail("cannot index slice/array with nil")
        default: throw fail("cannot index slice/array with type \(index.typeName)")
        }
        if x < 0 || x > Int64(cap) { throw fail("index out of range: \(x)") }
        return Int(x)
    }

    static func index(_ item: TemplateValue, _ indexes: [TemplateValue]) throws -> TemplateValue {
        if case .none = item { throw fail("index of untyped nil") }
        var item = item
        for index in indexes {
            switch item {
            case .list(let list):
                let x = try indexArgument(index, cap: list.elements.count)
                guard x < list.elements.count else { throw fail("reflect: slice index out of range") }
                item = list.elements[x]
            case .string(let s, _):
                let bytes = Array(s.utf8)
                let x = try indexArgument(index, cap: bytes.count)
                guard x < bytes.count else { throw fail("reflect: string index out of range") }
                item = .int(Int64(bytes[x]), .uint8)
            case .map(let map):
                switch index {
                case .string(let key, "string"): item = map[key] ?? map.zeroElement
                case .none: throw fail("value is nil; should be of type string")
                default: throw fail("value has type \(index.typeName); should be string")
                }
            case .record(let record) where record.isNilPointer:
                throw fail("index of nil pointer")
            default:
                throw fail("can't index item of type \(item.typeName)")
            }
        }
        return item
    }

    static func slice(_ item: TemplateValue, _ indexes: [TemplateValue]) throws -> TemplateValue {
        if case .none = item { throw fail("slice of untyped nil") }
        if indexes.count > 3 { throw fail("too many slice indexes: \(indexes.count)") }
        let count: Int
        switch item {
        case .string(let s, _):
            if indexes.count == 3 { throw fail("cannot 3-index slice a string") }
            count = s.utf8.count
        case .list(let list): count = list.elements.count
        default: throw fail("can't slice item of type \(item.typeName)")
        }
        var idx = [0, count, count]
        for (i, index) in indexes.enumerated() { idx[i] = try indexArgument(index, cap: count) }
        if idx[0] > idx[1] { throw fail("invalid slice index: \(idx[0]) > \(idx[1])") }
        if indexes.count == 3, idx[1] > idx[2] { throw fail("invalid slice index: \(idx[1]) > \(idx[2])") }
        switch item {
        case .string(let s, let typeName):
            return .string(String(decoding: Array(s.utf8)[idx[0]..<idx[1]], as: UTF8.self), typeName: typeName)
        case .list(let list):
            return .list(TemplateList(Array(list.elements[idx[0]..<idx[1]]), typeName: list.typeName))
        default:
            return item
        }
    }

    // MARK: Comparison

    private enum BasicKind { case invalid, bool, int, uint, float, string }

    private static func basicKind(_ value: TemplateValue) -> BasicKind {
        switch value {
        case .bool: return .bool
        case .int(_, let type): return type.isUnsigned ? .uint : .int
        case .duration: return .int
        case .float: return .float
        case .string: return .string
        default: return .invalid
        }
    }

    private static func intValue(_ value: TemplateValue) -> Int64 {
        switch value {
        case .int(let i, _): return i
        case .duration(let d): return d
        default: return 0
        }
    }

    private static func isNil(_ value: TemplateValue) -> Bool {
        switch value {
        case .none: return true
        case .record(let record): return record.isNilPointer
        default: return false
        }
    }

    /// Go's reflect kind name family, for `canCompare`.
    private static func reflectKind(_ value: TemplateValue) -> String {
        switch value {
        case .none: return "invalid"
        case .list: return "slice"
        case .map: return "map"
        case .record(let record): return record.isPointer ? "ptr" : "struct"
        case .time(let time): return time.isPointer ? "ptr" : "struct"
        case .function: return "func"
        default: return "basic"
        }
    }

    static func equal(_ arg1: TemplateValue, _ others: [TemplateValue]) throws -> Bool {
        if others.isEmpty { throw fail("missing argument for comparison") }
        let k1 = basicKind(arg1)
        for arg in others {
            let k2 = basicKind(arg)
            var truth = false
            if k1 != k2 {
                switch (k1, k2) {
                case (.int, .uint): truth = intValue(arg1) >= 0 && intValue(arg1) == intValue(arg)
                case (.uint, .int): truth = intValue(arg) >= 0 && intValue(arg1) == intValue(arg)
                default:
                    if !arg1.isNone && !arg.isNone {
                        throw fail("incompatible types for comparison: \(arg1.typeName) and \(arg.typeName)")
                    }
                }
            } else {
                switch (arg1, arg) {
                case (.bool(let a), .bool(let b)): truth = a == b
                case (.float(let a), .float(let b)): truth = a == b
                case (.string(let a, _), .string(let b, _)): truth = a == b
                default:
                    if k1 == .int || k1 == .uint {
                        truth = intValue(arg1) == intValue(arg)
                    } else {
                        let kind1 = reflectKind(arg1), kind2 = reflectKind(arg)
                        if kind1 != kind2 && kind1 != "invalid" && kind2 != "invalid" {
                            throw fail("non-comparable types \(GoFormat.sprintV(arg1)): \(arg1.typeName), \(arg.typeName): \(GoFormat.sprintV(arg))")
                        }
                        if isNil(arg1) || isNil(arg) {
                            truth = isNil(arg) == isNil(arg1)
                        } else if case .time(let a) = arg1, case .time(let b) = arg, !a.isPointer {
                            truth = a == b
                        } else {
                            throw fail("non-comparable type \(GoFormat.sprintV(arg)): \(arg.typeName)")
                        }
                    }
                }
            }
            if truth { return true }
        }
        return false
    }

    static func less(_ arg1: TemplateValue, _ arg2: TemplateValue) throws -> Bool {
        let k1 = basicKind(arg1)
        let k2 = basicKind(arg2)
        if k1 == .invalid || k2 == .invalid { throw fail("invalid type for comparison") }
        if k1 != k2 {
            switch (k1, k2) {
            case (.int, .uint): return intValue(arg1) < 0 || UInt64(intValue(arg1)) < UInt64(bitPattern: intValue(arg2))
            case (.uint, .int): return intValue(arg2) >= 0 && UInt64(bitPattern: intValue(arg1)) < UInt64(intValue(arg2))
            default: throw fail("incompatible types for comparison: \(arg1.typeName) and \(arg2.typeName)")
            }
        }
        switch (arg1, arg2) {
        case (.bool, .bool): throw fail("invalid type for comparison")
        case (.float(let a), .float(let b)): return a < b
        case (.string(let a, _), .string(let b, _)): return GoString.less(a, b)
        default:
            if k1 == .uint { return UInt64(bitPattern: intValue(arg1)) < UInt64(bitPattern: intValue(arg2)) }
            return intValue(arg1) < intValue(arg2)
        }
    }

    // MARK: Escapers

    /// The text of the arguments, as `fmt.Sprint` would print them after the
    /// template's own indirection (a missing value is `<no value>`).
    static func evalArgs(_ args: [TemplateValue]) -> String {
        if args.count == 1, case .string(let s, _) = args[0] { return s }
        let printable = args.map { $0.isNone ? TemplateValue.string("<no value>") : $0 }
        var out: [UInt8] = []
        GoFormat.sprint(printable, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Go's `template.HTMLEscapeString`.
    static func htmlEscape(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        for byte in s.utf8 {
            switch byte {
            case 0: out.append(contentsOf: "\u{FFFD}".utf8)
            case UInt8(ascii: "\""): out.append(contentsOf: "&#34;".utf8)
            case UInt8(ascii: "'"): out.append(contentsOf: "&#39;".utf8)
            case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Go's `template.JSEscapeString`.
    static func jsEscape(_ s: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            case "\"": out += "\\\""
            case "<": out += "\\u003C"
            case ">": out += "\\u003E"
            case "&": out += "\\u0026"
            case "=": out += "\\u003D"
            default:
                if scalar.value < 0x20 {
                    out += "\\u00"
                    out.unicodeScalars.append(Unicode.Scalar(hex[Int(scalar.value >> 4)]))
                    out.unicodeScalars.append(Unicode.Scalar(hex[Int(scalar.value & 0x0F)]))
                } else if scalar.value < 0x80 || GoString.isPrintable(scalar) {
                    out.unicodeScalars.append(scalar)
                } else {
                    var digits = String(scalar.value, radix: 16, uppercase: true)
                    if digits.count < 4 { digits = String(repeating: "0", count: 4 - digits.count) + digits }
                    out += "\\u" + digits
                }
            }
        }
        return out
    }

    /// Go's `url.QueryEscape`.
    static func queryEscape(_ s: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                 UInt8(ascii: "~"):
                out.append(byte)
            case UInt8(ascii: " "):
                out.append(UInt8(ascii: "+"))
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: call

    /// Go's `call`: invokes a function value with checked arguments.
    static func call(_ name: String, _ argv: [TemplateValue], context: TemplateContext) throws -> TemplateValue {
        let fn = argv[0]
        let args = Array(argv.dropFirst())
        guard case .function(let function) = fn else {
            if case .none = fn { throw fail("call of nil") }
            throw fail("non-function \(name) of type \(fn.typeName)")
        }
        let numIn = function.parameters.count
        if function.variadic != nil {
            if args.count < numIn {
                throw fail("wrong number of args for \(name): got \(args.count) want at least \(numIn)")
            }
        } else if args.count != numIn {
            throw fail("wrong number of args for \(name): got \(args.count) want \(numIn)")
        }
        var prepared: [TemplateValue] = []
        for (i, arg) in args.enumerated() {
            let type = i < numIn ? function.parameters[i] : (function.variadic ?? .any)
            if case .none = arg {
                if !type.nillable { throw fail("arg \(i): value is nil; should be of type \(type.name)") }
                prepared.append(.none)
                continue
            }
            if type.accepts(arg) { prepared.append(arg); continue }
            if case .int(let value, _) = arg, type.kind == .int {
                prepared.append(.int(value, GoIntType(rawValue: type.name) ?? .int))
                continue
            }
            throw fail("arg \(i): value has type \(arg.typeName); should be \(type.name)")
        }
        return try function.body(context, prepared)
    }
}
