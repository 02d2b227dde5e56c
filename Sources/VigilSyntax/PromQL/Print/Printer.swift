import VigilCore

/// Prometheus's canonical form (`promql/parser/printer.go`, what `String()`
/// returns): `sum by (job) (rate(http_requests_total{status=~"5.."}[5m]))`.
/// Matchers are sorted, numbers print as Go's `FormatFloat(v, 'f', -1)`,
/// durations as `model.Duration`, strings as `strconv.Quote`.
extension Expr: CustomStringConvertible {
    public var description: String {
        var out = ""
        write(to: &out)
        return out
    }

    /// `guardTrailingOffset`: an arithmetic operator follows this text, so a
    /// trailing `offset (...)` must be written `offset +(...)`. Unsigned, the
    /// parenthesis would let the operator continue the offset's duration
    /// expression when read back (`foo offset (1h) * 2` is a 2h offset).
    func write(to out: inout String, guardTrailingOffset: Bool = false) {
        switch self {
        case .number(let literal): literal.write(to: &out)
        case .string(let literal): out += GoString.quote(utf8: literal.bytes)
        case .vectorSelector(let selector): selector.write(to: &out, guardTrailingOffset: guardTrailingOffset)
        case .matrixSelector(let matrix): matrix.write(to: &out)
        case .subquery(let subquery):
            subquery.expr.write(to: &out)
            subquery.writeSuffix(to: &out)
        case .call(let call):
            out += call.function.name
            out += "("
            for (index, arg) in call.args.enumerated() {
                if index > 0 { out += ", " }
                arg.write(to: &out)
            }
            out += ")"
        case .aggregate(let aggregate):
            aggregate.writeOperator(to: &out)
            out += "("
            if let param = aggregate.param {
                param.write(to: &out)
                out += ", "
            }
            aggregate.expr.write(to: &out)
            out += ")"
        case .binary(let binary):
            if binary.hasUnsignedInfinityBase {
                out += "Inf"
            } else {
                binary.lhs.write(to: &out, guardTrailingOffset: binary.op.continuesDurations)
            }
            out += " "
            binary.writeOperator(to: &out)
            out += " "
            binary.rhs.write(to: &out, guardTrailingOffset: guardTrailingOffset)
        case .unary(let unary):
            out += unary.op.rawValue
            unary.expr.write(to: &out, guardTrailingOffset: guardTrailingOffset)
        case .paren(let paren):
            out += "("
            paren.expr.write(to: &out)
            out += ")"
        }
    }
}

extension NumberLiteral: CustomStringConvertible {
    public var description: String {
        var out = ""
        write(to: &out)
        return out
    }

    func write(to out: inout String) {
        guard isDuration else {
            out += GoFloat.format(value, .f)
            return
        }
        // `model.Duration` text with the sign written first, as Prometheus
        // does, but from the rounded milliseconds: Prometheus truncates
        // `v * 1e9` and so prints `8001ms` (8.001 s) as `8s`.
        if value < 0 {
            out += "-" + PromDuration.format(durationMilliseconds(seconds: -value))
        } else {
            out += PromDuration.format(durationMilliseconds(seconds: value))
        }
    }
}

/// A duration literal's milliseconds: its value came from whole milliseconds.
func durationMilliseconds(seconds: Double) -> Int64 {
    let milliseconds = (seconds * 1000).rounded()
    guard milliseconds.isFinite, milliseconds > -0x1p63, milliseconds < 0x1p63 else { return 0 }
    return Int64(milliseconds)
}

extension DurationValue: CustomStringConvertible {
    public var description: String {
        switch self {
        case .constant(let milliseconds): return PromDuration.format(milliseconds)
        case .expression(let expr): return expr.description
        }
    }

    /// ` offset 5m`, ` offset -5m`, ` offset (1h * 2)`; nothing for zero.
    func writeOffset(to out: inout String, guarded: Bool = false) {
        switch self {
        case .constant(let milliseconds) where milliseconds > 0:
            out += " offset " + PromDuration.format(milliseconds)
        case .constant(let milliseconds) where milliseconds < 0:
            out += " offset -" + PromDuration.format(-milliseconds)
        case .constant:
            break
        case .expression(let expr):
            if guarded, case .paren = expr { out += " offset +" } else { out += " offset " }
            out += expr.description
        }
    }
}

extension DurationExpr: CustomStringConvertible {
    public var description: String {
        var out = ""
        write(to: &out)
        return out
    }

    func write(to out: inout String) {
        switch self {
        case .number(let literal): literal.write(to: &out)
        case .step: out += "step()"
        case .range: out += "range()"
        case .negate(let inner, _):
            out += "-"
            inner.write(to: &out)
        case .binary(let op, let lhs, let rhs):
            lhs.write(to: &out)
            out += " " + op.rawValue + " "
            rhs.write(to: &out)
        case .minOf(let lhs, let rhs, _), .maxOf(let lhs, let rhs, _):
            if case .minOf = self { out += "min_of(" } else { out += "max_of(" }
            lhs.write(to: &out)
            out += ", "
            rhs.write(to: &out)
            out += ")"
        case .paren(let inner, _):
            out += "("
            inner.write(to: &out)
            out += ")"
        }
    }
}

