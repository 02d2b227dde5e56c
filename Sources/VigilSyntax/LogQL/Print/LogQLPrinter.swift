import VigilCore

/// Loki's `String()` forms: matchers in source order, strings with Go's
/// `strconv.Quote`, ranges as Prometheus durations, offsets and label
/// filter durations as Go durations, binary expressions in parentheses.
/// Three departures keep `parse(e.description) == e`: a byte size that
/// go-humanize would round (`2560` prints as `2.6kB`) prints as exact bytes,
/// `ignoring () group_left` keeps its grouping (Loki drops both), and the
/// literals NaN and ±Inf, which LogQL has no syntax for, print as the
/// arithmetic that folds to them (`(0 / 0)`; Loki prints `NaN`).
extension LogQLExpr: CustomStringConvertible {
    static func literalText(_ value: Double) -> String {
        if value.isNaN { return "(0 / 0)" }
        if value.isInfinite { return value > 0 ? "(10 ^ 400)" : "(-1 * 10 ^ 400)" }
        return GoFloat.formatV(value)
    }

    public var description: String {
        switch self {
        case .log(let selector): return selector.description
        case .rangeAggregation(let node): return node.description
        case .vectorAggregation(let node): return node.description
        case .binary(let node): return node.description
        case .literal(let number): return Self.literalText(number.value)
        case .vector(let number): return "vector(" + GoFloat.format(number.value, .f, precision: 6) + ")"
        case .labelReplace(let node): return node.description
        }
    }
}

extension LogSelector: CustomStringConvertible {
    public var description: String {
        let braces = "{" + matchers.map(\.logQLDescription).joined(separator: ", ") + "}"
        if stages.isEmpty { return braces }
        return braces + " " + stages.map(\.description).joined(separator: " ")
    }
}

extension PipelineStage: CustomStringConvertible {
    public var description: String {
        switch self {
        case .lineFilter(let filter):
            return filter.description
        case .json(let extractions):
            if extractions.isEmpty { return "| json" }
            return "| json " + extractions.map { $0.label + "=" + GoString.quote($0.expression) }.joined(separator: ",")
        case .logfmt(let parser):
            var out = "| logfmt"
            if parser.extractions.isEmpty {
                if parser.strict { out += " --strict" }
                if parser.keepEmpty { out += " --keep-empty" }
                return out
            }
            out += " "
            if parser.strict { out += "--strict " }
            if parser.keepEmpty { out += "--keep-empty " }
            return out + parser.extractions.map { $0.label + "=" + GoString.quote($0.expression) }.joined(separator: ",")
        case .regexp(let pattern):
            return "| regexp " + GoString.quote(pattern)
        case .pattern(let pattern):
            return "| pattern " + GoString.quote(pattern)
        case .unpack:
            return "| unpack"
        case .labelFilter(let filter):
            return "| " + filter.description
        case .lineFormat(let template):
            return "| line_format " + GoString.quote(template)
        case .labelFormat(let operations):
            return "| label_format " + operations.map { operation in
                switch operation {
                case .rename(let destination, let source): return destination + "=" + source
                case .template(let destination, let template): return destination + "=" + GoString.quote(template)
                }
            }.joined(separator: ",")
        case .decolorize:
            return "| decolorize"
        case .drop(let entries):
            return "| drop " + entries.map(\.description).joined(separator: ",")
        case .keep(let entries):
            return "| keep " + entries.map(\.description).joined(separator: ",")
        }
    }
}

extension NamedLabelMatcher: CustomStringConvertible {
    public var description: String {
        switch self {
        case .name(let name): return name
        case .matcher(let matcher): return matcher.logQLDescription
        }
    }
}

extension LabelMatcher {
    /// `name="value"`: LogQL label names are identifiers (Unicode letters
    /// included) and are never quoted, unlike Prometheus 3's printer.
    var logQLDescription: String { name + kind.rawValue + GoString.quote(value) }
}

extension LineFilter: CustomStringConvertible {
    public var description: String {
        var out = operation.rawValue + " " + operand.description
        for alternative in alternatives { out += " or " + alternative.description }
        return out
    }
}

