import VigilCore

/// Prometheus's template function map (`template/template.go`, with the
/// humanize helpers of `prometheus/common/helpers/templates`), for alert
/// annotations and labels.
public enum PrometheusFunctions {
    /// Go type names Prometheus's functions use.
    static let sampleType = "*template.sample"
    static let queryResultType = "template.queryResult"

    /// The function map for templates expanded under `externalURL`
    /// (`--web.external-url`). `query` runs through `TemplateContext.query`
    /// and `now` reads `TemplateContext.evaluationTimeMillis`.
    public static func functions(externalURL: String) -> FunctionMap {
        let sample = GoParameterType.named(sampleType)
        let queryResult = GoParameterType.named(queryResultType)
        let path = urlPath(externalURL)
        return FunctionMap([
            TemplateFunction("query", parameters: [.string], result: "template.queryResult") { context, args in
                guard let query = context.query else { throw TemplateFunctionError("no query engine is configured") }
                return queryResultValue(try query(string(args[0])))
            },
            TemplateFunction("first", parameters: [queryResult], result: sampleType) { _, args in
                guard case .list(let list) = args[0], let first = list.elements.first else {
                    throw TemplateFunctionError("first() called on vector with no elements")
                }
                return first
            },
            TemplateFunction("label", parameters: [.string, sample], result: "string") { _, args in
                let labels = try sampleField(args[1], "Labels")
                guard case .map(let map) = labels else { return .string("") }
                return map[string(args[0])] ?? .string("")
            },
            TemplateFunction("value", parameters: [sample], result: "interface {}") { _, args in
                try sampleField(args[0], "Value")
            },
            TemplateFunction("strvalue", parameters: [sample], result: "string") { _, args in
                guard case .map(let map) = try sampleField(args[0], "Labels") else { return .string("") }
                return map["__value__"] ?? .string("")
            },
            TemplateFunction("args", parameters: [], variadic: .any, result: "map[string]interface {}") { _, args in
                .map(TemplateMap(args.enumerated().map { ("arg\($0.offset)", $0.element) }))
            },
            TemplateFunction("reReplaceAll", parameters: [.string, .string, .string], result: "string") { _, args in
                let pattern = string(args[0])
                do {
                    return .string(try RegexCache.regex(pattern).replaceAll(in: string(args[2]), with: string(args[1])))
                } catch {
                    // regexp.MustCompile panics; the template engine reports the panic.
                    throw TemplateFunctionError("regexp: Compile(\(goQuoteForRegexp(pattern))): \(error)")
                }
            },
            TemplateFunction("safeHtml", parameters: [.string], result: "template.HTML") { _, args in
                .string(string(args[0]), typeName: "template.HTML")
            },
            TemplateFunction("match", parameters: [.string, .string], result: "bool") { _, args in
                let regex = try RegexCache.regex(string(args[0]))
                return .bool(regex.contains(in: string(args[1])))
            },
            TemplateFunction("title", parameters: [.string], result: "string") { _, args in
                .string(GoStrings.casesTitle(string(args[0])))
            },
            TemplateFunction("toUpper", parameters: [.string], result: "string") { _, args in
                .string(GoStrings.toUpper(string(args[0])))
            },
            TemplateFunction("toLower", parameters: [.string], result: "string") { _, args in
                .string(GoStrings.toLower(string(args[0])))
            },
            TemplateFunction("graphLink", parameters: [.string], result: "string") { _, args in
                .string("/graph?g0.expr=\(Builtins.queryEscape(string(args[0])))&g0.tab=0")
            },
            TemplateFunction("tableLink", parameters: [.string], result: "string") { _, args in
                .string("/graph?g0.expr=\(Builtins.queryEscape(string(args[0])))&g0.tab=1")
            },
            TemplateFunction("sortByLabel", parameters: [.string, queryResult], result: queryResultType) { _, args in
                guard case .list(var list) = args[1] else { return args[1] }
                let label = string(args[0])
                let keyed = list.elements.map { element -> String in
                    if case .map(let labels) = (try? sampleField(element, "Labels")) ?? .none,
                       case .string(let value, _) = labels[label] ?? .none { return value }
                    return ""
                }
                // sort.Stable by the label value, compared as Go compares strings.
                let order = keyed.indices.sorted { a, b in
                    keyed[a] == keyed[b] ? a < b : GoString.less(keyed[a], keyed[b])
                }
                list.elements = order.map { list.elements[$0] }
                return .list(list)
            },
            TemplateFunction("stripPort", parameters: [.string], result: "string") { _, args in
                let hostPort = string(args[0])
                return .string(GoStrings.splitHostPort(hostPort)?.host ?? hostPort)
            },
            TemplateFunction("stripDomain", parameters: [.string], result: "string") { _, args in
                .string(stripDomain(string(args[0])))
            },
            TemplateFunction("humanize", parameters: [.any], result: "string") { _, args in
                .string(Humanize.metric(try convertToFloat(args[0])))
            },
            TemplateFunction("humanize1024", parameters: [.any], result: "string") { _, args in
                .string(Humanize.binary(try convertToFloat(args[0])))
            },
            TemplateFunction("humanizeDuration", parameters: [.any], result: "string") { _, args in
                .string(Humanize.duration(try convertToFloat(args[0])))
            },
            TemplateFunction("humanizePercentage", parameters: [.any], result: "string") { _, args in
                .string(Humanize.percentage(try convertToFloat(args[0])))
            },
            TemplateFunction("humanizeTimestamp", parameters: [.any], result: "string") { _, args in
                let v = try convertToFloat(args[0])
                if v.isNaN || v.isInfinite { return .string(GoFloat.format(v, .g, precision: 4)) }
                return .string(try floatToTime(v).description)
            },
            TemplateFunction("toTime", parameters: [.any], result: "*time.Time") { _, args in
                var time = try floatToTime(try convertToFloat(args[0]))
                time.isPointer = true
                return .time(time)
            },
            TemplateFunction("toDuration", parameters: [.any], result: "*time.Duration") { _, args in
                let v = try convertToFloat(args[0])
                if v.isNaN || v.isInfinite { throw TemplateFunctionError("value is NaN or Inf") }
                let nanos = v * 1e9
                if nanos >= 9.223372036854775807e18 || nanos < -9.223372036854775808e18 {
                    throw TemplateFunctionError("\(GoFloat.formatV(v)) cannot be represented as a nanoseconds duration since it overflows int64")
                }
                return .duration(Int64(nanos))
            },
            TemplateFunction("now", parameters: [], result: "float64") { context, _ in
                .float(Double(context.evaluationTimeMillis) / 1000)
            },
            TemplateFunction("pathPrefix", parameters: [], result: "string") { _, _ in .string(path) },
            TemplateFunction("externalURL", parameters: [], result: "string") { _, _ in .string(externalURL) },
            TemplateFunction("parseDuration", parameters: [.string], result: "float64") { _, args in
                let millis = try PromDuration.parse(string(args[0]))
                return .float(Double(millis) / 1000)
            },
            TemplateFunction("urlQueryEscape", parameters: [.string], result: "string") { _, args in
                .string(Builtins.queryEscape(string(args[0])))
            },
        ])
    }

