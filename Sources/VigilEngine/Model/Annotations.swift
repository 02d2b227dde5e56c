/// An info or warning attached to a query result, as Prometheus's
/// `util/annotations` reports them (the text includes the `PromQL info:` or
/// `PromQL warning:` prefix).
import VigilSyntax

public struct Annotation: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable { case warning, info }

    public let kind: Kind
    public let message: String
    /// Where in the query the expression that raised it starts; the HTTP
    /// API appends it as ` (line:column)`, as Prometheus does.
    public let position: SourcePosition?

    public init(_ kind: Kind, _ message: String, at position: SourcePosition? = nil) {
        self.kind = kind
        self.message = message
        self.position = position
    }

    /// The text with its position, as Prometheus's API prints annotations.
    public var textWithPosition: String {
        guard let position else { return message }
        return "\(message) (\(position))"
    }

    public var description: String { message }
}

/// The annotations of one query, deduplicated by text and kept in the order
/// first raised.
public struct Annotations: Sendable, Equatable {
    public private(set) var items: [Annotation] = []
    private var seen: Set<String> = []

    public init() {}

    public mutating func add(_ annotation: Annotation) {
        if seen.insert(annotation.message).inserted { items.append(annotation) }
    }

    public mutating func merge(_ other: Annotations) {
        for item in other.items { add(item) }
    }

    public var warnings: [String] { items.filter { $0.kind == .warning }.map(\.message) }
    public var infos: [String] { items.filter { $0.kind == .info }.map(\.message) }
    public var isEmpty: Bool { items.isEmpty }

    public static func == (lhs: Annotations, rhs: Annotations) -> Bool { lhs.items == rhs.items }
}