extension LineFilter.Operand: CustomStringConvertible {
    public var description: String { isIP ? "ip(" + GoString.quote(value) + ")" : GoString.quote(value) }
}

extension LabelFilter: CustomStringConvertible {
    public var description: String {
        switch self {
        case .and(let lhs, let rhs): return "( " + lhs.description + " , " + rhs.description + " )"
        case .or(let lhs, let rhs): return "( " + lhs.description + " or " + rhs.description + " )"
        case .matcher(let matcher):
            // Loki prints a regex it could not reduce to literal filters in backticks.
            if matcher.kind == .regexMatch, !LogQLRegexShape.reducesToLiterals(matcher.value, anchored: true) {
                let quoted = matcher.value.contains("`") ? GoString.quote(matcher.value) : "`" + matcher.value + "`"
                return matcher.name + matcher.kind.rawValue + quoted
            }
            return matcher.logQLDescription
        case .number(let name, let op, let value):
            return name + op.rawValue + GoFloat.format(value.value, .f)
        case .duration(let name, let op, let nanos):
            return name + op.rawValue + GoTimeDuration.format(nanos)
        case .bytes(let name, let op, let bytes):
            let human = HumanizeBytes.format(bytes).replacingSpaces()
            let exact = (try? HumanizeBytes.parse(human)) == bytes
            return name + op.rawValue + (exact ? human : String(bytes) + "B")
        case .ip(let name, let negated, let pattern):
            return name + (negated ? "!=" : "=") + "ip(" + GoString.quote(pattern) + ")"
        }
    }
}

extension RangeAggregation: CustomStringConvertible {
    public var description: String {
        var out = operation.rawValue + "("
        if let parameter { out += GoFloat.format(parameter, .f) + "," }
        out += range.description + ")"
        if let grouping { out += grouping.description }
        return out
    }
}

extension LogRange: CustomStringConvertible {
    public var description: String {
        var out = selector.description
        if let unwrap { out += unwrap.description }
        out += "[" + PromDuration.format(rangeNanos / 1_000_000) + "]"
        if offsetNanos != 0 { out += " offset " + GoTimeDuration.format(offsetNanos) }
        return out
    }
}

extension Unwrap: CustomStringConvertible {
    public var description: String {
        var out = conversion == .float ? " | unwrap " + label : " | unwrap " + conversion.rawValue + "(" + label + ")"
        for filter in postFilters { out += " | " + filter.description }
        return out
    }
}

extension LogQLGrouping: CustomStringConvertible {
    public var description: String {
        (without ? " without " : " by ") + "(" + labels.joined(separator: ",") + ")"
    }
}

extension VectorAggregation: CustomStringConvertible {
    public var description: String {
        var out = operation.rawValue
        if !grouping.isSingleton { out += grouping.description }
        out += "("
        if let parameter { out += String(parameter) + "," }
        return out + expr.description + ")"
    }
}

extension LogQLBinaryExpr: CustomStringConvertible {
    public var description: String {
        var op = self.op.rawValue
        if returnBool { op += " bool" }
        let grouped = matching.cardinality == .manyToOne || matching.cardinality == .oneToMany
        if matching.on || !matching.matchingLabels.isEmpty || grouped {
            var group = ""
            if matching.cardinality == .manyToOne { group = "group_left" }
            if matching.cardinality == .oneToMany { group = "group_right" }
            if !matching.include.isEmpty { group += " (" + matching.include.joined(separator: ",") + ")" }
            op += " " + (matching.on ? "on" : "ignoring") + " (" + matching.matchingLabels.joined(separator: ",")
                + ") " + group
        }
        return "(" + lhs.description + " " + op + " " + rhs.description + ")"
    }
}

extension LogQLLabelReplace: CustomStringConvertible {
    public var description: String {
        "label_replace(" + expr.description + "," + GoString.quote(destination) + "," + GoString.quote(replacement)
            + "," + GoString.quote(source) + "," + GoString.quote(regex) + ")"
    }
}

extension String {
    func replacingSpaces() -> String { String(unicodeScalars.filter { !$0.properties.isWhitespace }) }
}
