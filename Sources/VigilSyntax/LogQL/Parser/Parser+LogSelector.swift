import VigilCore

/// Stream selectors, log pipelines and the log ranges of range aggregations.
extension LogQLParserCore {
    /// `{matchers} pipeline`; a pipeline here may not contain `unwrap`.
    mutating func parseLogSelector() throws(ParseError) -> LogSelector {
        var selector = try parseStreamSelector()
        let (stages, _) = try parsePipeline(allowUnwrap: false)
        selector.stages = stages
        selector.sourceRange = range(selector.sourceRange.start.offset, lastEnd)
        return selector
    }

    /// `{a="b", c=~"d"}` or `{}` (rejected later by validation, as in Loki).
    mutating func parseStreamSelector() throws(ParseError) -> LogSelector {
        let open = try expect(.leftBrace, "{")
        var matchers: [LabelMatcher] = []
        if !accept(.rightBrace) {
            while true {
                matchers.append(try parseMatcher())
                if accept(.rightBrace) { break }
                try expect(.comma, ", or }")
            }
        }
        return LogSelector(matchers: matchers, sourceRange: range(open.start, lastEnd))
    }

    /// `name op "value"` with `=`, `!=`, `=~`, `!~`.
    mutating func parseMatcher() throws(ParseError) -> LabelMatcher {
        let name = try expect(.identifier, "IDENTIFIER")
        let type: LabelMatcher.Kind
        switch kind {
        case .eq: type = .equal
        case .neq: type = .notEqual
        case .re: type = .regexMatch
        case .nre: type = .regexNoMatch
        default: throw unexpected(expecting: "=, !=, =~ or !~")
        }
        advance()
        let value = try expect(.string, "STRING")
        do {
            return try LabelMatcher(type, name.text, value.text)
        } catch {
            throw failure(error.description, name.start, value.end)
        }
    }

    // MARK: Log ranges

    /// Every form Loki's grammar accepts: the range after the selector or
    /// after the pipeline, `unwrap` before or after the range, an optional
    /// `offset`, and parentheses around the selector or the whole range.
    mutating func parseLogRange() throws(ParseError) -> LogRange {
        try enter()
        defer { leave() }
        if kind == .leftParen {
            advance()
            if kind == .leftParen {
                let inner = try parseLogRange()
                try expect(.rightParen, ")")
                return inner
            }
            var selector = try parseStreamSelector()
            let (stages, unwrap) = try parsePipeline(allowUnwrap: true)
            selector.stages = stages
            selector.sourceRange = range(selector.sourceRange.start.offset, lastEnd)
            if kind == .range {
                let inner = try parseRangeSuffix(selector, unwrap: unwrap)
                try expect(.rightParen, ")")
                return inner
            }
            try expect(.rightParen, ")")
            let rangeToken = try expect(.range, "RANGE")
            let offset = try parseOffset()
            var result = LogRange(selector: selector, rangeNanos: rangeToken.nanos, offsetNanos: offset, unwrap: unwrap)
            if stages.isEmpty, unwrap == nil, kind == .pipe, peekKind() == .unwrap {
                result.unwrap = try parseUnwrap()
            }
            return result
        }
        var selector = try parseStreamSelector()
        let (stages, unwrap) = try parsePipeline(allowUnwrap: true)
        selector.stages = stages
        selector.sourceRange = range(selector.sourceRange.start.offset, lastEnd)
        return try parseRangeSuffix(selector, unwrap: unwrap)
    }

    /// `[range] [offset d]`, then a pipeline and/or `unwrap` when neither
    /// came before the range.
    mutating func parseRangeSuffix(_ selector: LogSelector, unwrap: Unwrap?) throws(ParseError) -> LogRange {
        let rangeToken = try expect(.range, "RANGE")
        let offset = try parseOffset()
        var result = LogRange(selector: selector, rangeNanos: rangeToken.nanos, offsetNanos: offset, unwrap: unwrap)
        if selector.stages.isEmpty, unwrap == nil {
            let (stages, trailingUnwrap) = try parsePipeline(allowUnwrap: true)
            result.selector.stages = stages
            result.unwrap = trailingUnwrap
        }
        return result
    }

    /// `offset 1h` (Loki durations: Prometheus units, then Go's); 0 if absent.
    mutating func parseOffset() throws(ParseError) -> Int64 {
        guard accept(.offset) else { return 0 }
        return try expect(.duration, "DURATION").nanos
    }

    /// `| unwrap label` or `| unwrap bytes(label)`, then `| label filter`s.
    mutating func parseUnwrap() throws(ParseError) -> Unwrap {
        try expect(.pipe, "|")
        try expect(.unwrap, "unwrap")
        var unwrap: Unwrap
        if case .conversion(let conversion) = kind {
            advance()
            try expect(.leftParen, "(")
            let label = try expect(.identifier, "IDENTIFIER")
            try expect(.rightParen, ")")
            unwrap = Unwrap(label: label.text, conversion: conversion)
        } else {
            unwrap = Unwrap(label: try expect(.identifier, "IDENTIFIER").text)
        }
        while kind == .pipe, peekKind() == .identifier || peekKind() == .leftParen {
            advance()
            unwrap.postFilters.append(try parseLabelFilterExpression())
        }
        return unwrap
    }
}
