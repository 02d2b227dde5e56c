import Glibc
import VigilCore

/// Loki's template function map for `line_format` and `label_format`
/// (`pkg/logql/log/fmt.go`: Go `strings` functions, Loki's own helpers and
/// the sprig subset), plus `__line__` and `__timestamp__`, which read the
/// current line from `TemplateContext`.
public enum LokiFunctions {
    private static func string(_ value: TemplateValue) -> String {
        if case .string(let s, _) = value { return s }
        return ""
    }

    private static func int(_ value: TemplateValue) -> Int {
        if case .int(let i, _) = value { return Int(clamping: i) }
        return 0
    }

    private static func time(_ value: TemplateValue) -> GoTime {
        if case .time(let t) = value { return t }
        return GoTime(seconds: -62_135_596_800)
    }

    private static func stringFunction(_ name: String, _ body: @escaping @Sendable (String) -> String) -> TemplateFunction {
        TemplateFunction(name, parameters: [.string], result: "string") { _, args in .string(body(string(args[0]))) }
    }

    private static func twoStrings(_ name: String, result: String = "string",
                                   _ body: @escaping @Sendable (String, String) -> TemplateValue) -> TemplateFunction {
        TemplateFunction(name, parameters: [.string, .string], result: result) { _, args in
            body(string(args[0]), string(args[1]))
        }
    }

    /// `time.Unix(seconds, nanos)`: in the server's local zone.
    static func localTime(seconds: Int64, nanoseconds: Int64 = 0) -> GoTime {
        let t = GoTime(seconds: seconds, nanoseconds: nanoseconds)
        return t.inZone(GoTime.localZone(at: t.seconds))
    }

    private static func regex(_ pattern: String) throws -> RE2Regex { try RegexCache.regex(pattern) }

