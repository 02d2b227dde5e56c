/// Which steps of a series hold a value: one bit per step.
public struct StepMask: Hashable, Sendable {
    @usableFromInline var words: [UInt64]
    public let count: Int

    /// A mask of `count` steps, all absent or all present.
    public init(count: Int, allPresent: Bool = false) {
        self.count = count
        let wordCount = (count + 63) >> 6
        words = Array(repeating: allPresent ? ~0 : 0, count: wordCount)
        if allPresent { clearTail() }
    }

    @inline(__always)
    public subscript(index: Int) -> Bool {
        get { words[index >> 6] & (1 << UInt64(index & 63)) != 0 }
        set {
            if newValue {
                words[index >> 6] |= 1 << UInt64(index & 63)
            } else {
                words[index >> 6] &= ~(1 << UInt64(index & 63))
            }
        }
    }

    /// Number of present steps.
    public var presentCount: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }
    public var isEmpty: Bool { words.allSatisfy { $0 == 0 } }
    public var isFull: Bool { presentCount == count }

    /// Whether any step is present in both masks.
    public func intersects(_ other: StepMask) -> Bool {
        zip(words, other.words).contains { $0 & $1 != 0 }
    }

    public mutating func formUnion(_ other: StepMask) {
        for index in words.indices { words[index] |= other.words[index] }
    }

    /// Indices of present steps, in order.
    public var presentIndices: [Int] {
        var result: [Int] = []
        result.reserveCapacity(presentCount)
        for (wordIndex, word) in words.enumerated() {
            var bits = word
            while bits != 0 {
                let bit = bits.trailingZeroBitCount
                result.append(wordIndex << 6 + bit)
                bits &= bits - 1
            }
        }
        return result
    }

    private mutating func clearTail() {
        let extra = words.count * 64 - count
        if extra > 0, !words.isEmpty { words[words.count - 1] &= ~0 >> UInt64(extra) }
    }
}
