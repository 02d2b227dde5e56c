import VigilCore

/// One execution of a parsed template: walks the tree, evaluates pipelines
/// with Go's rules (`text/template/exec.go`), and appends output bytes.
/// Errors read exactly like Go's:
/// `template: NAME:LINE:COL: executing "NAME" at <NODE>: REASON`.
final class Executor {
    private let template: Template
    private let context: TemplateContext
    var output: [UInt8]
    private var variables: [(name: String, value: TemplateValue)] = []
    private var currentName: String
    private var node: Located = .none
    private var depth = 0

    /// Recursion limit for `{{template}}` calls. Go allows 100000; Swift's
    /// stacks are smaller, so Vigil stops earlier with Go's message.
    static let maxExecutionDepth = 100

    enum Flow { case normal, breakLoop, continueLoop }

    /// The node an error is reported at.
    enum Located {
        case none
        case operand(Operand)
        case pipe(PipeNode)
        case command(CommandNode)
        case node(Node)

        var position: Int? {
            switch self {
            case .none: return nil
            case .operand(let o): return o.position
            case .pipe(let p): return p.position
            case .command(let c): return c.position
            case .node(let n):
                switch n {
                case .action(let a): return a.position
                case .branch(let b): return b.position
                case .template(let t): return t.position
                case .breakLoop(let p), .continueLoop(let p): return p
                case .text, .list: return 0
                }
            }
        }

        var description: String {
            switch self {
            case .none: return ""
            case .operand(let o): return o.description
            case .pipe(let p): return p.description
            case .command(let c): return c.description
            case .node(let n): return n.description
            }
        }
    }

    init(template: Template, data: TemplateValue, context: TemplateContext, output: [UInt8]) {
        self.template = template
        self.context = context
        self.output = output
        self.currentName = template.name
        variables = [("$", data)]
    }

    func run(_ root: [Node], dot: TemplateValue) throws(TemplateError) {
        _ = try walkList(dot, root)
    }

    // MARK: Errors

    private func at(_ located: Located) { node = located }

    func error(_ message: String) -> TemplateError {
        guard let position = node.position else {
            return TemplateError(kind: .execution, message: "template: \(currentName): \(message)")
        }
        let (line, column) = template.lineAndColumn(of: position)
        return TemplateError(kind: .execution, message:
            "template: \(template.name):\(line):\(column): executing \(GoString.quote(currentName)) at <\(node.description)>: \(message)")
    }

    // MARK: Variables

    private func push(_ name: String, _ value: TemplateValue) { variables.append((name, value)) }
    private var mark: Int { variables.count }
    private func pop(to mark: Int) {
        if variables.count > mark { variables.removeLast(variables.count - mark) }
    }

    private func setVariable(_ name: String, _ value: TemplateValue) throws(TemplateError) {
        for index in stride(from: variables.count - 1, through: 0, by: -1) where variables[index].name == name {
            variables[index].value = value
            return
        }
        throw error("undefined variable: \(name)")
    }

    private func setTopVariable(_ n: Int, _ value: TemplateValue) {
        variables[variables.count - n].value = value
    }

    private func variable(_ name: String) throws(TemplateError) -> TemplateValue {
        for index in stride(from: variables.count - 1, through: 0, by: -1) where variables[index].name == name {
            return variables[index].value
        }
        throw error("undefined variable: \(name)")
    }

    // MARK: Walking

    private func walkList(_ dot: TemplateValue, _ nodes: [Node]) throws(TemplateError) -> Flow {
        for node in nodes {
            let flow = try walk(dot, node)
            if case .normal = flow { continue }
            return flow
        }
        return .normal
    }

