/// A function of PromQL's function table (Prometheus 3.14's
/// `promql/parser/functions.go` and its function documentation): the
/// argument types, how many optional arguments it takes, the return type,
/// and whether `--enable-feature=promql-experimental-functions` gates it.
public struct PromQLFunction: Hashable, Sendable, CustomStringConvertible {
    /// Every function name, so an evaluator can switch exhaustively.
    public enum ID: String, Hashable, Sendable, CaseIterable {
        case abs, absent
        case absentOverTime = "absent_over_time"
        case acos, acosh, asin, asinh, atan, atanh
        case avgOverTime = "avg_over_time"
        case ceil, changes, clamp
        case clampMax = "clamp_max"
        case clampMin = "clamp_min"
        case cos, cosh
        case countOverTime = "count_over_time"
        case daysInMonth = "days_in_month"
        case dayOfMonth = "day_of_month"
        case dayOfWeek = "day_of_week"
        case dayOfYear = "day_of_year"
        case deg, delta, deriv
        case doubleExponentialSmoothing = "double_exponential_smoothing"
        case end, exp
        case firstOverTime = "first_over_time"
        case floor
        case histogramAvg = "histogram_avg"
        case histogramCount = "histogram_count"
        case histogramFraction = "histogram_fraction"
        case histogramQuantile = "histogram_quantile"
        case histogramQuantiles = "histogram_quantiles"
        case histogramStddev = "histogram_stddev"
        case histogramStdvar = "histogram_stdvar"
        case histogramSum = "histogram_sum"
        case hour, idelta, increase, info, irate
        case labelJoin = "label_join"
        case labelReplace = "label_replace"
        case lastOverTime = "last_over_time"
        case ln, log10, log2
        case madOverTime = "mad_over_time"
        case maxOf = "max_of"
        case maxOverTime = "max_over_time"
        case minOf = "min_of"
        case minOverTime = "min_over_time"
        case minute, month, pi
        case predictLinear = "predict_linear"
        case presentOverTime = "present_over_time"
        case quantileOverTime = "quantile_over_time"
        case rad, range, rate, resets, round, scalar, sgn, sin, sinh, sort
        case sortByLabel = "sort_by_label"
        case sortByLabelDesc = "sort_by_label_desc"
        case sortDesc = "sort_desc"
        case sqrt, start
        case startTimestamp = "start_timestamp"
        case stddevOverTime = "stddev_over_time"
        case stdvarOverTime = "stdvar_over_time"
        case step
        case sumOverTime = "sum_over_time"
        case tan, tanh, time, timestamp
        case tsOfFirstOverTime = "ts_of_first_over_time"
        case tsOfLastOverTime = "ts_of_last_over_time"
        case tsOfMaxOverTime = "ts_of_max_over_time"
        case tsOfMinOverTime = "ts_of_min_over_time"
        case vector, year
    }

    public let id: ID
    /// The declared argument types; with `variadic != 0` the last one may be
    /// omitted or repeated.
    public let argumentTypes: [ValueType]
    /// 0: exactly `argumentTypes`. n > 0: the last argument is optional and
    /// up to n of it may be given. -1: the last argument repeats without limit.
    public let variadic: Int
    public let returnType: ValueType
    public let isExperimental: Bool

    public var name: String { id.rawValue }
    public var description: String { name }

    /// The fewest arguments a call may have.
    public var minimumArguments: Int { variadic == 0 ? argumentTypes.count : argumentTypes.count - 1 }
    /// The most arguments a call may have; `nil` for no limit.
    public var maximumArguments: Int? {
        switch variadic {
        case 0: return argumentTypes.count
        case let n where n > 0: return argumentTypes.count - 1 + n
        default: return nil
        }
    }

    /// The type argument `index` must have.
    public func argumentType(at index: Int) -> ValueType {
        argumentTypes[min(index, argumentTypes.count - 1)]
    }