    /// The full map. It does not depend on the query: build it once.
    public static let functions: FunctionMap = {
        var list: [TemplateFunction] = [
            // Go strings functions (the deprecated capitalised names).
            stringFunction("ToLower", GoStrings.toLower),
            stringFunction("ToUpper", GoStrings.toUpper),
            TemplateFunction("Replace", parameters: [.string, .string, .string, .int], result: "string") { _, args in
                .string(GoStrings.replace(string(args[0]), string(args[1]), string(args[2]), int(args[3])))
            },
            twoStrings("Trim") { .string(GoStrings.trim($0, cutset: $1)) },
            twoStrings("TrimLeft") { .string(GoStrings.trimLeft($0, cutset: $1)) },
            twoStrings("TrimRight") { .string(GoStrings.trimRight($0, cutset: $1)) },
            twoStrings("TrimPrefix") { .string(GoStrings.trimPrefix($0, $1)) },
            twoStrings("TrimSuffix") { .string(GoStrings.trimSuffix($0, $1)) },
            stringFunction("TrimSpace", GoStrings.trimSpace),

            // Regular expressions (Go's regexp, here RE2).
            TemplateFunction("regexReplaceAll", parameters: [.string, .string, .string], result: "string") { _, args in
                .string(try regex(string(args[0])).replaceAll(in: string(args[1]), with: string(args[2])))
            },
            TemplateFunction("regexReplaceAllLiteral", parameters: [.string, .string, .string], result: "string") { _, args in
                let literal = GoStrings.replace(string(args[2]), "$", "$$", -1)
                return .string(try regex(string(args[0])).replaceAll(in: string(args[1]), with: literal))
            },
            TemplateFunction("count", parameters: [.string, .string], result: "int") { _, args in
                .int(countMatches(try regex(string(args[0])), in: string(args[1])))
            },

            // Loki's helpers.
            TemplateFunction("urldecode", parameters: [.string], result: "string") { _, args in
                .string(try GoStrings.queryUnescape(string(args[0])))
            },
            stringFunction("urlencode", Builtins.queryEscape),
            TemplateFunction("bytes", parameters: [.string], result: "float64") { _, args in
                .float(Double(try LokiSupport.parseBytes(string(args[0]))))
            },
            TemplateFunction("duration", parameters: [.string], result: "float64") { _, args in
                .float(Double(try GoDuration.parse(string(args[0]))) / 1e9)
            },
            TemplateFunction("duration_seconds", parameters: [.string], result: "float64") { _, args in
                .float(Double(try GoDuration.parse(string(args[0]))) / 1e9)
            },
            TemplateFunction("unixEpochMillis", parameters: [.time], result: "string") { _, args in
                .string(String(time(args[0]).unixMillis))
            },
            TemplateFunction("unixEpochNanos", parameters: [.time], result: "string") { _, args in
                .string(String(time(args[0]).unixNanos))
            },
            TemplateFunction("toDateInZone", parameters: [.string, .string, .string], result: "time.Time") { _, args in
                let zoneName = string(args[1])
                let zone: @Sendable (Int64) -> GoTime.Zone = { seconds in GoTime.zone(named: zoneName, at: seconds) ?? .utc }
                let parsed = try? GoLayout.parse(layout: string(args[0]), value: string(args[2]), defaultZone: zone)
                return .time(parsed ?? GoTime(seconds: -62_135_596_800))
            },
            TemplateFunction("unixToTime", parameters: [.string], result: "time.Time") { _, args in
                .time(try unixToTime(string(args[0])))
            },
            TemplateFunction("alignLeft", parameters: [.int, .string], result: "string") { _, args in
                .string(align(int(args[0]), string(args[1]), left: true))
            },
            TemplateFunction("alignRight", parameters: [.int, .string], result: "string") { _, args in
                .string(align(int(args[0]), string(args[1]), left: false))
            },
            TemplateFunction("trunc", parameters: [.int, .string], result: "string") { _, args in
                .string(truncate(int(args[0]), string(args[1])))
            },
            TemplateFunction("substr", parameters: [.int, .int, .string], result: "string") { _, args in
                .string(substring(int(args[0]), int(args[1]), string(args[2])))
            },

            // sprig string functions.
            stringFunction("b64enc", LokiSupport.base64Encode),
            stringFunction("b64dec") { text in
                // Loki pads inputs that omit the trailing "=".
                var padded = text
                let remainder = text.utf8.count % 4
                if remainder != 0 { padded += String(repeating: "=", count: 4 - remainder) }
                do { return try LokiSupport.base64Decode(padded) } catch { return "\(error)" }
            },
            stringFunction("lower", GoStrings.toLower),
            stringFunction("upper", GoStrings.toUpper),
            stringFunction("title", GoStrings.title),
            twoStrings("contains", result: "bool") { .bool(GoStrings.contains($1, $0)) },
            twoStrings("hasPrefix", result: "bool") { .bool($1.utf8.starts(with: $0.utf8)) },
            twoStrings("hasSuffix", result: "bool") { .bool($1.utf8.reversed().starts(with: $0.utf8.reversed())) },
            TemplateFunction("indent", parameters: [.int, .string], result: "string") { _, args in
                .string(indent(int(args[0]), string(args[1])))
            },
            TemplateFunction("nindent", parameters: [.int, .string], result: "string") { _, args in
                .string("\n" + indent(int(args[0]), string(args[1])))
            },
            TemplateFunction("replace", parameters: [.string, .string, .string], result: "string") { _, args in
                .string(GoStrings.replace(string(args[2]), string(args[0]), string(args[1]), -1))
            },
            TemplateFunction("repeat", parameters: [.int, .string], result: "string") { _, args in
                let count = int(args[0])
                if count < 0 { throw TemplateFunctionError("strings: negative Repeat count") }
                let text = string(args[1])
                if count > 0, text.utf8.count > (1 << 28) / count { throw TemplateFunctionError("strings: Repeat output length overflow") }
                return .string(String(repeating: text, count: count))
            },
            stringFunction("trim", GoStrings.trimSpace),
            twoStrings("trimAll") { .string(GoStrings.trim($1, cutset: $0)) },
            twoStrings("trimSuffix") { .string(GoStrings.trimSuffix($1, $0)) },
            twoStrings("trimPrefix") { .string(GoStrings.trimPrefix($1, $0)) },

            // sprig conversions and math.
            TemplateFunction("int", parameters: [.any], result: "int") { _, args in .int(LokiSupport.toInt64(args[0]), .int) },
            TemplateFunction("float64", parameters: [.any], result: "float64") { _, args in .float(LokiSupport.toFloat64(args[0])) },
            TemplateFunction("add", parameters: [], variadic: .any, result: "int64") { _, args in
                .int(args.reduce(Int64(0)) { $0 &+ LokiSupport.toInt64($1) }, .int64)
            },
            TemplateFunction("sub", parameters: [.any, .any], result: "int64") { _, args in
                .int(LokiSupport.toInt64(args[0]) &- LokiSupport.toInt64(args[1]), .int64)
            },
            TemplateFunction("mul", parameters: [.any], variadic: .any, result: "int64") { _, args in
                .int(args.dropFirst().reduce(LokiSupport.toInt64(args[0])) { $0 &* LokiSupport.toInt64($1) }, .int64)
            },
            TemplateFunction("div", parameters: [.any, .any], result: "int64") { _, args in
                let divisor = LokiSupport.toInt64(args[1])
                if divisor == 0 { throw TemplateFunctionError("runtime error: integer divide by zero") }
                return .int(LokiSupport.toInt64(args[0]).dividedReportingOverflow(by: divisor).partialValue, .int64)
            },
            TemplateFunction("mod", parameters: [.any, .any], result: "int64") { _, args in
                let divisor = LokiSupport.toInt64(args[1])
                if divisor == 0 { throw TemplateFunctionError("runtime error: integer divide by zero") }
                return .int(LokiSupport.toInt64(args[0]).remainderReportingOverflow(dividingBy: divisor).partialValue, .int64)
            },
            TemplateFunction("addf", parameters: [], variadic: .any, result: "float64") { _, args in
                .float(try LokiSupport.decimalFold(.float(0), args, .add))
            },
            TemplateFunction("subf", parameters: [.any], variadic: .any, result: "float64") { _, args in
                .float(try LokiSupport.decimalFold(args[0], Array(args.dropFirst()), .subtract))
            },
            TemplateFunction("mulf", parameters: [.any], variadic: .any, result: "float64") { _, args in
                .float(try LokiSupport.decimalFold(args[0], Array(args.dropFirst()), .multiply))
            },
            TemplateFunction("divf", parameters: [.any], variadic: .any, result: "float64") { _, args in
                .float(try LokiSupport.decimalFold(args[0], Array(args.dropFirst()), .divide))
            },
            TemplateFunction("max", parameters: [.any], variadic: .any, result: "int64") { _, args in
                .int(args.map(LokiSupport.toInt64).max() ?? 0, .int64)
            },
            TemplateFunction("min", parameters: [.any], variadic: .any, result: "int64") { _, args in
                .int(args.map(LokiSupport.toInt64).min() ?? 0, .int64)
            },
            TemplateFunction("maxf", parameters: [.any], variadic: .any, result: "float64") { _, args in
                .float(args.dropFirst().reduce(LokiSupport.toFloat64(args[0])) { goMax($0, LokiSupport.toFloat64($1)) })
            },
            TemplateFunction("minf", parameters: [.any], variadic: .any, result: "float64") { _, args in
                .float(args.dropFirst().reduce(LokiSupport.toFloat64(args[0])) { goMin($0, LokiSupport.toFloat64($1)) })
            },
            TemplateFunction("ceil", parameters: [.any], result: "float64") { _, args in
                .float(LokiSupport.toFloat64(args[0]).rounded(.up))
            },
            TemplateFunction("floor", parameters: [.any], result: "float64") { _, args in
                .float(LokiSupport.toFloat64(args[0]).rounded(.down))
            },
            TemplateFunction("round", parameters: [.any, .int], variadic: .float64, result: "float64") { _, args in
                var roundOn = 0.5
                if args.count > 2, case .float(let r) = args[2] { roundOn = r }
                return .float(round(LokiSupport.toFloat64(args[0]), places: int(args[1]), roundOn: roundOn))
            },

            // sprig JSON, dates and defaults.
            TemplateFunction("fromJson", parameters: [.string], result: "interface {}") { _, args in
                LokiSupport.decodeJSON(string(args[0])) ?? .none
            },
            TemplateFunction("date", parameters: [.string, .any], result: "string") { _, args in
                let t: GoTime
                switch args[1] {
                case .time(let value): t = value
                case .int(let seconds, let type) where type == .int || type == .int64 || type == .int32:
                    t = GoTime(seconds: seconds)
                default: t = GoTime.now()
                }
                return .string(t.inZone(GoTime.localZone(at: t.seconds)).format(string(args[0])))
            },
            TemplateFunction("toDate", parameters: [.string, .string], result: "time.Time") { _, args in
                let parsed = try? GoLayout.parse(layout: string(args[0]), value: string(args[1]),
                                                 defaultZone: GoTime.localZone(at:))
                return .time(parsed ?? GoTime(seconds: -62_135_596_800))
            },
            TemplateFunction("now", parameters: [], result: "time.Time") { _, _ in .time(GoTime.now()) },
            TemplateFunction("unixEpoch", parameters: [.time], result: "string") { _, args in
                .string(String(time(args[0]).seconds))
            },
            TemplateFunction("default", parameters: [.any], variadic: .any, result: "interface {}") { _, args in
                // sprig: the default unless the first given value is non-empty.
                guard args.count > 1, isNonEmpty(args[1]) else { return args[0] }
                return args[1]
            },

            // The current line and its timestamp.
            TemplateFunction("__line__", parameters: [], result: "string") { context, _ in .string(context.line) },
            TemplateFunction("__timestamp__", parameters: [], result: "time.Time") { context, _ in
                .time(localTime(seconds: context.timestampNanos / 1_000_000_000,
                                nanoseconds: context.timestampNanos % 1_000_000_000))
            },
        ]
        list.sort { $0.name < $1.name }
        return FunctionMap(list)
    }()