    private func walk(_ dot: TemplateValue, _ node: Node) throws(TemplateError) -> Flow {
        switch node {
        case .text(let bytes):
            output.append(contentsOf: bytes)
        case .action(let action):
            at(.node(node))
            // Variables declared by an action persist until the next {{end}};
            // a declaring action prints nothing.
            let value = try evalPipeline(dot, action.pipe)
            if action.pipe.declarations.isEmpty { try printValue(node, value) }
        case .branch(let branch):
            at(.node(node))
            switch branch.kind {
            case .ifBranch, .withBranch: return try walkIfOrWith(branch, dot)
            case .rangeBranch: return try walkRange(branch, node, dot)
            }
        case .list(let nodes):
            return try walkList(dot, nodes)
        case .template(let call):
            try walkTemplate(call, node, dot)
        case .breakLoop:
            return .breakLoop
        case .continueLoop:
            return .continueLoop
        }
        return .normal
    }

    private func walkIfOrWith(_ branch: BranchNode, _ dot: TemplateValue) throws(TemplateError) -> Flow {
        let saved = mark
        defer { pop(to: saved) }
        let value = try evalPipeline(dot, branch.pipe)
        if value.isTrue {
            return try walkList(branch.kind == .withBranch ? value : dot, branch.list)
        }
        if let elseList = branch.elseList { return try walkList(dot, elseList) }
        return .normal
    }

    private func walkRange(_ branch: BranchNode, _ node: Node, _ dot: TemplateValue) throws(TemplateError) -> Flow {
        let saved = mark
        defer { pop(to: saved) }
        let value = try evalPipeline(dot, branch.pipe)
        let bodyMark = mark
        let pipe = branch.pipe
        // Returns false when the loop is broken out of.
        func iteration(_ index: TemplateValue, _ element: TemplateValue) throws(TemplateError) -> Bool {
            if !pipe.declarations.isEmpty {
                if pipe.isAssign {
                    try setVariable(pipe.declarations[0], pipe.declarations.count > 1 ? index : element)
                } else {
                    setTopVariable(1, element)
                }
            }
            if pipe.declarations.count > 1 {
                if pipe.isAssign { try setVariable(pipe.declarations[1], element) } else { setTopVariable(2, index) }
            }
            defer { pop(to: bodyMark) }
            let flow = try walkList(element, branch.list)
            if case .breakLoop = flow { return false }
            return true
        }
        switch value {
        case .int(let count, let type):
            if pipe.declarations.count > 1 {
                throw error("can't use \(GoFormat.sprintV(value)) to iterate over more than one variable")
            }
            if count > 0 {
                var i: Int64 = 0
                while i < count {
                    if try !iteration(.none, .int(i, type)) { break }
                    i += 1
                }
                return .normal
            }
        case .list(let list):
            if !list.elements.isEmpty {
                for (index, element) in list.elements.enumerated() {
                    if try !iteration(.int(index), element) { break }
                }
                return .normal
            }
        case .map(let map):
            if map.count > 0 {
                for index in 0..<map.count {
                    if try !iteration(.string(map.keys[index]), map.values[index]) { break }
                }
                return .normal
            }
        case .none:
            break  // a nil map or slice acts like an empty one
        case .record(let record) where record.isNilPointer:
            break
        default:
            throw error("range can't iterate over \(GoFormat.sprintV(value))")
        }
        if let elseList = branch.elseList { return try walkList(dot, elseList) }
        return .normal
    }

    private func walkTemplate(_ call: TemplateCallNode, _ node: Node, _ dot: TemplateValue) throws(TemplateError) {
        at(.node(node))
        guard let body = template.definitions[call.name] else {
            throw error("template \(GoString.quote(call.name)) not defined")
        }
        if depth >= Executor.maxExecutionDepth {
            throw error("exceeded maximum template depth (\(Executor.maxExecutionDepth))")
        }
        // Variables declared by the pipeline persist in the caller.
        let newDot = try call.pipe.map { pipe throws(TemplateError) in try evalPipeline(dot, pipe) } ?? .none
        // No dynamic scoping: the callee sees only "$".
        let savedVariables = variables
        let savedName = currentName
        variables = [("$", newDot)]
        currentName = call.name
        depth += 1
        defer {
            depth -= 1
            variables = savedVariables
            currentName = savedName
        }
        _ = try walkList(newDot, body)
    }