extension AtModifier {
    /// ` @ 1609746000.000`, ` @ start()`, ` @ end()`.
    func write(to out: inout String) {
        switch self {
        case .timestamp(let milliseconds):
            out += " @ " + GoFloat.format(Double(milliseconds) / 1000, .f, precision: 3)
        case .start: out += " @ start()"
        case .end: out += " @ end()"
        }
    }
}

extension VectorSelector {
    func write(to out: inout String, guardTrailingOffset: Bool = false) {
        writeNameAndMatchers(to: &out)
        at?.write(to: &out)
        if let extendedRange { out += " " + extendedRange.rawValue }
        offset?.writeOffset(to: &out, guarded: guardTrailingOffset)
    }

    /// The name and the sorted matchers, leaving out the matcher the name implies.
    func writeNameAndMatchers(to out: inout String) {
        var texts: [String] = []
        texts.reserveCapacity(matchers.count)
        for matcher in matchers {
            if matcher.name == "__name__", matcher.kind == .equal, let name, matcher.value == name, !name.isEmpty {
                continue
            }
            texts.append(printedMatcher(matcher))
        }
        out += name ?? ""
        guard !texts.isEmpty else {
            // Only `info(v, {})` accepts a selector without matchers;
            // Prometheus prints it as nothing, which does not parse back.
            if name == nil { out += "{}" }
            return
        }
        texts.sort(by: GoString.less)
        out += "{"
        out += texts.joined(separator: ",")
        out += "}"
    }
}

extension MatrixSelector {
    /// `name{...}[range]`, then `anchored`/`smoothed`, `@`, `offset`.
    func write(to out: inout String) {
        selector.writeNameAndMatchers(to: &out)
        out += "[" + range.description + "]"
        if let extendedRange = selector.extendedRange { out += " " + extendedRange.rawValue }
        selector.at?.write(to: &out)
        selector.offset?.writeOffset(to: &out)
    }
}

extension SubqueryExpr {
    /// `[range:step]`, then `@`, `offset`.
    func writeSuffix(to out: inout String) {
        out += "[" + range.description + ":" + (step?.description ?? "") + "]"
        at?.write(to: &out)
        offset?.writeOffset(to: &out)
    }
}

extension AggregateExpr {
    /// `sum`, `sum by (job) `, `sum without (job) `.
    func writeOperator(to out: inout String) {
        out += op.rawValue
        if without {
            out += " without ("
            writeLabels(grouping, to: &out)
            out += ") "
        } else if !grouping.isEmpty {
            out += " by ("
            writeLabels(grouping, to: &out)
            out += ") "
        }
    }
}

extension BinaryOperator {
    /// The operators that can continue a duration expression.
    var continuesDurations: Bool {
        switch self {
        case .add, .sub, .mul, .div, .mod, .pow: return true
        default: return false
        }
    }
}

extension BinaryExpr {
    /// `Inf ^ x`: Prometheus prints the base as `+Inf`, which reads back as
    /// `+(Inf ^ x)` because a sign binds looser than `^`. Vigil writes `Inf`
    /// there so that printing and parsing stay inverse.
    var hasUnsignedInfinityBase: Bool {
        guard op == .pow, case .number(let literal) = lhs else { return false }
        return !literal.isDuration && literal.value == .infinity
    }

    /// `+`, `> bool`, `* on (job) group_left (team) fill (0)`.
    func writeOperator(to out: inout String) {
        out += op.rawValue
        if returnBool { out += " bool" }
        guard let matching else { return }
        let grouped = matching.cardinality == .manyToOne || matching.cardinality == .oneToMany
        if !matching.matchingLabels.isEmpty || matching.on || grouped {
            out += matching.on ? " on (" : " ignoring ("
            writeLabels(matching.matchingLabels, to: &out)
            out += ")"
        }
        if grouped {
            out += matching.cardinality == .manyToOne ? " group_left (" : " group_right ("
            writeLabels(matching.include, to: &out)
            out += ")"
        }
        switch matching.fill {
        case .both(let value)?:
            out += " fill (" + GoFloat.formatV(value) + ")"
        case .sides(let left, let right)?:
            if let left { out += " fill_left (" + GoFloat.formatV(left) + ")" }
            if let right { out += " fill_right (" + GoFloat.formatV(right) + ")" }
        case nil:
            break
        }
    }
}

/// `Matcher.String()`. Matchers hold Swift strings, in which an invalid
/// UTF-8 byte from a `\x` or octal escape has become U+FFFD; it is written
/// as `\ufffd` (the lexer rejects a raw U+FFFD) so the text parses back.
func printedMatcher(_ matcher: LabelMatcher) -> String {
    let text = matcher.description
    guard text.unicodeScalars.contains("\u{FFFD}") else { return text }
    var out = ""
    for scalar in text.unicodeScalars {
        if scalar == "\u{FFFD}" { out += "\\ufffd" } else { out.unicodeScalars.append(scalar) }
    }
    return out
}

/// Label names joined by `, `, quoted when not a legacy (`[a-zA-Z_][a-zA-Z0-9_]*`) name.
func writeLabels(_ labels: [String], to out: inout String) {
    for (index, label) in labels.enumerated() {
        if index > 0 { out += ", " }
        out += GoString.isLegacyLabelName(label) ? label : GoString.quote(label)
    }
}
