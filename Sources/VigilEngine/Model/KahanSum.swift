/// Prometheus's `kahansum.Inc`: Kahan–Babuška–Neumaier compensated
/// summation. Returns the new sum and compensation; the compensation is
/// reset when the sum overflows to infinity.
@inline(__always)
func kahanSumInc(_ increment: Double, _ sum: Double, _ compensation: Double) -> (sum: Double, compensation: Double) {
    let total = sum + increment
    var c = compensation
    if total.isInfinite {
        c = 0
    } else if abs(sum) >= abs(increment) {
        c += (sum - total) + increment
    } else {
        c += (increment - total) + sum
    }
    return (total, c)
}
