/// A handle on one series of a `SeriesStore`, as Prometheus's appenders hand
/// out series references: append by id to skip hashing the label set.
/// Ids stay valid until the store is cleared; an id from before `clear()`
/// is rejected instead of reaching whichever series took its place.
public struct SeriesID: Hashable, Comparable, Sendable, CustomStringConvertible {
    let value: UInt32
    let epoch: UInt32

    /// A dense number (0, 1, 2, ...) for the series, for indexing arrays.
    public var index: Int { Int(value) }

    public static func < (lhs: SeriesID, rhs: SeriesID) -> Bool { (lhs.epoch, lhs.value) < (rhs.epoch, rhs.value) }

    public var description: String { "series#\(value)" }
}
