import VigilCore

/// An error from parsing or executing a template, worded as Go's
/// `text/template` words it (`template: NAME:LINE: ...` for parse errors,
/// `template: NAME:LINE:COL: executing "NAME" at <NODE>: ...` for execution).
public struct TemplateError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case parse, execution }
    public let kind: Kind
    public let message: String
    public var description: String { message }

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }
}

/// Go's `missingkey` option: what `.key` yields for a key a map lacks.
public enum MissingKeyOption: Sendable {
    /// Go's default: the invalid value, printed `<no value>`.
    case invalid
    /// `missingkey=zero`: the zero value of the map's element type (Prometheus, Loki).
    case zero
    /// `missingkey=error`: execution stops.
    case error
}

/// A parsed Go `text/template`. Parse once, execute many times (from any
/// thread): execution never mutates the template.
public final class Template: Sendable {
    /// The template's name, used in error messages.
    public let name: String
    public let functions: FunctionMap
    public let missingKey: MissingKeyOption
    let root: [Node]
    /// Templates defined with `{{define}}`/`{{block}}`, plus the main one.
    let definitions: [String: [Node]]
    private let lineStarts: [Int]

    public init(name: String, text: String, functions: FunctionMap = FunctionMap(),
                missingKey: MissingKeyOption = .invalid) throws(TemplateError) {
        self.name = name
        self.functions = functions
        self.missingKey = missingKey
        let bytes = Array(text.utf8)
        var parser = Parser(name: name, text: bytes) { candidate in
            functions[candidate] != nil || Builtins.functions[candidate] != nil
        }
        root = try parser.parse()
        definitions = parser.definitions
        var starts = [0]
        for (index, byte) in bytes.enumerated() where byte == 0x0A { starts.append(index + 1) }
        lineStarts = starts
    }

    /// Executes the template with `data` as dot (and `$`), appending the
    /// output to `output`. On error, `output` holds what was written before
    /// the failure, as with Go's writer.
    public func execute(_ data: TemplateValue, context: TemplateContext = TemplateContext(),
                        into output: inout [UInt8]) throws(TemplateError) {
        let executor = Executor(template: self, data: data, context: context, output: output)
        output = []
        defer { swap(&output, &executor.output) }
        try executor.run(root, dot: data)
    }

    /// Executes the template and returns the output as a string.
    public func execute(_ data: TemplateValue, context: TemplateContext = TemplateContext()) throws(TemplateError)
        -> String {
        var output: [UInt8] = []
        try execute(data, context: context, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Names of the templates this text defines (besides its own name).
    public var definedTemplateNames: [String] { definitions.keys.filter { $0 != name }.sorted() }

    /// When the whole template is `{{.name}}`, the key it reads. Loki copies
    /// such a label straight into the line without executing the template.
    public var singleFieldKey: String? {
        guard root.count == 1, case .action(let action) = root[0], action.pipe.declarations.isEmpty,
              action.pipe.commands.count == 1, action.pipe.commands[0].arguments.count == 1,
              case .field(_, let names) = action.pipe.commands[0].arguments[0], names.count == 1 else { return nil }
        return names[0]
    }

    /// Every `.field` name the template reads (Loki's `RequiredLabelNames`).
    public var referencedFields: [String] {
        var names: [String] = []
        func visit(_ nodes: [Node]) {
            for node in nodes {
                switch node {
                case .action(let action): visitPipe(action.pipe)
                case .branch(let branch):
                    visitPipe(branch.pipe)
                    visit(branch.list)
                    if let elseList = branch.elseList { visit(elseList) }
                case .list(let inner): visit(inner)
                case .template(let call): if let pipe = call.pipe { visitPipe(pipe) }
                default: break
                }
            }
        }
        func visitPipe(_ pipe: PipeNode) {
            for command in pipe.commands {
                for argument in command.arguments { visitOperand(argument) }
            }
        }
        func visitOperand(_ operand: Operand) {
            switch operand {
            case .field(_, let fieldNames): names.append(contentsOf: fieldNames)
            case .pipe(let pipe): visitPipe(pipe)
            case .chain(_, let base, _): visitOperand(base)
            default: break
            }
        }
        visit(root)
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }

    /// 1-based line and 0-based byte column of a byte offset, as Go's
    /// `ErrorContext` reports them.
    func lineAndColumn(of position: Int) -> (Int, Int) {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= position { low = mid } else { high = mid - 1 }
        }
        return (low + 1, position - lineStarts[low])
    }
}
