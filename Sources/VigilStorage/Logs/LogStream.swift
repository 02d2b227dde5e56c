/// The entries of one log stream: sealed zstd chunks, then a head block.
///
/// Loki semantics: entries are kept in time order; entries with equal
/// timestamps keep the order they were pushed in; a push of an entry whose
/// timestamp and line equal an existing entry's is dropped; out-of-order
/// pushes are accepted and placed in order.
///
/// Invariant: every chunk's entries are strictly older than the next
/// chunk's, and the head's strictly newer than the last chunk's. All entries
/// sharing a timestamp therefore live in one place, which keeps push order
/// and duplicate checks local to that block.
struct LogStream: Sendable {
    private(set) var chunks: [LogChunk] = []
    private(set) var head = LogEntries()
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }
    var minTime: Int64? { chunks.first?.minTime ?? head.timestamps.first }
    var maxTime: Int64? { head.timestamps.last ?? chunks.last?.maxTime }

    struct Limits {
        var blockBytes: Int
        var compressionLevel: Int32
    }

    /// Adds `batch` (in push order); returns how many were dropped as duplicates.
    mutating func push(_ batch: LogEntries, limits: Limits) -> Int {
        guard !batch.isEmpty else { return 0 }
        let sorted = batch.sortedStably()
        var duplicates = 0

        // Entries newer than every sealed chunk go to the head; older ones
        // to the last chunk that starts at or before them (or the first).
        var headStart = 0
        if let lastSealed = chunks.last?.maxTime {
            headStart = sorted.firstIndex(atOrAfter: lastSealed &+ 1)
            if lastSealed == .max { headStart = sorted.count }
        }
        if headStart > 0 {
            duplicates += pushIntoChunks(sorted.slice(0..<headStart), limits: limits)
        }
        if headStart < sorted.count {
            let fresh = headStart == 0 ? sorted : sorted.slice(headStart..<sorted.count)
            let dropped: Int
            if let newest = head.timestamps.last, let oldest = fresh.timestamps.first, oldest < newest {
                let merged: LogEntries
                (merged, dropped) = Self.merge(head, fresh)
                head = merged
            } else {
                // The common case, appending in order, works in place.
                dropped = Self.appendInOrder(fresh, to: &head)
            }
            duplicates += dropped
            count += fresh.count - dropped
            sealFullHead(limits: limits)
        }
        return duplicates
    }

    private mutating func pushIntoChunks(_ older: LogEntries, limits: Limits) -> Int {
        // Group by target chunk, then rewrite the affected chunks from the
        // last to the first so earlier indices stay valid while splitting.
        var groups: [(chunk: Int, range: Range<Int>)] = []
        var start = 0
        while start < older.count {
            let target = chunkIndex(for: older.timestamps[start])
            var end = start + 1
            let limit = target + 1 < chunks.count ? chunks[target + 1].minTime : Int64.max
            while end < older.count, older.timestamps[end] < limit { end += 1 }
            groups.append((target, start..<end))
            start = end
        }
        var duplicates = 0
        for group in groups.reversed() {
            let existing = chunks[group.chunk].decode()
            let (merged, dropped) = Self.merge(existing, older.slice(group.range))
            duplicates += dropped
            count += group.range.count - dropped
            let pieces = Self.split(merged, maxBytes: limits.blockBytes).map { LogChunk($0, level: limits.compressionLevel) }
            chunks.replaceSubrange(group.chunk...group.chunk, with: pieces)
        }
        return duplicates
    }

    /// The last chunk whose first entry is not newer than `time`, or 0.
    private func chunkIndex(for time: Int64) -> Int {
        var low = 0, high = chunks.count
        while low < high {
            let mid = (low + high) >> 1
            if chunks[mid].minTime <= time { low = mid + 1 } else { high = mid }
        }
        return max(0, low - 1)
    }

    /// Seals the head while it holds at least `blockBytes` of lines. The
    /// trailing run of entries sharing the newest timestamp stays in the
    /// head (unless it is the whole head), so equal timestamps never span
    /// a chunk boundary.
    private mutating func sealFullHead(limits: Limits) {
        var start = 0
        while head.byteCount - head.lineStart(start) >= limits.blockBytes {
            var cut = Self.cutPoint(head, from: start, maxBytes: limits.blockBytes)
            if cut == head.count {
                let runStart = Self.runStart(head, before: head.count)
                if runStart > start { cut = runStart }
            }
            chunks.append(LogChunk(head.slice(start..<cut), level: limits.compressionLevel))
            start = cut
            if start == head.count { break }
        }
        if start > 0 { head = head.slice(start..<head.count) }
    }

    /// Index after the entries from `from` that first hold `maxBytes`,
    /// moved forward past entries sharing the timestamp at the cut.
    static func cutPoint(_ entries: LogEntries, from: Int = 0, maxBytes: Int) -> Int {
        let base = entries.lineStart(from)
        var cut = from
        while cut < entries.count, entries.lineEnds[cut] - base < maxBytes { cut += 1 }
        cut = min(cut + 1, entries.count)
        while cut < entries.count, entries.timestamps[cut] == entries.timestamps[cut - 1] { cut += 1 }
        return cut
    }

    /// Start of the run of entries sharing the timestamp of entry `end - 1`.
    static func runStart(_ entries: LogEntries, before end: Int) -> Int {
        var start = end - 1
        while start > 0, entries.timestamps[start - 1] == entries.timestamps[end - 1] { start -= 1 }
        return start
    }

    static func split(_ entries: LogEntries, maxBytes: Int) -> [LogEntries] {
        if entries.byteCount <= maxBytes { return [entries] }
        var pieces: [LogEntries] = []
        var start = 0
        while start < entries.count {
            let cut = entries.byteCount - entries.lineStart(start) > maxBytes
                ? cutPoint(entries, from: start, maxBytes: maxBytes) : entries.count
            pieces.append(entries.slice(start..<cut))
            start = cut
        }
        return pieces
    }

    /// Merges sorted `incoming` into sorted `existing`: on equal timestamps
    /// existing entries (pushed earlier) come first, and an incoming entry
    /// equal in timestamp and line to one already placed is dropped.
    static func merge(_ existing: LogEntries, _ incoming: LogEntries) -> (LogEntries, dropped: Int) {
        var out = LogEntries()
        out.reserveCapacity(entries: existing.count + incoming.count, bytes: existing.byteCount + incoming.byteCount)
        var i = 0
        var run = DuplicateRun()
        var dropped = 0
        for j in 0..<incoming.count {
            let time = incoming.timestamps[j]
            // Existing entries with this timestamp go first.
            let upTo = i < existing.count ? existing.firstIndex(atOrAfter: time &+ 1, from: i, orEndIf: time == .max) : i
            if upTo > i {
                out.append(existing, range: i..<upTo)
                i = upTo
            }
            let duplicate = incoming.withLineBuffer(at: j) { line in run.contains(time, line, in: out) }
            if duplicate { dropped += 1; continue }
            out.append(incoming, at: j)
            run.noteAppended(in: out)
        }
        if i < existing.count { out.append(existing, range: i..<existing.count) }
        return (out, dropped)
    }

    /// Appends sorted `incoming`, none older than `entries`' newest, in
    /// place; returns how many were dropped as duplicates.
    static func appendInOrder(_ incoming: LogEntries, to entries: inout LogEntries) -> Int {
        var run = DuplicateRun()
        var dropped = 0
        for j in 0..<incoming.count {
            let time = incoming.timestamps[j]
            let duplicate = incoming.withLineBuffer(at: j) { line in run.contains(time, line, in: entries) }
            if duplicate { dropped += 1; continue }
            entries.append(incoming, at: j)
            run.noteAppended(in: entries)
        }
        return dropped
    }

    // MARK: Reading

    /// Calls `body` for each entry with `from <= t < through`, oldest first
    /// or newest first, until it returns false. Chunks are decompressed
    /// only when they overlap the range.
    func forEach(from: Int64, through: Int64, backward: Bool,
                 _ body: (Int64, UnsafeRawBufferPointer) throws -> Bool) rethrows -> Bool {
        guard from < through, count > 0 else { return true }
        let overlapping = chunks.indices.filter { chunks[$0].maxTime >= from && chunks[$0].minTime < through }
        if backward {
            if try !Self.visit(head, from: from, through: through, backward: true, body) { return false }
            for index in overlapping.reversed() {
                if try !Self.visit(chunks[index].decode(), from: from, through: through, backward: true, body) { return false }
            }
        } else {
            for index in overlapping {
                if try !Self.visit(chunks[index].decode(), from: from, through: through, backward: false, body) { return false }
            }
            if try !Self.visit(head, from: from, through: through, backward: false, body) { return false }
        }
        return true
    }

    private static func visit(_ entries: LogEntries, from: Int64, through: Int64, backward: Bool,
                              _ body: (Int64, UnsafeRawBufferPointer) throws -> Bool) rethrows -> Bool {
        let start = entries.firstIndex(atOrAfter: from)
        let end = entries.firstIndex(atOrAfter: through)
        guard start < end else { return true }
        return try entries.bytes.withUnsafeBytes { arena in
            if backward {
                for index in stride(from: end - 1, through: start, by: -1) {
                    let line = UnsafeRawBufferPointer(rebasing: arena[entries.lineRange(index)])
                    if try !body(entries.timestamps[index], line) { return false }
                }
            } else {
                for index in start..<end {
                    let line = UnsafeRawBufferPointer(rebasing: arena[entries.lineRange(index)])
                    if try !body(entries.timestamps[index], line) { return false }
                }
            }
            return true
        }
    }

    // MARK: Retention

    /// Removes entries older than `cutoff` (nanoseconds).
    mutating func dropEntries(before cutoff: Int64, limits: Limits) {
        guard let minTime, minTime < cutoff else { return }
        var kept: [LogChunk] = []
        for chunk in chunks {
            if chunk.maxTime < cutoff {
                count -= chunk.count
            } else if chunk.minTime < cutoff {
                let entries = chunk.decode()
                let first = entries.firstIndex(atOrAfter: cutoff)
                count -= first
                kept.append(LogChunk(entries.slice(first..<entries.count), level: limits.compressionLevel))
            } else {
                kept.append(chunk)
            }
        }
        chunks = kept
        let first = head.firstIndex(atOrAfter: cutoff)
        if first > 0 {
            count -= first
            head = head.slice(first..<head.count)
        }
    }

    var memoryBytes: Int {
        chunks.reduce(0) { $0 + $1.compressed.count + 48 } + head.byteCount + head.count * 16 + 64
    }
}

