import VigilCore

/// Go's `text/template/parse` parser: a recursive-descent parser over the
/// lexer's items with three-token look-ahead, building the `Node` tree of
/// the main template plus every `{{define}}`/`{{block}}` it contains.
struct Parser {
    private var lexer: Lexer
    private let parseName: String
    private let text: [UInt8]
    private let hasFunction: (String) -> Bool
    private var tokens: [Item] = []  // look-ahead; token[0] is the most recent item read from the lexer
    private var peekCount = 0
    private var variables: [String] = ["$"]
    private var rangeDepth = 0
    private var stackDepth = 0
    private var actionLine = 0
    private(set) var definitions: [String: [Node]] = [:]

    /// Go allows 10000 nested parentheses; Swift's thread stacks are far
    /// smaller than Go's growable ones, so Vigil limits parentheses and
    /// nested control structures to this depth, with Go's message.
    static let maxStackDepth = 100
    private static let maxPipelineCommands = 100_000

    init(name: String, text: [UInt8], hasFunction: @escaping (String) -> Bool) {
        self.parseName = name
        self.text = text
        self.hasFunction = hasFunction
        self.lexer = Lexer(input: text, breakOK: !hasFunction("break"), continueOK: !hasFunction("continue"))
        tokens = [Item(kind: .eof, position: 0, value: "", line: 1), Item(kind: .eof, position: 0, value: "", line: 1),
                  Item(kind: .eof, position: 0, value: "", line: 1)]
    }

    /// Parses the whole text: returns the main template's nodes and records
    /// the templates it defines in `definitions`.
    mutating func parse() throws(TemplateError) -> [Node] {
        var root: [Node] = []
        while peek().kind != .eof {
            if peek().kind == .leftDelim {
                let delim = next()
                if nextNonSpace().kind == .define {
                    try parseDefinition()
                    continue
                }
                backup2(delim)
            }
            let node = try textOrAction()
            switch node {
            case .some(.end): throw error("unexpected {{end}}")
            case .some(.elseMarker): throw error("unexpected {{else}}")
            case .some(.node(let n)): root.append(n)
            case .none: break
            }
        }
        try add(name: parseName, nodes: root)
        return root
    }

    // MARK: Token stream

    private mutating func next() -> Item {
        if peekCount > 0 {
            peekCount -= 1
        } else {
            tokens[0] = lexer.nextItem()
        }
        return tokens[peekCount]
    }

    private mutating func backup() { peekCount += 1 }

    private mutating func backup2(_ t1: Item) {
        tokens[1] = t1
        peekCount = 2
    }

    private mutating func backup3(_ t2: Item, _ t1: Item) {
        tokens[1] = t1
        tokens[2] = t2
        peekCount = 3
    }

    private mutating func peek() -> Item {
        if peekCount > 0 { return tokens[peekCount - 1] }
        peekCount = 1
        tokens[0] = lexer.nextItem()
        return tokens[0]
    }

    private mutating func nextNonSpace() -> Item {
        var token: Item
        repeat { token = next() } while token.kind == .space
        return token
    }

    private mutating func peekNonSpace() -> Item {
        let token = nextNonSpace()
        backup()
        return token
    }

    // MARK: Errors

    private func error(_ message: String) -> TemplateError {
        TemplateError(kind: .parse, message: "template: \(parseName):\(tokens[0].line): \(message)")
    }

    private func unexpected(_ token: Item, _ context: String) -> TemplateError {
        if token.kind == .error {
            var extra = ""
            if actionLine != 0 && actionLine != token.line {
                extra = " in action started at \(parseName):\(actionLine)"
                if token.value.hasSuffix(" action") { extra = String(extra.dropFirst(" in action".count)) }
            }
            return error("\(token)\(extra)")
        }
        return error("unexpected \(token) in \(context)")
    }

    private mutating func expect(_ kind: Item.Kind, _ context: String) throws(TemplateError) -> Item {
        let token = nextNonSpace()
        if token.kind != kind { throw unexpected(token, context) }
        return token
    }

