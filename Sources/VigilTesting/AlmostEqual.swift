/// Prometheus's `util/almost.Equal`: equal within a relative epsilon, NaN
/// equal to NaN, and a tiny absolute tolerance around zero.
enum AlmostEqual {
    static let epsilon = 0.000001
    private static let minNormal = Double(bitPattern: 0x0010_0000_0000_0000)

    static func check(_ a: Double, _ b: Double, epsilon: Double = AlmostEqual.epsilon) -> Bool {
        if a.isNaN && b.isNaN { return true }
        if a == b { return true }
        let absSum = abs(a) + abs(b)
        let diff = abs(a - b)
        if a == 0 || b == 0 || absSum < minNormal { return diff < epsilon * minNormal }
        return diff / min(absSum, Double.greatestFiniteMagnitude) < epsilon
    }
}