    // MARK: Pipelines and commands

    private func evalPipeline(_ dot: TemplateValue, _ pipe: PipeNode) throws(TemplateError) -> TemplateValue {
        at(.pipe(pipe))
        var value: TemplateValue? = nil
        for command in pipe.commands {
            value = try evalCommand(dot, command, final: value)
        }
        let result = value ?? .none
        for name in pipe.declarations {
            if pipe.isAssign { try setVariable(name, result) } else { push(name, result) }
        }
        return result
    }

    private func notAFunction(_ arguments: [Operand], _ final: TemplateValue?) throws(TemplateError) {
        if arguments.count > 1 || final != nil {
            throw error("can't give argument to non-function \(arguments[0])")
        }
    }

    private func evalCommand(_ dot: TemplateValue, _ command: CommandNode, final: TemplateValue?)
        throws(TemplateError) -> TemplateValue {
        let first = command.arguments[0]
        switch first {
        case .field(_, let names):
            at(.operand(first))
            return try evalFieldChain(dot, receiver: dot, first, names[...], arguments: command.arguments, final: final)
        case .chain:
            return try evalChain(dot, first, arguments: command.arguments, final: final)
        case .identifier(_, let name):
            return try evalFunction(dot, first, name: name, callNode: .command(command), arguments: command.arguments,
                                    final: final)
        case .pipe(let pipe):
            try notAFunction(command.arguments, final)
            return try evalPipeline(dot, pipe)
        case .variable:
            return try evalVariable(dot, first, arguments: command.arguments, final: final)
        default:
            break
        }
        at(.operand(first))
        try notAFunction(command.arguments, final)
        switch first {
        case .bool(_, let value): return .bool(value)
        case .dot: return dot
        case .nilLiteral: throw error("nil is not a command")
        case .number(let number): return try idealConstant(number)
        case .string(_, _, let text): return .string(text)
        default: throw error("can't evaluate command \(GoString.quote(first.description))")
        }
    }

    /// A number literal where no type is known: its syntax decides (Go's idealConstant).
    private func idealConstant(_ number: NumberLiteral) throws(TemplateError) -> TemplateValue {
        at(.operand(.number(number)))
        let text = number.text
        let isHexInt = text.count > 2 && text.hasPrefix("0") && (text.dropFirst().first == "x" || text.dropFirst().first == "X")
            && !text.contains(where: { $0 == "p" || $0 == "P" })
        let isRuneInt = text.hasPrefix("'")
        if number.isFloat && !isHexInt && !isRuneInt && text.contains(where: { ".eEpP".contains($0) }) {
            return .float(number.float64)
        }
        if number.isInt { return .int(number.int64, .int) }
        if number.isUint { throw error("\(text) overflows int") }
        return .none
    }

    private func evalChain(_ dot: TemplateValue, _ chain: Operand, arguments: [Operand]?, final: TemplateValue?)
        throws(TemplateError) -> TemplateValue {
        at(.operand(chain))
        guard case .chain(_, let base, let fields) = chain else { return .none }
        if case .nilLiteral = base { throw error("indirection through explicit nil in \(chain)") }
        let receiver = try evalArg(dot, nil, base)
        return try evalFieldChain(dot, receiver: receiver, chain, fields[...], arguments: arguments, final: final)
    }

    private func evalVariable(_ dot: TemplateValue, _ operand: Operand, arguments: [Operand]?, final: TemplateValue?)
        throws(TemplateError) -> TemplateValue {
        at(.operand(operand))
        guard case .variable(_, let names) = operand else { return .none }
        let value = try variable(names[0])
        if names.count == 1 {
            try notAFunction(arguments ?? [], final)
            return value
        }
        return try evalFieldChain(dot, receiver: value, operand, names.dropFirst(), arguments: arguments, final: final)
    }

