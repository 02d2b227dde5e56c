import Testing
import VigilCore
@testable import VigilStorage

@Suite struct LogStoreTests {
    let app: Labels = ["app": "api", "env": "prod"]

    func entries(_ pairs: [(Int64, String)]) -> LogEntries {
        var out = LogEntries()
        for (time, line) in pairs { out.append(timestamp: time, line: line) }
        return out
    }

    func read(_ store: LogStore, _ labels: Labels, from: Int64 = .min, through: Int64 = .max,
              _ direction: LogDirection = .forward, limit: Int? = nil) throws -> [String] {
        let snapshot = store.snapshot()
        let id = try #require(snapshot.streamID(for: labels))
        let got = snapshot.entries(in: id, from: from, through: through, direction: direction, limit: limit)
        return (0..<got.count).map { "\(got.timestamps[$0]) \(got.line(at: $0))" }
    }

    @Test func outOfOrderPushesAreAcceptedAndPlacedInOrder() throws {
        let store = LogStore()
        try store.push(app, entries([(30, "c"), (10, "a")]))
        try store.push(app, entries([(20, "b"), (5, "z"), (40, "d")]))
        #expect(try read(store, app) == ["5 z", "10 a", "20 b", "30 c", "40 d"])
        #expect(try read(store, app, .backward) == ["40 d", "30 c", "20 b", "10 a", "5 z"])
    }

    @Test func equalTimestampsKeepPushOrderAndExactDuplicatesAreDropped() throws {
        let store = LogStore()
        var result = try store.push(app, entries([(10, "first"), (10, "second"), (10, "first"), (20, "x")]))
        #expect(result == PushResult(accepted: 3, duplicates: 1))
        // A later out-of-order push with the same timestamp goes after the
        // earlier entries of that timestamp; the repeat of "second" is dropped.
        result = try store.push(app, entries([(10, "third"), (10, "second"), (15, "second"), (20, "x")]))
        #expect(result == PushResult(accepted: 2, duplicates: 2))
        #expect(try read(store, app) == ["10 first", "10 second", "10 third", "15 second", "20 x"])
        #expect(try read(store, app, .backward) == ["20 x", "15 second", "10 third", "10 second", "10 first"])
        #expect(store.entryCount == 5)
    }

    @Test func rangeIsEndExclusiveAndLimitTakesFromTheRightEnd() throws {
        let store = LogStore()
        try store.push(app, entries((1...10).map { (Int64($0) * 10, "l\($0)") }))
        #expect(try read(store, app, from: 20, through: 50) == ["20 l2", "30 l3", "40 l4"])
        #expect(try read(store, app, from: 20, through: 51, limit: 2) == ["20 l2", "30 l3"])
        #expect(try read(store, app, from: 20, through: 51, .backward, limit: 2) == ["50 l5", "40 l4"])
        #expect(try read(store, app, from: 200, through: 300).isEmpty)
        #expect(try read(store, app, limit: 0).isEmpty)
    }

    @Test func sealedChunksAreZstdAndReadBackExactly() throws {
        let store = LogStore(blockBytes: 64)
        var expected: [String] = []
        var batch = LogEntries()
        for index in 0..<500 {
            let line = "line \(index) " + String(repeating: "x", count: index % 17)
            batch.append(timestamp: Int64(index / 3) * 1_000, line: line)  // three lines per timestamp
            expected.append("\(Int64(index / 3) * 1_000) \(line)")
        }
        try store.push(app, batch)
        let snapshot = store.snapshot()
        #expect(snapshot.sealedChunkCount > 20)
        let id = try #require(snapshot.streamID(for: app))
        let stream = try #require(snapshot.state.stream(id))
        for chunk in stream.chunks {
            #expect(Zstd.isCompressed(chunk.compressed))
            #expect(chunk.count % 3 == 0, "equal timestamps must not span chunks")
        }
        #expect(try read(store, app) == expected)
        #expect(try read(store, app, .backward) == expected.reversed())
        #expect(try read(store, app, from: 5_000, through: 7_000) == Array(expected[15..<21]))
    }