    // MARK: Implementations

    /// sprig's `empty`, negated: zero values, empty strings and collections are empty.
    static func isNonEmpty(_ value: TemplateValue) -> Bool {
        switch value {
        case .record(let record): return !record.isNilPointer
        case .time: return true
        default: return value.isTrue
        }
    }

    /// Go's math.Max/Min: NaN wins, and +0 beats -0 for Max.
    static func goMax(_ a: Double, _ b: Double) -> Double {
        if a.isNaN || b.isNaN { return .nan }
        if a == 0 && b == 0 { return a.sign == .minus ? b : a }
        return a > b ? a : b
    }

    static func goMin(_ a: Double, _ b: Double) -> Double {
        if a.isNaN || b.isNaN { return .nan }
        if a == 0 && b == 0 { return a.sign == .minus ? a : b }
        return a < b ? a : b
    }

    /// sprig's `round`: rounds up when the fraction at `places` reaches `roundOn`.
    static func round(_ value: Double, places: Int, roundOn: Double) -> Double {
        let pow = Glibc.pow(10, Double(places))
        let digit = pow * value
        let fraction = digit - digit.rounded(.towardZero)
        let rounded = fraction >= roundOn ? digit.rounded(.up) : digit.rounded(.down)
        return rounded / pow
    }

