import VigilCore

/// The series-description grammar of Prometheus's PromQL parser
/// (`series_description` in `generated_parser.y`, lexed with the lexer's
/// `seriesDesc` mode), hand-written:
///
///     description := metric values
///     metric      := identifier [labelset] | labelset
///     values      := (space item)* [space]
///     item        := "_" ["x" uint] | value ["x" uint] | value signed "x" uint
///                  | histogram ["x" uint] | histogram ("+"|"-") histogram "x" uint
///     value       := "stale" | number | signed
///     signed      := ("+"|"-") number
struct SeriesDescriptionParser {
    private var cursor: ByteCursor
    private var values: [SeriesValue] = []

    init(_ bytes: UnsafeRawBufferPointer) { cursor = ByteCursor(bytes) }

    /// Words the PromQL lexer turns into tokens that cannot name a metric.
    private static let reservedMetricNames: Set<String> = ["bool", "on", "ignoring", "group_left", "group_right", "atan2", "inf", "nan"]
    /// Keywords; in a value position they are errors.
    private static let keywords: Set<String> = [
        "and", "or", "unless", "atan2", "sum", "avg", "count", "min", "max", "group", "stddev", "stdvar", "topk",
        "bottomk", "count_values", "quantile", "limitk", "limit_ratio", "offset", "smoothed", "anchored", "by",
        "without", "on", "ignoring", "group_left", "group_right", "bool", "start", "end", "step", "range",
    ]

    mutating func parse() throws(ColumnError) -> SeriesDescription {
        let labels = try parseMetric()
        try parseValues()
        return SeriesDescription(labels: labels, values: values)
    }

    // MARK: Metric

    private mutating func parseMetric() throws(ColumnError) -> Labels {
        cursor.skip(while: ByteCursor.isSpace)
        var pairs: [Label] = []
        var metricName: String? = nil
        if let name = LabelSetScanner.scanMetricName(&cursor) {
            let word = cursor.string(name)
            if Self.reservedMetricNames.contains(word.lowercased()) {
                throw ColumnError(column: name.lowerBound + 1, message: "unexpected \(GoString.quote(word)), expected metric name")
            }
            metricName = word
        } else if cursor.peek != 0x7B {
            let what = cursor.peek.map(LabelSetScanner.describe) ?? "end of input"
            throw ColumnError(column: cursor.column, message: "unexpected \(what), expected a series description")
        }
        if cursor.peek == 0x7B {
            try LabelSetScanner.promQL.scanBraces(&cursor, into: &pairs)
        }
        if let metricName { pairs.append(Label(Labels.metricName, metricName)) }
        return Labels(pairs)
    }

    // MARK: Values

    private enum Token: Equatable {
        case space, end, blank, times, plus, minus, openHistogram
        case number(String)
        case identifier(String)
        case keyword(String)

        var description: String {
            switch self {
            case .space: return "<space>"
            case .end: return "end of input"
            case .blank: return "\"_\""
            case .times: return "\"x\""
            case .plus: return "<op:+>"
            case .minus: return "<op:->"
            case .openHistogram: return "\"{{\""
            case .number(let text): return "number \(GoString.quote(text))"
            case .identifier(let text): return "identifier \(GoString.quote(text))"
            case .keyword(let text): return "<\(text)>"
            }
        }
    }

    private mutating func parseValues() throws(ColumnError) {
        while true {
            let column = cursor.column
            let token = try nextToken()
            if token == .end { return }
            guard token == .space else { throw unexpected(token, at: column) }
            let itemColumn = cursor.column
            let item = try nextToken()
            if item == .end { return }
            try parseItem(item, at: itemColumn)
        }
    }

    private mutating func parseItem(_ first: Token, at column: Int) throws(ColumnError) {
        switch first {
        case .blank:
            if cursor.peek == UInt8(ascii: "x") {
                _ = try nextToken()
                let count = try repetition()
                try add(.omitted, count: count, at: column)
            } else {
                try add(.omitted, count: 1, at: column)
            }
        case .openHistogram:
            try parseHistogramItem(startingAt: column)
        default:
            var value = try seriesValue(first, at: column)
            switch cursor.peek {
            case UInt8(ascii: "x"):
                _ = try nextToken()
                let count = try repetition()
                try add(value, count: count &+ 1, overflowed: count == UInt64.max, at: column)
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                let sign = try nextToken()
                let numberColumn = cursor.column
                let magnitude = try nextToken()
                guard case .number(let text) = magnitude else { throw unexpected(magnitude, at: numberColumn) }
                var step = try number(text, at: numberColumn)
                if sign == .minus { step = -step }
                let timesColumn = cursor.column
                let times = try nextToken()
                guard times == .times else { throw unexpected(times, at: timesColumn) }
                let count = try repetition()
                guard count < UInt64(SeriesDescription.maximumPoints) else { throw tooMany(column) }
                // Repeated addition, as Prometheus does it, so rounding matches.
                for _ in 0...count {
                    try add(value, count: 1, at: column)
                    let current = value.floatValue ?? 0
                    value = Self.classify(current + step)
                }
            default:
                try add(value, count: 1, at: column)
            }
        }
        // An item must be followed by a space or the end.
        if let byte = cursor.peek, !ByteCursor.isSpace(byte) {
            let column = cursor.column
            throw unexpected(try nextToken(), at: column)
        }
    }

