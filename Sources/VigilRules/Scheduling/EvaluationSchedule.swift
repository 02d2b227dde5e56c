/// How evaluation times are placed on a group's interval.
public enum EvaluationAlignment: Sendable, Hashable {
    /// At whole multiples of the interval since the Unix epoch (every 1m
    /// group at :00 seconds). Deterministic and independent of group names,
    /// so replays, `promtool test rules` and the incident's expected
    /// timelines line up.
    case aligned
    /// Each group offset within its interval by a hash of its file and name,
    /// as Prometheus does to spread load. Vigil hashes with FNV-1a (64 bit)
    /// where Prometheus uses xxHash of a label set, so the offsets differ
    /// from Prometheus's.
    case spreadByGroup
}

/// The evaluation times of one group: `offset + k × interval`.
struct EvaluationSchedule: Sendable, Equatable {
    let interval: Int64
    let offset: Int64

    init(interval: Int64, file: String, name: String, alignment: EvaluationAlignment) {
        self.interval = max(1, interval)
        switch alignment {
        case .aligned:
            offset = 0
        case .spreadByGroup:
            offset = Int64(Self.fnv1a(file + ";" + name) % UInt64(self.interval))
        }
    }

    /// Prometheus's `EvalTimestamp`: the latest evaluation time at or before `time`.
    func slot(atOrBefore time: Int64) -> Int64 {
        let shifted = time &- offset
        var remainder = shifted % interval
        if remainder < 0 { remainder += interval }
        return shifted &- remainder &+ offset
    }

    /// The first evaluation of a group started at `time`: the slot after
    /// the one at or before it, as Prometheus's `Group.run` waits for.
    func firstSlot(after time: Int64) -> Int64 {
        slot(atOrBefore: time) &+ interval
    }

    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
