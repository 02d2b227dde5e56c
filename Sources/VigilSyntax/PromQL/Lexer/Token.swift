/// The kinds of PromQL tokens, after Prometheus's `ItemType`s.
enum TokenKind: Hashable, Sendable {
    case eof
    /// A lexer error; `PromQLLexer.Result.errorMessage` says what went wrong.
    case error
    case identifier
    /// An identifier containing a colon (`job:rate5m`), valid only as a metric name.
    case metricIdentifier
    case number
    case duration
    case string

    case leftParen, rightParen, leftBrace, rightBrace, leftBracket, rightBracket
    case comma, colon
    /// `=` inside braces (a label matcher) or stray outside them.
    case assign

    // Operators.
    case add, sub, mul, div, mod, pow, atan2
    case eqlc, neq, lss, lte, gtr, gte, trimUpper, trimLower
    case eqlRegex, neqRegex
    case land, lor, lunless
    case at

    case aggregator(AggregationOperator)

    // Keywords.
    case bool, by, without, on, ignoring, groupLeft, groupRight, offset
    case anchored, smoothed, fill, fillLeft, fillRight

    // Preprocessors: `@ start()`, `@ end()`, and the duration functions.
    case start, end, step, range
    /// `min_of` / `max_of` inside a duration expression.
    case minOf, maxOf

    var isKeyword: Bool {
        switch self {
        case .bool, .by, .without, .on, .ignoring, .groupLeft, .groupRight, .offset,
             .anchored, .smoothed, .fill, .fillLeft, .fillRight:
            return true
        default:
            return false
        }
    }

    var isOperator: Bool {
        switch self {
        case .add, .sub, .mul, .div, .mod, .pow, .atan2, .eqlc, .neq, .lss, .lte, .gtr, .gte, .trimUpper, .trimLower,
             .eqlRegex, .neqRegex, .land, .lor, .lunless, .at:
            return true
        default:
            return false
        }
    }

    /// The binary operator this token stands for, if any.
    var binaryOperator: BinaryOperator? {
        switch self {
        case .add: return .add
        case .sub: return .sub
        case .mul: return .mul
        case .div: return .div
        case .mod: return .mod
        case .pow: return .pow
        case .atan2: return .atan2
        case .eqlc: return .eql
        case .neq: return .neq
        case .lss: return .lss
        case .lte: return .lte
        case .gtr: return .gtr
        case .gte: return .gte
        case .trimUpper: return .trimUpper
        case .trimLower: return .trimLower
        case .land: return .and
        case .lor: return .or
        case .lunless: return .unless
        default: return nil
        }
    }
}

/// A token: its kind and the bytes `start..<end` of the query it covers.
struct Token: Sendable {
    var kind: TokenKind
    var start: Int
    var end: Int
}

/// Keywords, matched case-insensitively as Prometheus does (`SUM`, `By`,
/// `OFFSET`). `inf` and `nan` lex as numbers.
let promQLKeywords: [String: TokenKind] = {
    var table: [String: TokenKind] = [
        "and": .land, "or": .lor, "unless": .lunless, "atan2": .atan2,
        "offset": .offset, "smoothed": .smoothed, "anchored": .anchored,
        "by": .by, "without": .without, "on": .on, "ignoring": .ignoring,
        "group_left": .groupLeft, "group_right": .groupRight,
        "fill": .fill, "fill_left": .fillLeft, "fill_right": .fillRight,
        "bool": .bool,
        "start": .start, "end": .end, "step": .step, "range": .range,
        "inf": .number, "nan": .number,
    ]
    for op in AggregationOperator.allCases { table[op.rawValue] = .aggregator(op) }
    return table
}()