    init(_ id: ID, _ argumentTypes: [ValueType], returns returnType: ValueType = .instantVector,
         variadic: Int = 0, experimental: Bool = false) {
        self.id = id
        self.argumentTypes = argumentTypes
        self.variadic = variadic
        self.returnType = returnType
        self.isExperimental = experimental
    }

    public static func == (lhs: PromQLFunction, rhs: PromQLFunction) -> Bool { lhs.id == rhs.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }

    /// The function with this exact (case-sensitive) name.
    public static func named(_ name: String) -> PromQLFunction? { table[name] }

    public static let all: [PromQLFunction] = {
        let vector = ValueType.instantVector, matrix = ValueType.rangeVector
        let scalar = ValueType.scalar, string = ValueType.string
        var functions: [PromQLFunction] = []
        func add(_ id: ID, _ args: [ValueType], returns: ValueType = .instantVector, variadic: Int = 0,
                 experimental: Bool = false) {
            functions.append(PromQLFunction(id, args, returns: returns, variadic: variadic, experimental: experimental))
        }
        // Instant vector in, instant vector out.
        for id: ID in [.abs, .absent, .acos, .acosh, .asin, .asinh, .atan, .atanh, .ceil, .cos, .cosh, .deg, .exp,
                       .floor, .histogramAvg, .histogramCount, .histogramStddev, .histogramStdvar, .histogramSum,
                       .ln, .log10, .log2, .rad, .sgn, .sin, .sinh, .sort, .sortDesc, .sqrt, .startTimestamp,
                       .tan, .tanh, .timestamp] {
            add(id, [vector])
        }
        // Range vector in, instant vector out.
        for id: ID in [.absentOverTime, .avgOverTime, .changes, .countOverTime, .delta, .deriv, .firstOverTime,
                       .idelta, .increase, .irate, .lastOverTime, .maxOverTime, .minOverTime, .presentOverTime,
                       .rate, .resets, .stddevOverTime, .stdvarOverTime, .sumOverTime] {
            add(id, [matrix])
        }
        for id: ID in [.madOverTime, .tsOfFirstOverTime, .tsOfLastOverTime, .tsOfMaxOverTime, .tsOfMinOverTime] {
            add(id, [matrix], experimental: true)
        }
        // Date functions default to `vector(time())`.
        for id: ID in [.daysInMonth, .dayOfMonth, .dayOfWeek, .dayOfYear, .hour, .minute, .month, .year] {
            add(id, [vector], variadic: 1)
        }
        add(.clamp, [vector, scalar, scalar])
        add(.clampMax, [vector, scalar])
        add(.clampMin, [vector, scalar])
        add(.doubleExponentialSmoothing, [matrix, scalar, scalar], experimental: true)
        add(.histogramFraction, [scalar, scalar, vector])
        add(.histogramQuantile, [scalar, vector])
        add(.histogramQuantiles, [vector, string, scalar, scalar], variadic: 9, experimental: true)
        add(.info, [vector, vector], variadic: 1, experimental: true)
        add(.labelJoin, [vector, string, string, string], variadic: -1)
        add(.labelReplace, [vector, string, string, string, string])
        add(.predictLinear, [matrix, scalar])
        add(.quantileOverTime, [scalar, matrix])
        add(.round, [vector, scalar], variadic: 1)
        add(.scalar, [vector], returns: scalar)
        add(.sortByLabel, [vector, string], variadic: -1, experimental: true)
        add(.sortByLabelDesc, [vector, string], variadic: -1, experimental: true)
        add(.vector, [scalar])
        add(.pi, [], returns: scalar)
        add(.time, [], returns: scalar)
        // The query's bounds, also usable in duration expressions.
        for id: ID in [.start, .end, .step, .range] {
            add(id, [], returns: scalar, experimental: true)
        }
        add(.minOf, [scalar, scalar], returns: scalar, experimental: true)
        add(.maxOf, [scalar, scalar], returns: scalar, experimental: true)
        return functions.sorted { $0.name < $1.name }
    }()

    static let table: [String: PromQLFunction] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
}
