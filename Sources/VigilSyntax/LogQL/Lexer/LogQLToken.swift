/// The kinds of LogQL tokens, after the tokens of Loki's grammar (`syntax.y`).
enum LogQLTokenKind: Hashable, Sendable {
    case eof
    /// A lexer error; the token's `text` is the message.
    case error
    case identifier
    /// A quoted or raw string; `text` is its decoded value.
    case string
    /// A number as written; `text` is the literal.
    case number
    /// A number with duration units (`250ms`, `1h30m`, `-5m`); `nanos` holds it.
    case duration
    /// A number with byte units (`2KB`, `1.5MiB`); `bytes` holds it.
    case bytes
    /// `[5m]`; `nanos` holds the range.
    case range
    /// `--strict`, `--keep-empty`.
    case flag

    case comma, dot, leftBrace, rightBrace, leftParen, rightParen, rightBracket
    /// `=`
    case eq
    /// `!=`
    case neq
    /// `=~`
    case re
    /// `!~`
    case nre
    /// `!>`
    case npa
    /// `|=`
    case pipeExact
    /// `|~`
    case pipeMatch
    /// `|>`
    case pipePattern
    /// `|`
    case pipe
    /// `==`
    case cmpEq
    case gt, gte, lt, lte
    case add, sub, mul, div, mod, pow

    // Keywords (always reserved, in any case, as in Loki).
    case by, without, bool, or, and, unless, offset, on, ignoring, groupLeft, groupRight
    case json, logfmt, regexp, unpack, pattern, lineFormat, labelFormat, ip, decolorize, drop, keep, unwrap
    case labelReplace

    // Function names: keywords only before `(` (or `by`/`without` and `(`).
    case rangeOperation(LogRangeOperation)
    case vectorOperation(LogVectorOperation)
    case vector
    case conversion(Unwrap.Conversion)

    /// The binary operator this token stands for in a metric expression.
    var binaryOperator: BinaryOperator? {
        switch self {
        case .or: return .or
        case .and: return .and
        case .unless: return .unless
        case .add: return .add
        case .sub: return .sub
        case .mul: return .mul
        case .div: return .div
        case .mod: return .mod
        case .pow: return .pow
        case .cmpEq: return .eql
        case .neq: return .neq
        case .gt: return .gtr
        case .gte: return .gte
        case .lt: return .lss
        case .lte: return .lte
        default: return nil
        }
    }

    /// The comparison of a typed label filter (`=` and `==` are both equality).
    var labelComparison: LabelFilter.ComparisonOperator? {
        switch self {
        case .eq, .cmpEq: return .equal
        case .neq: return .notEqual
        case .gt: return .greater
        case .gte: return .greaterOrEqual
        case .lt: return .less
        case .lte: return .lessOrEqual
        default: return nil
        }
    }

    /// The line filter operation this token starts.
    var lineFilterOperation: LineFilter.Operation? {
        switch self {
        case .pipeExact: return .contains
        case .neq: return .notContains
        case .pipeMatch: return .matches
        case .nre: return .notMatches
        case .pipePattern: return .pattern
        case .npa: return .notPattern
        default: return nil
        }
    }
}

/// A token: its kind, the bytes `start..<end` of the query it covers, and
/// its value.
struct LogQLToken: Sendable {
    var kind: LogQLTokenKind
    var start: Int
    var end: Int
    /// Decoded string, identifier, number literal, flag, or error message.
    var text: String = ""
    var nanos: Int64 = 0
    var bytes: UInt64 = 0
}

/// Reserved words, matched case-insensitively (Loki lower-cases the token).
let logQLKeywords: [String: LogQLTokenKind] = [
    "by": .by, "without": .without, "bool": .bool, "or": .or, "and": .and, "unless": .unless,
    "offset": .offset, "on": .on, "ignoring": .ignoring, "group_left": .groupLeft, "group_right": .groupRight,
    "json": .json, "logfmt": .logfmt, "regexp": .regexp, "unpack": .unpack, "pattern": .pattern,
    "line_format": .lineFormat, "label_format": .labelFormat, "ip": .ip, "decolorize": .decolorize,
    "drop": .drop, "keep": .keep, "unwrap": .unwrap, "label_replace": .labelReplace,
]

/// Function names, keywords only when a call follows.
let logQLFunctions: [String: LogQLTokenKind] = {
    var table: [String: LogQLTokenKind] = [
        "vector": .vector, "bytes": .conversion(.bytes), "duration": .conversion(.duration),
        "duration_seconds": .conversion(.durationSeconds), "label_replace": .labelReplace, "ip": .ip,
    ]
    for operation in LogRangeOperation.allCases { table[operation.rawValue] = .rangeOperation(operation) }
    for operation in LogVectorOperation.allCases { table[operation.rawValue] = .vectorOperation(operation) }
    return table
}()