    static func indent(_ spaces: Int, _ text: String) -> String {
        let pad = String(repeating: " ", count: max(0, spaces))
        return pad + GoStrings.replace(text, "\n", "\n" + pad, -1)
    }

    /// Loki's `trunc`: the first `count` runes, or the last `-count`.
    static func truncate(_ count: Int, _ text: String) -> String {
        let runes = Array(text.unicodeScalars)
        if count < 0 && runes.count + count > 0 { return scalarsString(runes[(runes.count + count)...]) }
        if count >= 0 && runes.count > count { return scalarsString(runes[..<count]) }
        return text
    }

    /// Loki's `substr` on runes.
    static func substring(_ start: Int, _ end: Int, _ text: String) -> String {
        let runes = Array(text.unicodeScalars)
        var start = start, end = end
        if end > runes.count { end = runes.count }
        if start > runes.count { start = runes.count }
        if start < 0 {
            if end < 0 { return "" }
            return scalarsString(runes[..<end])
        }
        if end < 0 { return scalarsString(runes[start...]) }
        if start > end { return "" }
        return scalarsString(runes[start..<end])
    }

    static func align(_ count: Int, _ text: String, left: Bool) -> String {
        let runes = Array(text.unicodeScalars)
        if count < 0 || count == runes.count { return text }
        let pad = count - runes.count
        if pad > 0 {
            let spaces = String(repeating: " ", count: pad)
            return left ? text + spaces : spaces + text
        }
        return left ? scalarsString(runes[..<count]) : scalarsString(runes[(runes.count - count)...])
    }

    private static func scalarsString(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    /// Loki's `unixToTime`: the epoch's length says its unit (days, s, ms, µs, ns).
    static func unixToTime(_ epoch: String) throws -> GoTime {
        let value: Int64
        do {
            value = try GoStrings.parseInt(epoch, baseZero: false)
        } catch {
            throw TemplateFunctionError("unable to parse time '\(epoch)': \(error)")
        }
        switch epoch.utf8.count {
        case 5: return localTime(seconds: value &* 86_400)
        case 10: return localTime(seconds: value)
        case 13: return localTime(seconds: 0, nanoseconds: value &* 1_000_000)
        case 16: return localTime(seconds: 0, nanoseconds: value &* 1000)
        case 19: return localTime(seconds: 0, nanoseconds: value)
        default: throw TemplateFunctionError("unable to parse time '\(epoch)': %!w(<nil>)")
        }
    }

    /// Number of non-overlapping matches, as `FindAllStringIndex` counts them.
    static func countMatches(_ regex: RE2Regex, in text: String) -> Int {
        var text = text
        return text.withUTF8 { buffer -> Int in
            let source = UnsafeRawBufferPointer(buffer)
            var count = 0
            var position = 0
            var previousEnd = -1
            while position <= source.count, let spans = regex.captureSpans(in: source, from: position), let whole = spans[0] {
                if whole.isEmpty && whole.lowerBound == previousEnd {
                    // Go skips an empty match right after the previous match.
                    if position >= source.count { break }
                    position += 1
                    while position < source.count, source[position] & 0xC0 == 0x80 { position += 1 }
                    continue
                }
                count += 1
                previousEnd = whole.upperBound
                if whole.isEmpty {
                    position = whole.upperBound + 1
                    while position < source.count, source[position] & 0xC0 == 0x80 { position += 1 }
                } else {
                    position = whole.upperBound
                }
            }
            return count
        }
    }
}