    @Test func lineBytesArriveWithoutCopies() throws {
        let store = LogStore(blockBytes: 16)
        var batch = LogEntries()
        batch.append(timestamp: 1, line: [0, 255, 10, 13])
        batch.append(timestamp: 2, line: [UInt8]())
        batch.append(timestamp: 3, line: "ünïcode")
        try store.push(app, batch)
        let snapshot = store.snapshot()
        var seen: [[UInt8]] = []
        snapshot.forEachEntry(in: try #require(snapshot.streamID(for: app)), from: 0, through: 10, direction: .forward) { _, line in
            seen.append(Array(line))
            return true
        }
        #expect(seen == [[0, 255, 10, 13], [], Array("ünïcode".utf8)])
    }

    /// Random pushes against a list that applies Loki's rules one entry at a
    /// time, with tiny blocks so most pushes reach sealed chunks.
    @Test func randomPushesMatchOracle() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<40 {
            let store = LogStore(blockBytes: Int.random(in: 8...200, using: &generator))
            var oracle: [(Int64, String)] = []
            for _ in 0..<Int.random(in: 1...60, using: &generator) {
                var batch: [(Int64, String)] = []
                for _ in 0..<Int.random(in: 1...12, using: &generator) {
                    batch.append((Int64.random(in: 0...40, using: &generator), ["a", "b", "cc", "dddd", ""].randomElement(using: &generator)!))
                }
                var expectedDuplicates = 0
                for (time, line) in batch {
                    if oracle.contains(where: { $0.0 == time && $0.1 == line }) { expectedDuplicates += 1; continue }
                    let at = oracle.firstIndex { $0.0 > time } ?? oracle.count
                    oracle.insert((time, line), at: at)
                }
                let result = try store.push(app, entries(batch))
                #expect(result.duplicates == expectedDuplicates)
            }
            let expected = oracle.map { "\($0.0) \($0.1)" }
            #expect(try read(store, app) == expected)
            #expect(try read(store, app, .backward) == expected.reversed())
            #expect(try read(store, app, from: 10, through: 30) == oracle.filter { $0.0 >= 10 && $0.0 < 30 }.map { "\($0.0) \($0.1)" })
            #expect(store.entryCount == oracle.count)
        }
    }

    @Test func selectRetentionAndClear() throws {
        let store = LogStore(blockBytes: 8)
        let other: Labels = ["app": "db", "env": "prod"]
        try store.push(app, entries([(10, "a"), (20, "b"), (30, "c")]))
        try store.push(other, entries([(5, "x")]))
        var snapshot = store.snapshot()
        let prod = try LabelMatcher(.equal, "env", "prod")
        #expect(snapshot.select([prod]).map(snapshot.labels(of:)) == [app, other])
        #expect(snapshot.labelValues("app") == ["api", "db"])
        #expect(snapshot.select([prod], from: 6, through: 10).isEmpty)
        #expect(snapshot.select([prod], from: 5, through: 10).map(snapshot.labels(of:)) == [other])
        #expect(snapshot.select([prod], from: 30).map(snapshot.labels(of:)) == [app])
        store.dropEntries(before: 20)
        snapshot = store.snapshot()
        #expect(snapshot.select([prod]).map(snapshot.labels(of:)) == [app])
        #expect(try read(store, app) == ["20 b", "30 c"])
        store.clear()
        #expect(store.snapshot().select([prod]).isEmpty)
        #expect(throws: LogStoreError.self) { try store.push(.empty, timestamp: 1, line: "x") }
    }

    @Test func chunkSerializationRoundTrips() {
        let original = entries([(Int64.min, ""), (-5, "neg"), (0, "zero"), (Int64.max, String(repeating: "é", count: 300))])
        #expect(LogChunk.deserialize(LogChunk.serialize(original)) == original)
        #expect(LogChunk(original, level: 3).decode() == original)
        #expect(LogChunk.deserialize([0xFF, 0xFF]) == nil)
        #expect(LogChunk.deserialize([3, 1]) == nil)
    }
}
