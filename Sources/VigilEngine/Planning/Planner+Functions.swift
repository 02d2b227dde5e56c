#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import VigilCore
import VigilSyntax

extension Planner {
    func function(_ call: Call, _ grid: StepGrid) throws -> InstantVectorOperator {
        let args = call.args
        func vectorArg(_ index: Int) throws -> InstantVectorOperator { try instant(args[index], grid) }
        func scalarArg(_ index: Int) throws -> ScalarOperator { try scalar(args[index], grid) }
        func elementwise(_ transform: @escaping (Double) -> Double) throws -> InstantVectorOperator {
            ElementwiseFunction(child: try vectorArg(0), context: context) { value, _ in transform(value) }
        }
        func rangeFunction(_ kernel: RangeKernel, matrixIndex: Int = 0, parameters: [ScalarOperator] = [],
                           checksCounterName: Bool = false) throws -> InstantVectorOperator {
            RangeFunction(child: try range(args[matrixIndex], grid), kernel: kernel, parameters: parameters,
                          grid: grid, context: context, checksCounterName: checksCounterName,
                          argumentRange: args[matrixIndex].sourceRange)
        }
        func date(_ body: @escaping ((year: Int, month: Int, day: Int, hour: Int, minute: Int, weekday: Int,
                                      yearDay: Int)) -> Double) throws -> InstantVectorOperator {
            let child: InstantVectorOperator = args.isEmpty
                ? VectorFromScalar(scalar: StepTimeScalar(grid: grid), context: context) : try vectorArg(0)
            return ElementwiseFunction(child: child, context: context) { value, _ in body(GoMath.civil(value)) }
        }

        switch call.function.id {
        // Elementwise math.
        case .abs: return try elementwise { Swift.abs($0) }
        case .ceil: return try elementwise { ceil($0) }
        case .floor: return try elementwise { floor($0) }
        case .exp: return try elementwise { exp($0) }
        case .sqrt: return try elementwise { sqrt($0) }
        case .ln: return try elementwise { log($0) }
        case .log2: return try elementwise { log2($0) }
        case .log10: return try elementwise { log10($0) }
        case .sin: return try elementwise { sin($0) }
        case .cos: return try elementwise { cos($0) }
        case .tan: return try elementwise { tan($0) }
        case .asin: return try elementwise { asin($0) }
        case .acos: return try elementwise { acos($0) }
        case .atan: return try elementwise { atan($0) }
        case .sinh: return try elementwise { sinh($0) }
        case .cosh: return try elementwise { cosh($0) }
        case .tanh: return try elementwise { tanh($0) }
        case .asinh: return try elementwise { asinh($0) }
        case .acosh: return try elementwise { acosh($0) }
        case .atanh: return try elementwise { atanh($0) }
        case .rad: return try elementwise { $0 * Double.pi / 180 }
        case .deg: return try elementwise { $0 * 180 / Double.pi }
        case .sgn: return try elementwise { $0 < 0 ? -1 : $0 > 0 ? 1 : $0 }
        case .clamp:
            return ElementwiseFunction(child: try vectorArg(0), arguments: [try scalarArg(1), try scalarArg(2)],
                                       context: context) { value, bounds in
                bounds[1] < bounds[0] ? nil : GoMath.max(bounds[0], GoMath.min(bounds[1], value))
            }
        case .clampMax:
            return ElementwiseFunction(child: try vectorArg(0), arguments: [try scalarArg(1)], context: context) {
                value, bounds in GoMath.max(-.infinity, GoMath.min(bounds[0], value))
            }
        case .clampMin:
            return ElementwiseFunction(child: try vectorArg(0), arguments: [try scalarArg(1)], context: context) {
                value, bounds in GoMath.max(bounds[0], GoMath.min(.infinity, value))
            }
        case .round:
            let toNearest: ScalarOperator = args.count > 1 ? try scalarArg(1) : ConstantScalar(1, steps: grid.count)
            return ElementwiseFunction(child: try vectorArg(0), arguments: [toNearest], context: context) {
                value, parameters in
                let inverse = 1.0 / parameters[0]
                return floor(value * inverse + 0.5) / inverse
            }
        case .timestamp:
            var inner = args[0]
            while case .paren(let node) = inner { inner = node.expr }
            if case .vectorSelector(let selector) = inner {
                let source = try InstantVectorSelector(context: context, grid: grid, selector: selector,
                                                       output: .timestampSeconds)
                return NameDropping(child: source, context: context)
            }
            return StepTimestamps(child: try vectorArg(0), grid: grid, context: context)

        // Dates.
        case .daysInMonth: return try date { Double(GoMath.daysInMonth(year: $0.year, month: $0.month)) }
        case .dayOfMonth: return try date { Double($0.day) }
        case .dayOfWeek: return try date { Double($0.weekday) }
        case .dayOfYear: return try date { Double($0.yearDay) }
        case .hour: return try date { Double($0.hour) }
        case .minute: return try date { Double($0.minute) }
        case .month: return try date { Double($0.month) }
        case .year: return try date { Double($0.year) }

        // Range functions.
        case .rate: return try rangeFunction(ExtrapolatedRate(isCounter: true, isRate: true), checksCounterName: true)
        case .increase:
            return try rangeFunction(ExtrapolatedRate(isCounter: true, isRate: false), checksCounterName: true)
        case .delta: return try rangeFunction(ExtrapolatedRate(isCounter: false, isRate: false))
        case .irate: return try rangeFunction(InstantRate(isRate: true))
        case .idelta: return try rangeFunction(InstantRate(isRate: false))
        case .sumOverTime: return try rangeFunction(WindowStatistics.sum)
        case .avgOverTime: return try rangeFunction(WindowStatistics.average)
        case .countOverTime: return try rangeFunction(WindowPosition(kind: .count))
        case .presentOverTime: return try rangeFunction(WindowPosition(kind: .present))
        case .lastOverTime: return try rangeFunction(WindowPosition(kind: .last))
        case .firstOverTime: return try rangeFunction(WindowPosition(kind: .first))
        case .tsOfLastOverTime: return try rangeFunction(WindowPosition(kind: .timestampOfLast))
        case .tsOfFirstOverTime: return try rangeFunction(WindowPosition(kind: .timestampOfFirst))
        case .maxOverTime: return try rangeFunction(SlidingExtremum(maximum: true))
        case .minOverTime: return try rangeFunction(SlidingExtremum(maximum: false))
        case .tsOfMaxOverTime: return try rangeFunction(WindowStatistics.timestampOfExtremum(maximum: true))
        case .tsOfMinOverTime: return try rangeFunction(WindowStatistics.timestampOfExtremum(maximum: false))
        case .stddevOverTime: return try rangeFunction(WindowStatistics.variance(standardDeviation: true))
        case .stdvarOverTime: return try rangeFunction(WindowStatistics.variance(standardDeviation: false))
        case .madOverTime: return try rangeFunction(WindowStatistics.medianAbsoluteDeviation)
        case .changes: return try rangeFunction(PrefixCount.changes)
        case .resets: return try rangeFunction(PrefixCount.resets)
        case .deriv: return try rangeFunction(LinearRegression(predictSeconds: nil))
        case .predictLinear:
            return try rangeFunction(LinearRegression(predictSeconds: 0), parameters: [try scalarArg(1)])
        case .doubleExponentialSmoothing:
            return try rangeFunction(DoubleExponentialSmoothing(), parameters: [try scalarArg(1), try scalarArg(2)])
        case .quantileOverTime:
            let kernel = QuantileOverTime(quantiles: try scalarArg(0).values(), parameterRange: args[0].sourceRange)
            return try rangeFunction(kernel, matrixIndex: 1)
        case .absentOverTime:
            return AbsentOverTimeFunction(child: try range(args[0], grid),
                                          labels: AbsentFunction.labels(for: args[0]), context: context)

        // Whole-vector functions.
        case .absent:
            return AbsentFunction(child: try vectorArg(0), labels: AbsentFunction.labels(for: args[0]),
                                  context: context, steps: grid.count)
        case .vector:
            return builder(grid).vector(try scalarArg(0))
        case .sort, .sortDesc, .sortByLabel, .sortByLabelDesc:
            if context.isRangeQuery {
                context.warn("sort is ineffective for range queries since results are always ordered by labels",
                             at: call.sourceRange)
            }
            let order: SortFunction.Order
            switch call.function.id {
            case .sort: order = .ascending
            case .sortDesc: order = .descending
            default:
                order = .byLabels(try args.dropFirst().map { try string($0).value },
                                  descending: call.function.id == .sortByLabelDesc)
            }
            return builder(grid).sort(try vectorArg(0), order)
        case .labelReplace:
            let destination = try string(args[1]), replacement = try string(args[2])
            let source = try string(args[3]), pattern = try string(args[4])
            let regex: RE2Regex
            do {
                regex = try RE2Regex("^(?s:" + pattern.value + ")$")
            } catch {
                throw QueryError.execution("invalid regular expression in label_replace(): \(pattern.value)")
            }
            guard destination.isValidUTF8, !destination.bytes.isEmpty else {
                throw QueryError.execution("invalid destination label name in label_replace(): \(destination.value)")
            }
            return builder(grid).labelReplace(try vectorArg(0), destination: destination.value,
                                              replacement: replacement.value, source: source.value, regex: regex)
        case .labelJoin:
            let destination = try string(args[1]), separator = try string(args[2])
            var sources: [String] = []
            for arg in args.dropFirst(3) {
                let source = try string(arg)
                guard source.isValidUTF8 else {
                    throw QueryError.execution("invalid source label name in label_join(): \(source.value)")
                }
                sources.append(source.value)
            }
            guard destination.isValidUTF8, !destination.bytes.isEmpty else {
                throw QueryError.execution("invalid destination label name in label_join(): \(destination.value)")
            }
            return LabelRewrite(child: try vectorArg(0), context: context,
                                rewrite: LabelRewrites.join(destination: destination.value,
                                                            separator: separator.value, sources: sources))

        // Classic histograms.
        case .histogramQuantile:
            return HistogramBucketFunction(kind: .quantile(try scalarArg(0)), child: try vectorArg(1),
                                           context: context, steps: grid.count, parameterRange: args[0].sourceRange,
                                           vectorRange: args[1].sourceRange)
        case .histogramFraction:
            return HistogramBucketFunction(kind: .fraction(lower: try scalarArg(0), upper: try scalarArg(1)),
                                           child: try vectorArg(2), context: context, steps: grid.count,
                                           parameterRange: args[0].sourceRange, vectorRange: args[2].sourceRange)
        case .histogramCount, .histogramSum, .histogramAvg, .histogramStddev, .histogramStdvar:
            // Defined on native histogram samples only; float samples give nothing.
            return DiscardVector(child: try vectorArg(0), context: context)
        case .histogramQuantiles:
            let label = try string(args[1])
            return HistogramBucketFunction(kind: .quantiles(label: label.value, try args.dropFirst(2).map { try scalar($0, grid) }),
                                           child: try vectorArg(0), context: context, steps: grid.count,
                                           parameterRange: args[2].sourceRange, vectorRange: args[0].sourceRange)
        case .info:
            throw QueryError.unsupported("info() is not supported yet")
        case .startTimestamp:
            throw QueryError.unsupported("start_timestamp() is not supported yet")

        case .scalar, .time, .pi, .start, .end, .step, .range, .minOf, .maxOf:
            throw QueryError.invalid("\(call.function.name)() returns a scalar")
        }
    }

    func scalarFunction(_ call: Call, _ grid: StepGrid) throws -> ScalarOperator {
        let queryGrid = context.queryGrid
        switch call.function.id {
        case .time: return StepTimeScalar(grid: grid)
        case .pi: return ConstantScalar(Double.pi, steps: grid.count)
        case .scalar:
            return ScalarFromVector(child: try instant(call.args[0], grid), context: context, steps: grid.count)
        case .start: return ConstantScalar(Double(queryGrid.start) / 1000, steps: grid.count)
        case .end: return ConstantScalar(Double(queryGrid.end) / 1000, steps: grid.count)
        case .step:
            return ConstantScalar(context.isRangeQuery ? Double(queryGrid.step) / 1000 : 0, steps: grid.count)
        case .range: return ConstantScalar(Double(queryGrid.end - queryGrid.start) / 1000, steps: grid.count)
        case .minOf, .maxOf:
            let isMin = call.function.id == .minOf
            return ScalarFunction(arguments: try call.args.map { try scalar($0, grid) }, steps: grid.count) {
                isMin ? GoMath.min($0[0], $0[1]) : GoMath.max($0[0], $0[1])
            }
        default:
            throw QueryError.invalid("\(call.function.name)() does not return a scalar")
        }
    }
}
