/// `deriv` and `predict_linear`: least squares over the window with
/// compensated sums, x in seconds relative to an intercept time.
struct LinearRegression: RangeKernel {
    /// nil: `deriv` (slope, intercept at the first sample). Otherwise the
    /// column of `predict_linear`'s seconds ahead.
    let predictSeconds: Int?

    func evaluate(_ input: RangeWindowInput, context: QueryContext) throws -> StepSeries {
        var series = StepSeries(count: input.bounds.count)
        for (step, window) in input.bounds.enumerated() where window.count >= 2 {
            let times = input.timestamps[window], values = input.values[window]
            let intercept = predictSeconds == nil ? times[times.startIndex] : input.stepTimes[step]
            let (slope, value) = Self.regression(times, values, interceptTime: intercept)
            if let column = predictSeconds {
                series.set(step, slope * input.parameters[column][step] + value)
            } else {
                series.set(step, slope)
            }
        }
        return series
    }

    static func regression(_ times: ArraySlice<Int64>, _ values: ArraySlice<Double>, interceptTime: Int64)
        -> (slope: Double, intercept: Double) {
        var n = 0.0
        var sumX = 0.0, cX = 0.0, sumY = 0.0, cY = 0.0, sumXY = 0.0, cXY = 0.0, sumX2 = 0.0, cX2 = 0.0
        let initY = values[values.startIndex]
        var constY = true
        for (offset, (time, value)) in zip(times, values).enumerated() {
            if constY && offset > 0 && value != initY { constY = false }
            n += 1
            let x = Double(time - interceptTime) / 1e3
            (sumX, cX) = kahanSumInc(x, sumX, cX)
            (sumY, cY) = kahanSumInc(value, sumY, cY)
            (sumXY, cXY) = kahanSumInc(x * value, sumXY, cXY)
            (sumX2, cX2) = kahanSumInc(x * x, sumX2, cX2)
        }
        if constY {
            if initY.isInfinite { return (.nan, .nan) }
            return (0, initY)
        }
        sumX += cX; sumY += cY; sumXY += cXY; sumX2 += cX2
        let covXY = sumXY - sumX * sumY / n
        let varX = sumX2 - sumX * sumX / n
        let slope = covXY / varX
        return (slope, sumY / n - slope * sumX / n)
    }
}
