/// A sealed, Gorilla-compressed run of samples with its time bounds, so
/// reads skip it without decoding when it misses their range.
struct SealedChunk: Sendable {
    let minTime: Int64
    let maxTime: Int64
    let count: Int
    let bytes: [UInt8]

    init(timestamps: [Int64], values: [Double]) {
        minTime = timestamps.first ?? 0
        maxTime = timestamps.last ?? 0
        count = timestamps.count
        bytes = GorillaChunk.encode(timestamps: timestamps, values: values)
    }
}

/// The samples of one series: sealed chunks, then a head of plain arrays
/// that is sealed into a chunk once it holds `chunkSize` samples.
/// Samples are strictly increasing in time.
struct SeriesSamples: Sendable {
    private(set) var chunks: [SealedChunk] = []
    private(set) var headTimestamps: [Int64] = []
    private(set) var headValues: [Double] = []
    private(set) var count = 0
    private(set) var lastTimestamp = Int64.min
    private var lastValue = 0.0

    var isEmpty: Bool { count == 0 }
    var minTime: Int64? { chunks.first?.minTime ?? headTimestamps.first }
    var maxTime: Int64? { count == 0 ? nil : lastTimestamp }

    enum AppendOutcome: Equatable {
        case appended
        /// Same timestamp and identical value bits as the newest sample.
        case duplicateIgnored
        case outOfOrder(newest: Int64)
        case conflictingDuplicate(existing: Double)
    }

    mutating func append(_ timestamp: Int64, _ value: Double, chunkSize: Int) -> AppendOutcome {
        if count > 0 {
            if timestamp < lastTimestamp { return .outOfOrder(newest: lastTimestamp) }
            if timestamp == lastTimestamp {
                return value.bitPattern == lastValue.bitPattern ? .duplicateIgnored : .conflictingDuplicate(existing: lastValue)
            }
        }
        headTimestamps.append(timestamp)
        headValues.append(value)
        count += 1
        lastTimestamp = timestamp
        lastValue = value
        if headTimestamps.count >= chunkSize { seal() }
        return .appended
    }

    private mutating func seal() {
        chunks.append(SealedChunk(timestamps: headTimestamps, values: headValues))
        headTimestamps.removeAll(keepingCapacity: true)
        headValues.removeAll(keepingCapacity: true)
    }

    /// Appends the samples with `from <= t <= through` to `columns`,
    /// decoding only chunks that overlap the range.
    func read(from: Int64, through: Int64, into columns: inout SampleColumns) {
        guard count > 0, from <= through, from <= lastTimestamp else { return }
        var index = firstChunk(endingAtOrAfter: from)
        while index < chunks.count, chunks[index].minTime <= through {
            let chunk = chunks[index]
            GorillaChunk.decode(chunk.bytes, count: chunk.count, from: from, through: through,
                                timestamps: &columns.timestamps, values: &columns.values)
            index += 1
        }
        guard let first = headTimestamps.first, first <= through else { return }
        var start = 0
        if first < from { start = Self.lowerBound(headTimestamps, from) }
        var end = headTimestamps.count
        // lastTimestamp > through rules out through == Int64.max, so +1 cannot wrap.
        if lastTimestamp > through { end = Self.lowerBound(headTimestamps, through + 1) }
        if start < end {
            columns.timestamps.append(contentsOf: headTimestamps[start..<end])
            columns.values.append(contentsOf: headValues[start..<end])
        }
    }

    /// Whether some sample lies in `[from, through]`.
    func hasSamples(from: Int64, through: Int64) -> Bool {
        guard let minTime, count > 0 else { return false }
        if minTime > through || lastTimestamp < from { return false }
        var columns = SampleColumns()
        read(from: from, through: through, into: &columns)
        return !columns.isEmpty
    }

    /// Removes every sample older than `cutoff`; the chunk that straddles it
    /// is decoded and re-encoded with the samples that remain.
    mutating func dropSamples(before cutoff: Int64) {
        guard count > 0, let minTime, minTime < cutoff else { return }
        var kept: [SealedChunk] = []
        var removed = 0
        for chunk in chunks {
            if chunk.maxTime < cutoff {
                removed += chunk.count
            } else if chunk.minTime < cutoff {
                var columns = SampleColumns()
                GorillaChunk.decode(chunk.bytes, count: chunk.count, from: cutoff,
                                    timestamps: &columns.timestamps, values: &columns.values)
                removed += chunk.count - columns.count
                kept.append(SealedChunk(timestamps: columns.timestamps, values: columns.values))
            } else {
                kept.append(chunk)
            }
        }
        chunks = kept
        let headDrop = Self.lowerBound(headTimestamps, cutoff)
        if headDrop > 0 {
            headTimestamps.removeFirst(headDrop)
            headValues.removeFirst(headDrop)
            removed += headDrop
        }
        count -= removed
    }

    /// Compressed chunk bytes plus the head's arrays.
    var memoryBytes: Int {
        chunks.reduce(0) { $0 + $1.bytes.count + 40 } + headTimestamps.capacity * 8 + headValues.capacity * 8 + 64
    }

    private func firstChunk(endingAtOrAfter time: Int64) -> Int {
        var low = 0, high = chunks.count
        while low < high {
            let mid = (low + high) >> 1
            if chunks[mid].maxTime < time { low = mid + 1 } else { high = mid }
        }
        return low
    }

    static func lowerBound(_ list: [Int64], _ value: Int64) -> Int {
        var low = 0, high = list.count
        while low < high {
            let mid = (low + high) >> 1
            if list[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