/// Tracks the entries at the tail of a block that share the newest
/// timestamp, to find exact duplicates. Short runs are compared directly;
/// long runs (many lines in one nanosecond) get a hash index.
private struct DuplicateRun {
    private var timestamp: Int64? = nil
    private var start = 0
    private var hashes: [Int: [Int]]? = nil

    mutating func contains(_ time: Int64, _ line: UnsafeRawBufferPointer, in out: LogEntries) -> Bool {
        guard let last = out.timestamps.last, last == time else { return false }
        if timestamp != time {
            timestamp = time
            start = LogStream.runStart(out, before: out.count)
            hashes = nil
        }
        let length = out.count - start
        if length <= 16 {
            for index in start..<out.count where out.lineEquals(index, line) { return true }
            return false
        }
        if hashes == nil {
            var table: [Int: [Int]] = [:]
            for index in start..<out.count {
                table[out.withLineBuffer(at: index, Self.hash), default: []].append(index)
            }
            hashes = table
        }
        for index in hashes?[Self.hash(line)] ?? [] where out.lineEquals(index, line) { return true }
        return false
    }

    /// Records the entry just appended to `out`.
    mutating func noteAppended(in out: LogEntries) {
        let index = out.count - 1
        let time = out.timestamps[index]
        if timestamp != time {
            timestamp = time
            start = LogStream.runStart(out, before: out.count)
            hashes = nil
            return
        }
        if hashes != nil {
            let key = out.withLineBuffer(at: index, Self.hash)
            hashes?[key, default: []].append(index)
        }
    }

    private static func hash(_ bytes: UnsafeRawBufferPointer) -> Int {
        var hasher = Hasher()
        hasher.combine(bytes: bytes)
        return hasher.finalize()
    }
}

extension LogEntries {
    /// First index >= `from` whose timestamp is >= `time`; `count` when
    /// `saturated` (the caller wanted max + 1).
    func firstIndex(atOrAfter time: Int64, from: Int, orEndIf saturated: Bool) -> Int {
        if saturated { return count }
        var low = from, high = timestamps.count
        while low < high {
            let mid = (low + high) >> 1
            if timestamps[mid] < time { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