    private func evalFieldChain(_ dot: TemplateValue, receiver: TemplateValue, _ node: Operand,
                                _ names: ArraySlice<String>, arguments: [Operand]?, final: TemplateValue?)
        throws(TemplateError) -> TemplateValue {
        var receiver = receiver
        for name in names.dropLast() {
            receiver = try evalField(dot, name, node, arguments: nil, final: nil, receiver: receiver)
        }
        return try evalField(dot, names[names.endIndex - 1], node, arguments: arguments, final: final, receiver: receiver)
    }

    private func evalFunction(_ dot: TemplateValue, _ identifier: Operand, name: String, callNode: Located,
                              arguments: [Operand]?, final: TemplateValue?) throws(TemplateError) -> TemplateValue {
        at(.operand(identifier))
        if let function = template.functions[name] {
            return try evalCall(dot, function, isBuiltin: false, callNode, name, arguments, final)
        }
        if let builtin = Builtins.functions[name] {
            return try evalCall(dot, builtin, isBuiltin: true, callNode, name, arguments, final)
        }
        throw error("\(GoString.quote(name)) is not a defined function")
    }

    /// `.Field` on a value: a method, a struct field or a map entry.
    private func evalField(_ dot: TemplateValue, _ name: String, _ node: Operand, arguments: [Operand]?,
                           final: TemplateValue?, receiver: TemplateValue) throws(TemplateError) -> TemplateValue {
        if case .none = receiver {
            if template.missingKey == .error { throw error("nil data; no entry for key \(GoString.quote(name))") }
            return .none
        }
        if let method = Methods.method(named: name, on: receiver) {
            return try evalCall(dot, method, isBuiltin: false, .operand(node), name, arguments, final)
        }
        let hasArguments = (arguments?.count ?? 0) > 1 || final != nil
        switch receiver {
        case .record(let record):
            if record.isNilPointer {
                throw error("nil pointer evaluating \(receiver.typeName).\(name)")
            }
            if let value = record.field(name) {
                if hasArguments { throw error("\(name) has arguments but cannot be invoked as function") }
                return value
            }
        case .map(let map):
            if hasArguments { throw error("\(name) is not a method but has arguments") }
            if let value = map[name] { return value }
            switch template.missingKey {
            case .invalid: return .none
            case .zero: return map.zeroElement
            case .error: throw error("map has no entry for key \(GoString.quote(name))")
            }
        default:
            break
        }
        throw error("can't evaluate field \(name) in type \(receiver.typeName)")
    }

    // MARK: Calls

    private func evalCall(_ dot: TemplateValue, _ function: TemplateFunction, isBuiltin: Bool, _ callNode: Located,
                          _ name: String, _ arguments: [Operand]?, _ final: TemplateValue?)
        throws(TemplateError) -> TemplateValue {
        let args = arguments.map { Array($0.dropFirst()) } ?? []
        let numIn = args.count + (final != nil ? 1 : 0)
        var numFixed = args.count
        if function.variadic != nil {
            numFixed = function.parameters.count
            if numIn < numFixed {
                throw error("wrong number of args for \(name): want at least \(function.parameters.count) got \(args.count)")
            }
        } else if numIn != function.parameters.count {
            throw error("wrong number of args for \(name): want \(function.parameters.count) got \(numIn)")
        }

        // and/or evaluate their arguments lazily and return one of them.
        if isBuiltin && (name == "and" || name == "or") {
            var value: TemplateValue = .none
            for arg in args {
                value = try evalArg(dot, .value, arg)
                if value.isTrue == (name == "or") { return value }
            }
            if let final { value = final }
            return value
        }

        var argv: [TemplateValue] = []
        argv.reserveCapacity(numIn)
        var i = 0
        while i < numFixed && i < args.count {
            argv.append(try evalArg(dot, function.parameters[i], args[i]))
            i += 1
        }
        if let variadic = function.variadic {
            while i < args.count {
                argv.append(try evalArg(dot, variadic, args[i]))
                i += 1
            }
        }
        if let final {
            var type = function.parameters.last ?? .any
            if let variadic = function.variadic {
                type = numIn - 1 < numFixed ? function.parameters[numIn - 1] : variadic
            }
            argv.append(try validateType(final, type))
        }

        if isBuiltin && name == "call" {
            let calleeName = args.first?.description ?? (final.map(GoFormat.sprintV) ?? "")
            do {
                return try Builtins.call(calleeName, argv, context: context)
            } catch {
                at(callNode)
                throw self.error("error calling call: \(error)")
            }
        }
        do {
            return try function.body(context, argv)
        } catch {
            at(callNode)
            throw self.error("error calling \(name): \(error)")
        }
    }