    // MARK: Helpers

    static func string(_ value: TemplateValue) -> String {
        if case .string(let s, _) = value { return s }
        return ""
    }

    /// A field of a `*template.sample`; a nil sample fails as Go's nil
    /// dereference does.
    static func sampleField(_ value: TemplateValue, _ name: String) throws -> TemplateValue {
        guard case .record(let record) = value, !record.isNilPointer, let field = record.field(name) else {
            throw TemplateFunctionError("runtime error: invalid memory address or nil pointer dereference")
        }
        return field
    }

    /// A `*template.sample` with `.Labels` and `.Value`.
    public static func sampleValue(_ sample: QueryResultSample) -> TemplateValue {
        .record(TemplateRecord(typeName: sampleType, fields: [
            ("Labels", .map(TemplateMap(strings: sample.labels))),
            ("Value", .float(sample.value)),
        ], isPointer: true))
    }

    /// A `template.queryResult` (`[]*sample`).
    public static func queryResultValue(_ samples: [QueryResultSample]) -> TemplateValue {
        .list(TemplateList(samples.map(sampleValue), typeName: queryResultType))
    }

    /// `ConvertToFloat` from prometheus/common: float64, numeric strings,
    /// integers and durations (in seconds).
    static func convertToFloat(_ value: TemplateValue) throws -> Double {
        switch value {
        case .float(let f): return f
        case .string(let s, "string"): return try GoStrings.parseFloat(s)
        case .int(let i, let type) where type == .int || type == .int64: return Double(i)
        case .int(let i, let type) where type == .uint || type == .uint64: return Double(UInt64(bitPattern: i))
        case .duration(let nanos): return Double(nanos) / 1e9
        case .none: throw TemplateFunctionError("can't convert <nil> to float")
        default: throw TemplateFunctionError("can't convert \(value.typeName) to float")
        }
    }