    // MARK: Definitions

    private mutating func add(name: String, nodes: [Node]) throws(TemplateError) {
        if let existing = definitions[name], !Parser.isEmptyTree(existing) {
            if !Parser.isEmptyTree(nodes) {
                throw error("template: multiple definition of template \(GoString.quote(name))")
            }
            return
        }
        definitions[name] = nodes
    }

    /// Go's `parse.IsEmptyTree`: only space and comments.
    static func isEmptyTree(_ nodes: [Node]) -> Bool {
        nodes.allSatisfy { node in
            switch node {
            case .text(let bytes): return bytes.allSatisfy { $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) }
            case .list(let inner): return isEmptyTree(inner)
            default: return false
            }
        }
    }

    private mutating func parseDefinition() throws(TemplateError) {
        let context = "define clause"
        let token = nextNonSpace()
        guard token.kind == .string || token.kind == .rawString else { throw unexpected(token, context) }
        let name: String
        do { name = try GoLiterals.unquote(token.value) } catch { throw self.error(error.message) }
        _ = try expect(.rightDelim, context)
        let savedVariables = variables
        variables = ["$"]
        let (list, end) = try itemList()
        variables = savedVariables
        if case .elseMarker = end { throw self.error("unexpected {{else}} in \(context)") }
        try add(name: name, nodes: list)
    }

    // MARK: Lists and actions

    private enum Parsed {
        case node(Node)
        case end
        case elseMarker
    }

    /// textOrAction* up to `{{end}}` or `{{else}}`.
    private mutating func itemList() throws(TemplateError) -> ([Node], Parsed) {
        var list: [Node] = []
        while peekNonSpace().kind != .eof {
            guard let parsed = try textOrAction() else { continue }
            switch parsed {
            case .end, .elseMarker: return (list, parsed)
            case .node(let n): list.append(n)
            }
        }
        throw error("unexpected EOF")
    }

    private mutating func textOrAction() throws(TemplateError) -> Parsed? {
        let token = nextNonSpace()
        switch token.kind {
        case .text:
            return .node(.text(Array(token.value.utf8)))
        case .leftDelim:
            actionLine = token.line
            defer { actionLine = 0 }
            return try action()
        default:
            throw unexpected(token, "input")
        }
    }

    private mutating func action() throws(TemplateError) -> Parsed {
        let token = nextNonSpace()
        switch token.kind {
        case .block: return .node(try blockControl())
        case .breakKeyword: return .node(try loopControl(token, isBreak: true))
        case .continueKeyword: return .node(try loopControl(token, isBreak: false))
        case .elseKeyword: return try elseControl()
        case .end:
            _ = try expect(.rightDelim, "end")
            return .end
        case .ifKeyword: return .node(try branchControl(.ifBranch))
        case .range: return .node(try branchControl(.rangeBranch))
        case .template: return .node(try templateControl())
        case .with: return .node(try branchControl(.withBranch))
        default: break
        }
        backup()
        let first = peek()
        // Variables declared here persist until the enclosing {{end}}.
        return .node(.action(ActionNode(position: first.position, pipe: try pipeline("command", end: .rightDelim))))
    }

    private mutating func loopControl(_ keyword: Item, isBreak: Bool) throws(TemplateError) -> Node {
        let name = isBreak ? "{{break}}" : "{{continue}}"
        let token = nextNonSpace()
        if token.kind != .rightDelim { throw unexpected(token, name) }
        if rangeDepth == 0 { throw error("\(name) outside {{range}}") }
        return isBreak ? .breakLoop(position: keyword.position) : .continueLoop(position: keyword.position)
    }

    private mutating func elseControl() throws(TemplateError) -> Parsed {
        let peeked = peekNonSpace()
        // "{{else if ...}}" and "{{else with ...}}" leave the keyword pending.
        if peeked.kind == .ifKeyword || peeked.kind == .with { return .elseMarker }
        _ = try expect(.rightDelim, "else")
        return .elseMarker
    }

    private mutating func branchControl(_ kind: BranchNode.Kind) throws(TemplateError) -> Node {
        let context = kind.rawValue
        if stackDepth >= Parser.maxStackDepth { throw error("max expression depth exceeded") }
        stackDepth += 1
        defer { stackDepth -= 1 }
        let savedCount = variables.count
        defer { variables.removeLast(variables.count - savedCount) }
        let pipe = try pipeline(context, end: .rightDelim)
        if kind == .rangeBranch { rangeDepth += 1 }
        let (list, next) = try itemList()
        if kind == .rangeBranch { rangeDepth -= 1 }
        var elseList: [Node]? = nil
        if case .elseMarker = next {
            if kind == .ifBranch, peek().kind == .ifKeyword {
                _ = self.next()
                elseList = [try branchControl(.ifBranch)]
            } else if kind == .withBranch, peek().kind == .with {
                _ = self.next()
                elseList = [try branchControl(.withBranch)]
            } else {
                let (list, end) = try itemList()
                guard case .end = end else { throw error("expected end; found {{else}}") }
                elseList = list
            }
        }
        return .branch(BranchNode(kind: kind, position: pipe.position, pipe: pipe, list: list, elseList: elseList))
    }

    private mutating func blockControl() throws(TemplateError) -> Node {
        let context = "block clause"
        let token = nextNonSpace()
        let name = try templateName(token, context)
        let pipe = try pipeline(context, end: .rightDelim)
        let savedVariables = variables
        let savedRangeDepth = rangeDepth
        variables = ["$"]
        rangeDepth = 0
        let (list, end) = try itemList()
        variables = savedVariables
        rangeDepth = savedRangeDepth
        if case .elseMarker = end { throw error("unexpected {{else}} in \(context)") }
        try add(name: name, nodes: list)
        return .template(TemplateCallNode(position: token.position, name: name, pipe: pipe))
    }

    private mutating func templateControl() throws(TemplateError) -> Node {
        let context = "template clause"
        let token = nextNonSpace()
        let name = try templateName(token, context)
        var pipe: PipeNode? = nil
        if nextNonSpace().kind != .rightDelim {
            backup()
            pipe = try pipeline(context, end: .rightDelim)
        }
        return .template(TemplateCallNode(position: token.position, name: name, pipe: pipe))
    }

    private func templateName(_ token: Item, _ context: String) throws(TemplateError) -> String {
        guard token.kind == .string || token.kind == .rawString else { throw unexpected(token, context) }
        do { return try GoLiterals.unquote(token.value) } catch { throw self.error(error.message) }
    }

    // MARK: Pipelines

    private mutating func pipeline(_ context: String, end: Item.Kind) throws(TemplateError) -> PipeNode {
        let start = peekNonSpace()
        var declarations: [String] = []
        var declarationPositions: [Int] = []
        var isAssign = false
        var commands: [CommandNode] = []
        declarationLoop: while true {
            let v = peekNonSpace()
            guard v.kind == .variable else { break }
            _ = next()
            // "$x foo" vs "$x := foo": remember the token after the variable to push it back.
            let tokenAfterVariable = peek()
            let following = peekNonSpace()
            if following.kind == .assign || following.kind == .declare {
                isAssign = following.kind == .assign
                _ = nextNonSpace()
                declarations.append(v.value)
                declarationPositions.append(v.position)
                variables.append(v.value)
                break declarationLoop
            } else if following.kind == .char && following.value == "," {
                _ = nextNonSpace()
                declarations.append(v.value)
                declarationPositions.append(v.position)
                variables.append(v.value)
                if context == "range" && declarations.count < 2 {
                    switch peekNonSpace().kind {
                    case .variable, .rightDelim, .rightParen: continue declarationLoop
                    default: throw error("range can only initialize variables")
                    }
                }
                throw error("too many declarations in \(context)")
            } else if tokenAfterVariable.kind == .space {
                backup3(v, tokenAfterVariable)
            } else {
                backup2(v)
            }
            break declarationLoop
        }
        while true {
            let token = nextNonSpace()
            switch token.kind {
            case end:
                let pipe = PipeNode(position: start.position, isAssign: isAssign, declarations: declarations,
                                    declarationPositions: declarationPositions, commands: commands)
                try checkPipeline(pipe, context)
                return pipe
            case .bool, .charConstant, .complex, .dot, .field, .identifier, .number, .nilKeyword, .rawString,
                 .string, .variable, .leftParen:
                backup()
                commands.append(try command())
                if commands.count > Parser.maxPipelineCommands { throw error("pipeline too long") }
            default:
                throw unexpected(token, context)
            }
        }
    }

    private func checkPipeline(_ pipe: PipeNode, _ context: String) throws(TemplateError) {
        if pipe.commands.isEmpty { throw error("missing value for \(context)") }
        for (index, command) in pipe.commands.enumerated().dropFirst() {
            switch command.arguments[0] {
            case .bool, .dot, .nilLiteral, .number, .string:
                throw error("non executable command in pipeline stage \(index + 1)")
            default: continue
            }
        }
    }

    private mutating func command() throws(TemplateError) -> CommandNode {
        let position = peekNonSpace().position
        var arguments: [Operand] = []
        loop: while true {
            _ = peekNonSpace()
            if let operand = try operand() { arguments.append(operand) }
            let token = next()
            switch token.kind {
            case .space: continue loop
            case .rightDelim, .rightParen: backup()
            case .pipe: break
            default: throw unexpected(token, "operand")
            }
            break loop
        }
        if arguments.isEmpty { throw error("empty command") }
        return CommandNode(position: position, arguments: arguments)
    }

    private mutating func operand() throws(TemplateError) -> Operand? {
        guard let node = try term() else { return nil }
        guard peek().kind == .field else { return node }
        let chainPosition = peek().position
        var fields: [String] = []
        while peek().kind == .field { fields.append(String(next().value.dropFirst())) }
        switch node {
        case .field(_, let names): return .field(position: chainPosition, names: names + fields)
        case .variable(_, let names): return .variable(position: chainPosition, names: names + fields)
        case .bool, .string, .number, .nilLiteral, .dot:
            throw error("unexpected . after term \(GoString.quote(node.description))")
        default: return .chain(position: chainPosition, base: node, fields: fields)
        }
    }

    private mutating func term() throws(TemplateError) -> Operand? {
        let token = nextNonSpace()
        switch token.kind {
        case .identifier:
            if !hasFunction(token.value) { throw error("function \(GoString.quote(token.value)) not defined") }
            return .identifier(position: token.position, name: token.value)
        case .dot: return .dot(position: token.position)
        case .nilKeyword: return .nilLiteral(position: token.position)
        case .variable:
            let names = token.value.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard variables.contains(names[0]) else {
                throw error("undefined variable \(GoString.quote(names[0]))")
            }
            return .variable(position: token.position, names: names)
        case .field: return .field(position: token.position, names: [String(token.value.dropFirst())])
        case .bool: return .bool(position: token.position, value: token.value == "true")
        case .charConstant, .complex, .number:
            do {
                return .number(try GoLiterals.number(position: token.position, text: token.value,
                                                     isChar: token.kind == .charConstant))
            } catch { throw self.error(error.message) }
        case .leftParen:
            if stackDepth >= Parser.maxStackDepth { throw error("max expression depth exceeded") }
            stackDepth += 1
            defer { stackDepth -= 1 }
            return .pipe(try pipeline("parenthesized pipeline", end: .rightParen))
        case .string, .rawString:
            do {
                return .string(position: token.position, quoted: token.value, text: try GoLiterals.unquote(token.value))
            } catch { throw self.error(error.message) }
        default:
            backup()
            return nil
        }
    }
}
