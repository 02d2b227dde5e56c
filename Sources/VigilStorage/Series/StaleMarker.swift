/// Prometheus's staleness marker: a NaN with a payload of its own (bits
/// 0x7ff0000000000002), written when a series disappears. It is stored as an
/// ordinary value; only its exact bit pattern makes it a marker, so every
/// other NaN is a normal value.
public enum StaleMarker {
    public static let bitPattern: UInt64 = 0x7FF0_0000_0000_0002

    /// The marker value. Arithmetic on it yields an ordinary NaN.
    public static let value = Double(bitPattern: bitPattern)

    @inlinable
    public static func isStale(_ value: Double) -> Bool { value.bitPattern == bitPattern }
}
