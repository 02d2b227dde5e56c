import VigilCore

/// The parse tree of a template, shaped like Go's `text/template/parse`
/// nodes. Positions are byte offsets into the template text; `description`
/// reproduces Go's `Node.String()`, which error messages quote as
/// `at <...>`.
indirect enum Node: Sendable {
    case text([UInt8])
    case action(ActionNode)
    case branch(BranchNode)
    case list([Node])
    case template(TemplateCallNode)
    case breakLoop(position: Int)
    case continueLoop(position: Int)
}

struct ActionNode: Sendable {
    let position: Int
    let pipe: PipeNode
}

struct BranchNode: Sendable {
    enum Kind: String, Sendable { case ifBranch = "if", rangeBranch = "range", withBranch = "with" }
    let kind: Kind
    let position: Int
    let pipe: PipeNode
    let list: [Node]
    let elseList: [Node]?
}

struct TemplateCallNode: Sendable {
    let position: Int
    let name: String
    let pipe: PipeNode?
}

final class PipeNode: Sendable {
    let position: Int
    let isAssign: Bool
    /// Declared or assigned variable names (`$x`), in source order.
    let declarations: [String]
    let declarationPositions: [Int]
    let commands: [CommandNode]

    init(position: Int, isAssign: Bool, declarations: [String], declarationPositions: [Int], commands: [CommandNode]) {
        self.position = position
        self.isAssign = isAssign
        self.declarations = declarations
        self.declarationPositions = declarationPositions
        self.commands = commands
    }
}

struct CommandNode: Sendable {
    let position: Int
    let arguments: [Operand]
}

/// One space-separated element of a command.
indirect enum Operand: Sendable {
    case field(position: Int, names: [String])
    /// `names[0]` is the variable (`$x`), the rest are fields.
    case variable(position: Int, names: [String])
    case identifier(position: Int, name: String)
    case dot(position: Int)
    case nilLiteral(position: Int)
    case bool(position: Int, value: Bool)
    case number(NumberLiteral)
    case string(position: Int, quoted: String, text: String)
    case pipe(PipeNode)
    /// `(pipeline).Field1.Field2`
    case chain(position: Int, base: Operand, fields: [String])

    var position: Int {
        switch self {
        case .field(let p, _), .variable(let p, _), .identifier(let p, _), .dot(let p), .nilLiteral(let p),
             .bool(let p, _), .string(let p, _, _), .chain(let p, _, _):
            return p
        case .number(let n): return n.position
        case .pipe(let pipe): return pipe.position
        }
    }
}

/// A number literal with Go's interpretations: it may be usable as an int,
/// a uint and/or a float at once (`1` is all three, `1.5` only a float).
struct NumberLiteral: Sendable {
    let position: Int
    let text: String
    var isInt = false, isUint = false, isFloat = false
    var int64: Int64 = 0
    var uint64: UInt64 = 0
    var float64: Double = 0
}

// MARK: Go's String() forms

extension Node: CustomStringConvertible {
    var description: String {
        switch self {
        case .text(let bytes): return GoString.quote(String(decoding: bytes, as: UTF8.self))
        case .action(let action): return "{{\(action.pipe)}}"
        case .branch(let branch):
            var out = "{{\(branch.kind.rawValue) \(branch.pipe)}}" + branch.list.map(\.description).joined()
            if let elseList = branch.elseList { out += "{{else}}" + elseList.map(\.description).joined() }
            return out + "{{end}}"
        case .list(let nodes): return nodes.map(\.description).joined()
        case .template(let call):
            if let pipe = call.pipe { return "{{template \(GoString.quote(call.name)) \(pipe)}}" }
            return "{{template \(GoString.quote(call.name))}}"
        case .breakLoop: return "{{break}}"
        case .continueLoop: return "{{continue}}"
        }
    }
}

extension PipeNode: CustomStringConvertible {
    var description: String {
        var out = ""
        if !declarations.isEmpty {
            out = declarations.joined(separator: ", ") + (isAssign ? " = " : " := ")
        }
        out += commands.map(\.description).joined(separator: " | ")
        return out
    }
}

extension CommandNode: CustomStringConvertible {
    var description: String {
        arguments.map { argument -> String in
            if case .pipe(let pipe) = argument { return "(\(pipe))" }
            return argument.description
        }.joined(separator: " ")
    }
}

extension Operand: CustomStringConvertible {
    var description: String {
        switch self {
        case .field(_, let names): return names.map { "." + $0 }.joined()
        case .variable(_, let names): return names.joined(separator: ".")
        case .identifier(_, let name): return name
        case .dot: return "."
        case .nilLiteral: return "nil"
        case .bool(_, let value): return value ? "true" : "false"
        case .number(let number): return number.text
        case .string(_, let quoted, _): return quoted
        case .pipe(let pipe): return pipe.description
        case .chain(_, let base, let fields):
            var out = base.description
            if case .pipe = base { out = "(" + out + ")" }
            return out + fields.map { "." + $0 }.joined()
        }
    }
}
