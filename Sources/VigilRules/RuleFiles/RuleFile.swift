import VigilCore

/// The query language of a rule file. A file's language is declared by the
/// caller (Vigil's config lists Prometheus and Loki rule files separately),
/// because an expression such as `count_over_time({job="x"}[5m])` is valid in
/// both languages with different meanings.
public enum RuleLanguage: String, Sendable, Hashable, CaseIterable {
    /// Prometheus rule files.
    case promql
    /// Loki ruler files: LogQL metric queries over logs.
    case logql
}

/// A position in a rule file (1-based line and column).
public struct FilePosition: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) { self.line = line; self.column = column }
    public var description: String { "\(line):\(column)" }
}

/// A parsed Prometheus/Loki rule file (`groups:`), as `rulefmt` models it.
public struct RuleFile: Sendable, Hashable {
    public var path: String
    public var language: RuleLanguage
    public var groups: [RuleGroupDefinition]

    public init(path: String, language: RuleLanguage, groups: [RuleGroupDefinition]) {
        self.path = path
        self.language = language
        self.groups = groups
    }

    public var ruleCount: Int { groups.reduce(0) { $0 + $1.rules.count } }
}

public struct RuleGroupDefinition: Sendable, Hashable {
    public var name: String
    /// Evaluation interval in milliseconds; nil means the global default.
    public var interval: Int64?
    /// Evaluate as of this many milliseconds ago (Prometheus `query_offset`).
    public var queryOffset: Int64?
    /// Alerts or series a rule may produce before the group fails; 0 is no limit.
    public var limit: Int
    /// Labels added to every rule's output (Prometheus 3.x group labels).
    public var labels: Labels
    /// Group labels given an empty value: like a rule's, they remove the
    /// label from the output (``labels`` cannot hold empty values).
    public var labelsRemoved: [String]
    public var rules: [RuleDefinition]
    public var position: FilePosition

    public init(name: String, interval: Int64? = nil, queryOffset: Int64? = nil, limit: Int = 0,
                labels: Labels = .empty, labelsRemoved: [String] = [], rules: [RuleDefinition] = [],
                position: FilePosition = .init(line: 1, column: 1)) {
        self.name = name
        self.interval = interval
        self.queryOffset = queryOffset
        self.limit = limit
        self.labels = labels
        self.labelsRemoved = labelsRemoved
        self.rules = rules
        self.position = position
    }
}

public struct RuleDefinition: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// A recording rule writing series named `record`.
        case recording(String)
        /// An alerting rule named `alert`.
        case alerting(String)
    }

    public var kind: Kind
    public var expr: String
    /// Alerting rules: how long the condition must hold before firing (ms).
    public var forDuration: Int64
    /// Alerting rules: how long to keep firing after the condition clears (ms).
    public var keepFiringFor: Int64
    public var labels: Labels
    /// Label names given an empty value. Prometheus removes such a label
    /// from the rule's output (recording rules) or from the alert's labels
    /// (alerting rules); ``labels`` cannot hold empty values.
    public var labelsRemoved: [String]
    /// Annotations in file order (templates are expanded per alert).
    public var annotations: [Label]
    public var position: FilePosition
    /// Where the expression text starts, for mapping expression errors back
    /// into the file.
    public var exprLocation: ScalarLocation?

    public init(kind: Kind, expr: String, forDuration: Int64 = 0, keepFiringFor: Int64 = 0,
                labels: Labels = .empty, labelsRemoved: [String] = [], annotations: [Label] = [],
                position: FilePosition = .init(line: 1, column: 1), exprLocation: ScalarLocation? = nil) {
        self.kind = kind
        self.expr = expr
        self.forDuration = forDuration
        self.keepFiringFor = keepFiringFor
        self.labels = labels
        self.labelsRemoved = labelsRemoved
        self.annotations = annotations
        self.position = position
        self.exprLocation = exprLocation
    }

    /// The rule's name: the alert name or the recorded metric name.
    public var name: String {
        switch kind {
        case .recording(let name), .alerting(let name): return name
        }
    }

    public var isAlerting: Bool {
        if case .alerting = kind { return true }
        return false
    }

    /// The labels a group applies for this rule, sorted by name: the group's
    /// labels overlaid by the rule's (Prometheus 3.x `FromMaps(group, rule)`),
    /// with empty values for labels to remove.
    public func effectiveLabels(in group: RuleGroupDefinition) -> [Label] {
        var byName: [String: String] = [:]
        for label in group.labels { byName[label.name] = label.value }
        for name in group.labelsRemoved { byName[name] = "" }
        for label in labels { byName[label.name] = label.value }
        for name in labelsRemoved { byName[name] = "" }
        return byName.keys.sorted(by: GoString.less).map { Label($0, byName[$0] ?? "") }
    }
}

/// How a YAML scalar's text maps onto the file, so that `line:column` inside
/// an expression can be reported as a file position.
public struct ScalarLocation: Sendable, Hashable {
    public enum Layout: Sendable, Hashable {
        /// Text on the line of the key (plain or single-quoted): expression
        /// line 1 column c is file column `start.column + c - 1 + quoteWidth`.
        case inline(quoteWidth: Int)
        /// A literal block (`|`): expression line n is file line
        /// `start.line + n`, indented by `indent` columns.
        case literalBlock(indent: Int)
        /// Folded or escaped text, where only the start is exact.
        case approximate
    }

    public var start: FilePosition
    public var layout: Layout

    /// The file position of a 1-based position inside the scalar's text.
    public func filePosition(line: Int, column: Int) -> FilePosition {
        switch layout {
        case .inline(let quoteWidth) where line == 1:
            return FilePosition(line: start.line, column: start.column + quoteWidth + column - 1)
        case .literalBlock(let indent):
            return FilePosition(line: start.line + line, column: indent + column)
        default:
            return start
        }
    }
}
