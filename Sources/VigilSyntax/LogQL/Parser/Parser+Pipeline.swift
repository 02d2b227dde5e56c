import VigilCore

/// The stages of a log pipeline.
extension LogQLParserCore {
    /// Stages until a token that cannot continue the pipeline; with
    /// `allowUnwrap`, a final `| unwrap ...` ends it.
    mutating func parsePipeline(allowUnwrap: Bool) throws(ParseError) -> ([PipelineStage], Unwrap?) {
        var stages: [PipelineStage] = []
        while true {
            if kind.lineFilterOperation != nil {
                // `!=` is also the inequality operator of metric expressions;
                // it filters lines only before a string or `ip(...)`.
                guard kind != .neq || peekKind() == .string || peekKind() == .ip else { break }
                stages.append(contentsOf: try parseLineFilters())
                continue
            }
            guard kind == .pipe else { break }
            if peekKind() == .unwrap {
                guard allowUnwrap else {
                    advance()
                    throw unexpected()
                }
                return (stages, try parseUnwrap())
            }
            advance()
            stages.append(try parseStage())
        }
        return (stages, nil)
    }

    /// A line filter and its `or` alternatives. A negated filter with
    /// alternatives becomes one negated filter per operand, as Loki's
    /// parser rewrites `!= "a" or "b"` into `!= "a" != "b"`.
    mutating func parseLineFilters() throws(ParseError) -> [PipelineStage] {
        let start = current.start
        guard let operation = advance().kind.lineFilterOperation else { throw unexpected() }
        let operand = try parseLineFilterOperand()
        var alternatives: [LineFilter.Operand] = []
        var last = operand
        while kind == .or, !last.isIP, peekKind() == .string || peekKind() == .ip {
            advance()
            last = try parseLineFilterOperand()
            alternatives.append(last)
        }
        var filters = [LineFilter(operation: operation, operand: operand, alternatives: alternatives)]
        if operation.isNegated, !alternatives.isEmpty {
            filters = ([operand] + alternatives).map { LineFilter(operation: operation, operand: $0) }
        }
        for filter in filters { try LogQLStageCheck.check(filter, failure: { failure($0, start, lastEnd) }) }
        return filters.map { .lineFilter($0) }
    }

    /// `"text"` or `ip("pattern")`.
    mutating func parseLineFilterOperand() throws(ParseError) -> LineFilter.Operand {
        if accept(.ip) {
            try expect(.leftParen, "(")
            let pattern = try expect(.string, "STRING")
            try expect(.rightParen, ")")
            return LineFilter.Operand(pattern.text, isIP: true)
        }
        return LineFilter.Operand(try expect(.string, "STRING or ip").text)
    }

    /// The stage after a `|`.
    mutating func parseStage() throws(ParseError) -> PipelineStage {
        let start = current.start
        let stage: PipelineStage
        switch kind {
        case .json:
            advance()
            stage = .json(kind == .identifier ? try parseExtractions() : [])
        case .logfmt:
            advance()
            var parser = LogfmtParserStage()
            while kind == .flag {
                let flag = advance().text
                if flag == "--strict" { parser.strict = true } else { parser.keepEmpty = true }
            }
            if kind == .identifier { parser.extractions = try parseExtractions() }
            stage = .logfmt(parser)
        case .regexp:
            advance()
            stage = .regexp(try expect(.string, "STRING").text)
        case .pattern:
            advance()
            stage = .pattern(try expect(.string, "STRING").text)
        case .unpack:
            advance()
            stage = .unpack
        case .lineFormat:
            advance()
            stage = .lineFormat(try expect(.string, "STRING").text)
        case .decolorize:
            advance()
            stage = .decolorize
        case .labelFormat:
            advance()
            stage = .labelFormat(try parseLabelFormats())
        case .drop:
            advance()
            stage = .drop(try parseNamedMatchers())
        case .keep:
            advance()
            stage = .keep(try parseNamedMatchers())
        case .identifier, .leftParen:
            stage = .labelFilter(try parseLabelFilterExpression())
        default:
            throw unexpected()
        }
        try LogQLStageCheck.check(stage, failure: { failure($0, start, lastEnd) })
        return stage
    }

    /// `a="x.y", b, c="d[0]"`.
    mutating func parseExtractions() throws(ParseError) -> [LabelExtraction] {
        var extractions: [LabelExtraction] = []
        repeat {
            let label = try expect(.identifier, "IDENTIFIER").text
            if accept(.eq) {
                extractions.append(LabelExtraction(label: label, expression: try expect(.string, "STRING").text))
            } else {
                extractions.append(LabelExtraction(label: label, expression: label))
            }
        } while accept(.comma)
        return extractions
    }

    /// `dst=src` (rename) and `dst="template"`, comma separated.
    mutating func parseLabelFormats() throws(ParseError) -> [LabelFormatOperation] {
        var operations: [LabelFormatOperation] = []
        repeat {
            let destination = try expect(.identifier, "IDENTIFIER").text
            try expect(.eq, "=")
            switch kind {
            case .identifier:
                operations.append(.rename(destination: destination, source: advance().text))
            case .string:
                operations.append(.template(destination: destination, template: advance().text))
            default:
                throw unexpected(expecting: "IDENTIFIER or STRING")
            }
        } while accept(.comma)
        return operations
    }

    /// `a, b="c", d=~"e"` of `drop` and `keep`.
    mutating func parseNamedMatchers() throws(ParseError) -> [NamedLabelMatcher] {
        var entries: [NamedLabelMatcher] = []
        repeat {
            if kind == .identifier, [.eq, .neq, .re, .nre].contains(peekKind()) {
                entries.append(.matcher(try parseMatcher()))
            } else {
                entries.append(.name(try expect(.identifier, "IDENTIFIER").text))
            }
        } while accept(.comma)
        return entries
    }
}
