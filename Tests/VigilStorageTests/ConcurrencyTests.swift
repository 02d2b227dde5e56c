import Testing
import VigilCore
@testable import VigilStorage

/// Writers append (to their own series and to new ones) while readers take
/// snapshots and select and decode; every snapshot must be internally
/// consistent. Run under `swift test --sanitize=thread` to check for races.
@Suite struct ConcurrencyTests {
    @Test func appendsAndSelectsFromManyTasks() async throws {
        let store = SeriesStore(samplesPerChunk: 16)
        let writers = 4, seriesPerWriter = 20, samplesPerSeries = 200
        let matcher = try LabelMatcher(.equal, "__name__", "load")

        try await withThrowingTaskGroup(of: Int.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    for step in 0..<samplesPerSeries {
                        for series in 0..<seriesPerWriter {
                            let labels: Labels = ["__name__": "load", "writer": "\(writer)", "series": "\(series)"]
                            try store.append(labels, timestamp: Int64(step) * 1_000, value: Double(step))
                        }
                    }
                    return 0
                }
            }
            for _ in 0..<3 {
                group.addTask {
                    var checks = 0
                    for _ in 0..<150 {
                        let snapshot = store.snapshot()
                        let ids = snapshot.select([matcher])
                        var total = 0
                        for id in ids {
                            let columns = snapshot.samples(id, from: .min, through: .max)
                            // Samples of one series are 0, 1, 2, ... with no gaps.
                            #expect(columns.values == (0..<columns.count).map(Double.init))
                            total += columns.count
                        }
                        #expect(total == snapshot.sampleCount)
                        let labels = ids.map(snapshot.labels(of:))
                        #expect(labels == labels.sorted())
                        checks += 1
                    }
                    return checks
                }
            }
            for try await _ in group {}
        }
        let snapshot = store.snapshot()
        #expect(snapshot.seriesCount == writers * seriesPerWriter)
        #expect(snapshot.sampleCount == writers * seriesPerWriter * samplesPerSeries)
    }
}

@Suite struct LogConcurrencyTests {
    /// Pushers write interleaved, partly out-of-order batches while readers
    /// walk snapshots; each snapshot must be in time order and complete up
    /// to its own entry count.
    @Test func pushesAndReadsFromManyTasks() async throws {
        let store = LogStore(blockBytes: 512)
        let matcher = try LabelMatcher(.equal, "job", "load")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<3 {
                group.addTask {
                    for round in 0..<60 {
                        var batch = LogEntries()
                        for step in 0..<10 {
                            // Every other round goes back in time.
                            let base = Int64(round % 2 == 0 ? round : round - 1) * 100
                            batch.append(timestamp: base + Int64(step * 7 + writer), line: "w\(writer) r\(round) s\(step)")
                        }
                        try store.push(["job": "load", "writer": "\(writer % 2)"], batch)
                    }
                }
            }
            for _ in 0..<2 {
                group.addTask {
                    for _ in 0..<100 {
                        let snapshot = store.snapshot()
                        var total = 0
                        for id in snapshot.select([matcher]) {
                            var previous = Int64.min
                            snapshot.forEachEntry(in: id, from: .min, through: .max, direction: .forward) { time, _ in
                                #expect(time >= previous)
                                previous = time
                                total += 1
                                return true
                            }
                        }
                        #expect(total == snapshot.entryCount)
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(store.entryCount == 3 * 60 * 10)
    }
}
