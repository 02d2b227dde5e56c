/// Prometheus's prettifier (`promql/parser/prettier.go`), what
/// `promtool promql format` prints: a node whose one-line form is longer
/// than the column limit is split, its children indented by two spaces per
/// level; shorter nodes stay on one line.
extension Expr {
    public static let defaultPrettyColumnLimit = 100

    public func pretty(columnLimit: Int = Expr.defaultPrettyColumnLimit) -> String {
        var printer = PrettyPrinter(columnLimit: columnLimit)
        return printer.pretty(self, level: 0, guardTrailingOffset: false)
    }
}

struct PrettyPrinter {
    let columnLimit: Int

    func indent(_ level: Int) -> String { String(repeating: "  ", count: level) }

    func needsSplit(_ text: String) -> Bool { text.utf8.count > columnLimit }

    /// `guardTrailingOffset` as in `Expr.write(to:guardTrailingOffset:)`.
    mutating func pretty(_ expr: Expr, level: Int, guardTrailingOffset: Bool) -> String {
        var oneLine = ""
        expr.write(to: &oneLine, guardTrailingOffset: guardTrailingOffset)
        switch expr {
        case .number, .string, .vectorSelector, .matrixSelector:
            return indent(level) + oneLine
        case .aggregate(let aggregate):
            guard needsSplit(oneLine) else { return indent(level) + oneLine }
            var head = ""
            aggregate.writeOperator(to: &head)
            var out = indent(level) + head + "(\n"
            if let param = aggregate.param { out += pretty(param, level: level + 1, guardTrailingOffset: false) + ",\n" }
            out += pretty(aggregate.expr, level: level + 1, guardTrailingOffset: false) + "\n" + indent(level) + ")"
            return out
        case .binary(let binary):
            guard needsSplit(oneLine) else { return indent(level) + oneLine }
            var op = ""
            binary.writeOperator(to: &op)
            let lhs = binary.hasUnsignedInfinityBase
                ? indent(level + 1) + "Inf"
                : pretty(binary.lhs, level: level + 1, guardTrailingOffset: binary.op.continuesDurations)
            return lhs + "\n" + indent(level) + op + "\n"
                + pretty(binary.rhs, level: level + 1, guardTrailingOffset: guardTrailingOffset)
        case .call(let call):
            guard needsSplit(oneLine) else { return indent(level) + oneLine }
            var args: [String] = []
            for arg in call.args { args.append(pretty(arg, level: level + 1, guardTrailingOffset: false)) }
            return indent(level) + call.function.name + "(\n" + args.joined(separator: ",\n") + "\n"
                + indent(level) + ")"
        case .paren(let paren):
            guard needsSplit(oneLine) else { return indent(level) + oneLine }
            return indent(level) + "(\n" + pretty(paren.expr, level: level + 1, guardTrailingOffset: false) + "\n"
                + indent(level) + ")"
        case .subquery(let subquery):
            // As in Prometheus, an unsplit subquery is not indented.
            guard needsSplit(oneLine) else { return oneLine }
            var suffix = ""
            subquery.writeSuffix(to: &suffix)
            return pretty(subquery.expr, level: level, guardTrailingOffset: false) + suffix
        case .unary(let unary):
            let child = pretty(unary.expr, level: level, guardTrailingOffset: guardTrailingOffset)
            return indent(level) + unary.op.rawValue + child.trimmingGoSpace()
        }
    }
}

extension String {
    /// `strings.TrimSpace` for the ASCII whitespace the printer produces.
    func trimmingGoSpace() -> String {
        let bytes = Array(utf8)
        var start = 0
        var end = bytes.count
        func isTrimmed(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D }
        while start < end, isTrimmed(bytes[start]) { start += 1 }
        while end > start, isTrimmed(bytes[end - 1]) { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