    /// Go's validateType: the value must be assignable to the parameter.
    private func validateType(_ value: TemplateValue, _ type: GoParameterType?) throws(TemplateError) -> TemplateValue {
        guard let type else { return value }
        if case .none = value {
            if type.nillable { return .none }
            throw error("invalid value; expected \(type.name)")
        }
        if type.accepts(value) { return value }
        throw error("wrong type for value; expected \(type.name); got \(value.typeName)")
    }

    private func evalArg(_ dot: TemplateValue, _ type: GoParameterType?, _ operand: Operand)
        throws(TemplateError) -> TemplateValue {
        at(.operand(operand))
        switch operand {
        case .dot: return try validateType(dot, type)
        case .nilLiteral:
            if type?.nillable ?? true { return .none }
            throw error("cannot assign nil to \(type?.name ?? "<nil>")")
        case .field(_, let names):
            at(.operand(operand))
            return try validateType(
                try evalFieldChain(dot, receiver: dot, operand, names[...], arguments: [operand], final: nil), type)
        case .variable:
            return try validateType(try evalVariable(dot, operand, arguments: nil, final: nil), type)
        case .pipe(let pipe):
            return try validateType(try evalPipeline(dot, pipe), type)
        case .identifier(_, let name):
            return try validateType(
                try evalFunction(dot, operand, name: name, callNode: .operand(operand), arguments: nil, final: nil), type)
        case .chain:
            return try validateType(try evalChain(dot, operand, arguments: nil, final: nil), type)
        default:
            break
        }
        let kind = type?.kind ?? .interface
        switch kind {
        case .bool:
            if case .bool(_, let value) = operand { return .bool(value) }
            throw error("expected bool; found \(operand)")
        case .float:
            if case .number(let n) = operand, n.isFloat { return .float(n.float64) }
            throw error("expected float; found \(operand)")
        case .int:
            if case .number(let n) = operand, n.isInt {
                return .int(n.int64, GoIntType(rawValue: type?.name ?? "int") ?? .int)
            }
            throw error("expected integer; found \(operand)")
        case .string:
            if case .string(_, _, let text) = operand { return .string(text) }
            throw error("expected string; found \(operand)")
        case .interface, .reflectValue:
            switch operand {
            case .bool(_, let value): return .bool(value)
            case .number(let n): return try idealConstant(n)
            case .string(_, _, let text): return .string(text)
            default: throw error("can't handle assignment of \(operand) to empty interface argument")
            }
        case .other:
            throw error("can't handle \(operand) for arg of type \(type?.name ?? "")")
        }
    }

    // MARK: Printing

    private func printValue(_ node: Node, _ value: TemplateValue) throws(TemplateError) {
        at(.node(node))
        switch value {
        case .none:
            output.append(contentsOf: "<no value>".utf8)
        case .function:
            throw error("can't print \(node) of type \(value.typeName)")
        case .string(let text, _):
            output.append(contentsOf: text.utf8)
        default:
            GoFormat.formatV(value, into: &output)
        }
    }
}
