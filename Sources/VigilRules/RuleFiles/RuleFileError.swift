/// One problem in a rule file, printed as `file:line:column: message` the
/// way `promtool check rules` reports it.
public struct RuleFileError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var position: FilePosition?
    public var message: String

    public init(file: String, position: FilePosition?, message: String) {
        self.file = file
        self.position = position
        self.message = message
    }

    public var description: String {
        if let position { return "\(file):\(position.line):\(position.column): \(message)" }
        return "\(file): \(message)"
    }
}

/// All problems found in one file; loading collects every error instead of
/// stopping at the first.
public struct RuleFileErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [RuleFileError]
    public init(_ errors: [RuleFileError]) { self.errors = errors }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
