/// What may follow a binary operator: `bool`, `on(...)`/`ignoring(...)`,
/// `group_left(...)`/`group_right(...)`, and the fill modifiers.
extension ParserCore {
    struct BinaryModifiers {
        var returnBool = false
        var matching = VectorMatching()
    }

    mutating func parseBinaryModifiers() throws(ParseError) -> BinaryModifiers {
        var modifiers = BinaryModifiers()
        if current.kind == .bool {
            advance()
            modifiers.returnBool = true
        }
        if current.kind == .on || current.kind == .ignoring {
            modifiers.matching.on = advance().kind == .on
            modifiers.matching.matchingLabels = try parseGroupingLabels().0
            if current.kind == .groupLeft || current.kind == .groupRight {
                modifiers.matching.cardinality = advance().kind == .groupLeft ? .manyToOne : .oneToMany
                if current.kind == .leftParen {
                    modifiers.matching.include = try parseGroupingLabels().0
                }
            }
        }
        switch current.kind {
        case .fill:
            advance()
            modifiers.matching.fill = .both(try parseFillValue())
        case .fillLeft:
            advance()
            let left = try parseFillValue()
            var right: Double? = nil
            if current.kind == .fillRight {
                advance()
                right = try parseFillValue()
            }
            modifiers.matching.fill = .sides(left: left, right: right)
        case .fillRight:
            advance()
            let right = try parseFillValue()
            var left: Double? = nil
            if current.kind == .fillLeft {
                advance()
                left = try parseFillValue()
            }
            modifiers.matching.fill = .sides(left: left, right: right)
        default:
            break
        }
        return modifiers
    }

    /// `( [+|-] number )` after a fill keyword.
    mutating func parseFillValue() throws(ParseError) -> Double {
        let context = "fill modifier"
        guard current.kind == .leftParen else { throw unexpected(context, expected: "\"(\"") }
        advance()
        var negative = false
        if current.kind == .add || current.kind == .sub { negative = advance().kind == .sub }
        guard current.kind == .number || current.kind == .duration else {
            throw unexpected(context, expected: "number")
        }
        let value = try numberLiteral(advance()).value
        guard current.kind == .rightParen else { throw unexpected(context, expected: "\")\"") }
        advance()
        return negative ? -value : value
    }
}