    /// Seconds since the epoch as a UTC time with millisecond precision
    /// (`model.TimeFromUnixNano(...).Time().UTC()`).
    static func floatToTime(_ v: Double) throws -> GoTime {
        if v.isNaN || v.isInfinite { throw TemplateFunctionError("value is NaN or Inf") }
        let nanos = v * 1e9
        if nanos >= 9.223372036854775807e18 || nanos < -9.223372036854775808e18 {
            throw TemplateFunctionError("\(GoFloat.formatV(v)) cannot be represented as a nanoseconds timestamp since it overflows int64")
        }
        // Prometheus model.Time is milliseconds: integer division truncates toward zero.
        let millis = Int64(nanos) / 1_000_000
        return GoTime(seconds: millis / 1000, nanoseconds: (millis % 1000) * 1_000_000, zone: .utc)
    }

    static func stripDomain(_ hostPort: String) -> String {
        var host = hostPort
        var port = ""
        if let split = GoStrings.splitHostPort(hostPort) {
            host = split.host
            port = split.port
        }
        if GoStrings.isIP(host) { return hostPort }
        host = String(host.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
        return port.isEmpty ? host : GoStrings.joinHostPort(host, port)
    }

    /// The path of a URL (`url.URL.Path`), "" when there is none.
    static func urlPath(_ url: String) -> String {
        var rest = Substring(url)
        if let end = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
        let bytes = Array(rest.utf8)
        var index = 0
        while index + 2 < bytes.count {
            if bytes[index] == UInt8(ascii: ":"), bytes[index + 1] == UInt8(ascii: "/"), bytes[index + 2] == UInt8(ascii: "/") {
                // scheme://authority/path
                let afterAuthority = bytes[(index + 3)...].firstIndex(of: UInt8(ascii: "/")) ?? bytes.count
                return String(decoding: bytes[afterAuthority...], as: UTF8.self)
            }
            index += 1
        }
        return url.hasPrefix("/") ? String(rest) : ""
    }

    /// How regexp.MustCompile quotes a pattern in its panic.
    static func goQuoteForRegexp(_ pattern: String) -> String {
        let canBackquote = !pattern.contains("`") && pattern.unicodeScalars.allSatisfy {
            $0 == "\t" || ($0.value >= 0x20 && $0.value != 0x7F && $0 != "\u{FEFF}")
        }
        return canBackquote ? "`" + pattern + "`" : GoString.quote(pattern)
    }
}

/// Prometheus's humanizing formatters (`%.4g` with SI or binary prefixes,
/// durations as `1d 2h 3m 4s`).
public enum Humanize {
    static func g4(_ v: Double) -> String { GoFloat.format(v, .g, precision: 4) }

    /// `humanize`: 1234567 → `1.235M`, 0.12 → `120m`.
    public static func metric(_ value: Double) -> String {
        var v = value
        if v == 0 || v.isNaN || v.isInfinite { return g4(v) }
        if abs(v) >= 1 {
            var prefix = ""
            for p in ["k", "M", "G", "T", "P", "E", "Z", "Y"] {
                if abs(v) < 1000 { break }
                prefix = p
                v /= 1000
            }
            return g4(v) + prefix
        }
        var prefix = ""
        for p in ["m", "u", "n", "p", "f", "a", "z", "y"] {
            if abs(v) >= 1 { break }
            prefix = p
            v *= 1000
        }
        return g4(v) + prefix
    }

    /// `humanize1024`: 1048576 → `1Mi`.
    public static func binary(_ value: Double) -> String {
        var v = value
        if abs(v) <= 1 || v.isNaN || v.isInfinite { return g4(v) }
        var prefix = ""
        for p in ["ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"] {
            if abs(v) < 1024 { break }
            prefix = p
            v /= 1024
        }
        return g4(v) + prefix
    }

    /// `humanizeDuration` (seconds): 3725 → `1h 2m 5s`, 0.1 → `100ms`.
    public static func duration(_ value: Double) -> String {
        var v = value
        if v.isNaN || v.isInfinite { return g4(v) }
        if v == 0 { return g4(v) + "s" }
        if abs(v) >= 1 {
            var sign = ""
            if v < 0 { sign = "-"; v = -v }
            let total = v >= 9.2e18 ? Int64.max : Int64(v)
            let seconds = total % 60
            let minutes = (total / 60) % 60
            let hours = (total / 60 / 60) % 24
            let days = total / 60 / 60 / 24
            if days != 0 { return "\(sign)\(days)d \(hours)h \(minutes)m \(seconds)s" }
            if hours != 0 { return "\(sign)\(hours)h \(minutes)m \(seconds)s" }
            if minutes != 0 { return "\(sign)\(minutes)m \(seconds)s" }
            return sign + g4(v) + "s"
        }
        var prefix = ""
        for p in ["m", "u", "n", "p", "f", "a", "z", "y"] {
            if abs(v) >= 1 { break }
            prefix = p
            v *= 1000
        }
        return g4(v) + prefix + "s"
    }

    /// `humanizePercentage`: 0.1234 → `12.34%`.
    public static func percentage(_ value: Double) -> String { g4(value * 100) + "%" }
}