    private mutating func seriesValue(_ token: Token, at column: Int) throws(ColumnError) -> SeriesValue {
        switch token {
        case .identifier(let word):
            guard word == "stale" else {
                throw ColumnError(column: column, message: "unexpected \(token.description) in series values, expected number or \"stale\"")
            }
            return .stale
        case .number(let text):
            return Self.classify(try number(text, at: column))
        case .plus, .minus:
            let numberColumn = cursor.column
            let next = try nextToken()
            guard case .number(let text) = next else { throw unexpected(next, at: numberColumn) }
            let magnitude = try number(text, at: numberColumn)
            return Self.classify(token == .minus ? -magnitude : magnitude)
        default:
            throw unexpected(token, at: column)
        }
    }

    private static func classify(_ value: Double) -> SeriesValue {
        StaleMarker.isStale(value) ? .stale : .float(value)
    }

    /// Prometheus's `number`: `strconv.ParseInt(s, 0, 64)`, else `ParseFloat`.
    private func number(_ text: String, at column: Int) throws(ColumnError) -> Double {
        if let integer = try? GoStrconv.parseInt(text) { return Double(integer) }
        do {
            return try GoStrconv.parseFloat(text)
        } catch {
            throw ColumnError(column: column, message: "error parsing number: \(error)")
        }
    }

    /// The `uint` after `x`: `strconv.ParseUint(s, 10, 64)`.
    private mutating func repetition() throws(ColumnError) -> UInt64 {
        let column = cursor.column
        let token = try nextToken()
        guard case .number(let text) = token else { throw unexpected(token, at: column) }
        do {
            return try GoStrconv.parseUint(text)
        } catch {
            throw ColumnError(column: column, message: "invalid repetition in series values: \(error)")
        }
    }

    private mutating func add(_ value: SeriesValue, count: UInt64, overflowed: Bool = false, at column: Int) throws(ColumnError) {
        guard !overflowed, count <= UInt64(SeriesDescription.maximumPoints - values.count) else { throw tooMany(column) }
        values.append(contentsOf: repeatElement(value, count: Int(count)))
    }

    private func tooMany(_ column: Int) -> ColumnError {
        ColumnError(column: column, message: "series values expand to more than \(SeriesDescription.maximumPoints) points")
    }

    private func unexpected(_ token: Token, at column: Int) -> ColumnError {
        ColumnError(column: column, message: "unexpected \(token.description) in series values")
    }

    // MARK: Native histograms

    /// Histogram keys of Prometheus's lexer (`histogramDesc`).
    private static let histogramKeys: Set<String> = [
        "sum", "count", "schema", "offset", "n_offset", "buckets", "n_buckets", "z_bucket", "z_bucket_w",
        "custom_values", "counter_reset_hint",
    ]

    /// After `{{`: one literal, optionally `xN`, or `{{a}}+{{b}}xN` /
    /// `{{a}}-{{b}}xN`; each expands to N+1 points.
    private mutating func parseHistogramItem(startingAt column: Int) throws(ColumnError) {
        let start = column - 1
        try skipHistogramBody()
        var count: UInt64 = 1
        if cursor.peek == UInt8(ascii: "x") {
            _ = try nextToken()
            let times = try repetition()
            guard times < UInt64.max else { throw tooMany(column) }
            count = times + 1
        } else if let sign = cursor.peek, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            cursor.position += 1
            guard cursor.peek == 0x7B, cursor.peek(at: 1) == 0x7B else {
                throw ColumnError(column: cursor.column, message: "expected a histogram after \(LabelSetScanner.describe(sign))")
            }
            cursor.position += 2
            try skipHistogramBody()
            let timesColumn = cursor.column
            let times = try nextToken()
            guard times == .times else { throw unexpected(times, at: timesColumn) }
            let repeats = try repetition()
            guard repeats < UInt64.max else { throw tooMany(column) }
            count = repeats + 1
        }
        let literal = NativeHistogramLiteral(text: cursor.string(start..<cursor.position))
        try add(.histogram(literal), count: count, at: column)
    }

    /// Skips to after the closing `}}`, checking that every `key:` is one
    /// Prometheus knows.
    private mutating func skipHistogramBody() throws(ColumnError) {
        while let byte = cursor.peek {
            if byte == 0x7D {
                guard cursor.peek(at: 1) == 0x7D else {
                    throw ColumnError(column: cursor.column, message: "histogram description incomplete unexpected: '}'")
                }
                cursor.position += 2
                return
            }
            if ByteCursor.isAlpha(byte) {
                let wordStart = cursor.position
                let word = cursor.string(cursor.take(while: ByteCursor.isAlpha)).lowercased()
                if cursor.peek == UInt8(ascii: ":"), !Self.histogramKeys.contains(word) {
                    throw ColumnError(column: wordStart + 1, message: "bad histogram descriptor found: \(GoString.quote(word))")
                }
                continue
            }
            cursor.position += 1
        }
        throw ColumnError(column: cursor.column, message: "unterminated histogram description, expected \"}}\"")
    }

    // MARK: Lexer

    private mutating func nextToken() throws(ColumnError) -> Token {
        guard let byte = cursor.peek else { return .end }
        let start = cursor.position
        switch byte {
        case _ where ByteCursor.isSpace(byte):
            cursor.skip(while: ByteCursor.isSpace)
            return .space
        case 0x7B where cursor.peek(at: 1) == 0x7B:
            cursor.position += 2
            return .openHistogram
        case UInt8(ascii: "+"): cursor.position += 1; return .plus
        case UInt8(ascii: "-"): cursor.position += 1; return .minus
        case UInt8(ascii: "x"): cursor.position += 1; return .times
        case UInt8(ascii: "_"): cursor.position += 1; return .blank
        case _ where ByteCursor.isDigit(byte) || (byte == UInt8(ascii: ".") && cursor.peek(at: 1).map(ByteCursor.isDigit) == true):
            guard scanNumber() else {
                throw ColumnError(column: start + 1, message: "bad number syntax: \(GoString.quote(cursor.string(start..<cursor.position)))")
            }
            return .number(cursor.string(start..<cursor.position))
        case _ where ByteCursor.isAlpha(byte):
            let word = cursor.string(cursor.take { ByteCursor.isAlphaNumeric($0) || $0 == UInt8(ascii: ":") })
            let lower = word.lowercased()
            if lower == "inf" || lower == "nan" { return .number(word) }
            if Self.keywords.contains(lower) { return .keyword(word) }
            return .identifier(word)
        default:
            throw ColumnError(column: start + 1, message: "unexpected character in series sequence: \(LabelSetScanner.describe(byte))")
        }
    }

    /// The PromQL lexer's `scanNumber` in series mode: `[.]digits` then any
    /// of digits, one `.`, one exponent with optional sign, and `_` between
    /// digits; it must end before a non-alphanumeric byte or the `x` of a
    /// repetition.
    private mutating func scanNumber() -> Bool {
        let initial = cursor.position
        func isDigitByte(_ b: UInt8?) -> Bool { b.map(ByteCursor.isDigit) ?? false }
        func isExponent(_ b: UInt8?) -> Bool { b == UInt8(ascii: "e") || b == UInt8(ascii: "E") }
        func inAntiSet(_ b: UInt8?) -> Bool {
            b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || isExponent(b)
        }
        if cursor.peek == UInt8(ascii: ".") { cursor.position += 1 }
        if isDigitByte(cursor.peek) { cursor.position += 1 }
        var dotConsumed = false
        var exponentConsumed = false
        while let byte = cursor.peek, ByteCursor.isDigit(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || isExponent(byte) {
            if byte == UInt8(ascii: ".") {
                cursor.position += 1
                if dotConsumed { return false }
                dotConsumed = true
                if cursor.peek == UInt8(ascii: "_") || cursor.peek == UInt8(ascii: ".") { cursor.position += 1; return false }
                continue
            }
            if isExponent(byte) {
                cursor.position += 1
                if exponentConsumed { return false }
                exponentConsumed = true
                if cursor.peek == UInt8(ascii: "+") || cursor.peek == UInt8(ascii: "-") { cursor.position += 1 }
                if inAntiSet(cursor.peek) { cursor.position += 1; return false }
                if cursor.atEnd { return false }
                continue
            }
            if byte == UInt8(ascii: "_") {
                cursor.position += 1
                if inAntiSet(cursor.peek) { cursor.position += 1; return false }
                if cursor.atEnd { return false }
                continue
            }
            cursor.skip(while: ByteCursor.isDigit)
        }
        if cursor.position == initial { return false }
        if let next = cursor.peek, next != UInt8(ascii: "x"), ByteCursor.isAlphaNumeric(next) { return false }
        return true
    }
}
