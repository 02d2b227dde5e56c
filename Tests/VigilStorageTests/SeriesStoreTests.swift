import Testing
import VigilCore
@testable import VigilStorage

@Suite struct SeriesStoreTests {
    let up: Labels = ["__name__": "up", "job": "api"]

    @Test func outOfOrderSampleIsRejectedWithBothTimestamps() throws {
        let store = SeriesStore()
        try store.append(up, timestamp: 2_000, value: 1)
        #expect(throws: AppendError(kind: .outOfOrder(newest: 2_000), series: up, timestamp: 1_000, value: 5)) {
            try store.append(up, timestamp: 1_000, value: 5)
        }
        do {
            try store.append(up, timestamp: 1_000, value: 5)
        } catch {
            #expect(error.description
                == #"out of order sample: timestamp 1000 for series up{job="api"} is older than its newest sample at 2000"#)
        }
        #expect(store.sampleCount == 1)
    }

    @Test func duplicateTimestampWithOtherValueIsRejected() throws {
        let store = SeriesStore()
        try store.append(up, timestamp: 1_000, value: 1)
        do {
            try store.append(up, timestamp: 1_000, value: 2)
            Issue.record("accepted a conflicting duplicate")
        } catch {
            #expect(error.kind == .duplicateTimestamp(existing: 1))
            #expect(error.description
                == #"duplicate sample for timestamp 1000 for series up{job="api"}: stored value 1, new value 2"#)
        }
        // The identical sample is a no-op, also for NaN payloads and the stale marker.
        try store.append(up, timestamp: 1_000, value: 1)
        try store.append(up, timestamp: 2_000, value: StaleMarker.value)
        try store.append(up, timestamp: 2_000, value: StaleMarker.value)
        #expect(throws: AppendError.self) { try store.append(up, timestamp: 2_000, value: Double.nan) }
        #expect(store.sampleCount == 2)
    }

    @Test func batchReportsEachBadSampleAndKeepsTheRest() throws {
        let store = SeriesStore()
        let other: Labels = ["__name__": "other"]
        let rejected = store.append([
            LabeledSample(up, 10, 1), LabeledSample(up, 5, 2), LabeledSample(other, 7, 3),
            LabeledSample(up, 10, 9), LabeledSample(.empty, 1, 1), LabeledSample(up, 20, 4), LabeledSample(other, 6, 0),
        ])
        #expect(rejected.map(\.index) == [1, 3, 4, 6])
        #expect(rejected[0].error.kind == .outOfOrder(newest: 10))
        #expect(rejected[1].error.kind == .duplicateTimestamp(existing: 1))
        #expect(rejected[2].error.kind == .emptyLabelSet)
        #expect(rejected[3].error.series == other)
        let snapshot = store.snapshot()
        #expect(snapshot.samples(try #require(snapshot.seriesID(for: up)), from: .min, through: .max)
            == SampleColumns(timestamps: [10, 20], values: [1, 4]))
        #expect(snapshot.sampleCount == 3)
    }

    @Test func readsAcrossSealedChunksMatchBruteForce() throws {
        let store = SeriesStore(samplesPerChunk: 7)
        let id = try store.seriesID(for: up)
        let timestamps = (0..<100).map { Int64($0) * 10 - 300 }
        let values = timestamps.map { Double($0) / 3 }
        #expect(store.append(id, timestamps: timestamps, values: values).isEmpty)
        let snapshot = store.snapshot()
        for (from, through) in [(-1_000, 1_000), (-300, -300), (-295, 15), (0, 69), (685, 2_000), (5, 4), (691, 699), (Int64.min, Int64.max)] as [(Int64, Int64)] {
            let expected = zip(timestamps, values).filter { $0.0 >= from && $0.0 <= through }
            #expect(snapshot.samples(id, from: from, through: through)
                == SampleColumns(timestamps: expected.map(\.0), values: expected.map(\.1)), "\(from)...\(through)")
        }
        #expect(snapshot.timeRange(of: id) == -300...690)
    }

    @Test func staleMarkerKeepsItsBits() throws {
        let store = SeriesStore(samplesPerChunk: 2)
        for (t, v) in [(1, 1.0), (2, StaleMarker.value), (3, 2.0), (4, StaleMarker.value)] as [(Int64, Double)] {
            try store.append(up, timestamp: t, value: v)
        }
        let snapshot = store.snapshot()
        let read = snapshot.samples(try #require(snapshot.seriesID(for: up)), from: 0, through: 10)
        #expect(read.values.map(StaleMarker.isStale) == [false, true, false, true])
        #expect(!StaleMarker.isStale(.nan))
    }

    @Test func retentionDropsOldSamplesAndEmptySeries() throws {
        let store = SeriesStore(samplesPerChunk: 4)
        let old: Labels = ["__name__": "old"]
        for t in stride(from: Int64(0), to: 100, by: 10) { try store.append(up, timestamp: t, value: Double(t)) }
        try store.append(old, timestamp: 5, value: 1)
        store.dropSamples(before: 35)
        let snapshot = store.snapshot()
        #expect(snapshot.select([try LabelMatcher(.regexMatch, "__name__", ".+")]).map(snapshot.labels(of:)) == [up])
        let id = try #require(snapshot.seriesID(for: up))
        #expect(snapshot.samples(id, from: .min, through: .max).timestamps == [40, 50, 60, 70, 80, 90])
        #expect(snapshot.sampleCount == 6)
        #expect(snapshot.labelValues("__name__") == ["up"])
        // The emptied series comes back with its next sample.
        try store.append(old, timestamp: 1, value: 1)
        #expect(store.seriesCount == 2)
    }

    @Test func clearRemovesEverythingAndInvalidatesIDs() throws {
        let store = SeriesStore()
        let id = try store.seriesID(for: up)
        try store.append(id, timestamp: 1, value: 1)
        store.clear()
        #expect(store.snapshot().select([try LabelMatcher(.equal, "job", "api")]).isEmpty)
        #expect(throws: AppendError(kind: .unknownSeries, series: .empty, timestamp: 2, value: 1)) {
            try store.append(id, timestamp: 2, value: 1)
        }
        let fresh = try store.seriesID(for: ["__name__": "new"])
        try store.append(fresh, timestamp: 1, value: 1)
        #expect(store.snapshot().labels(of: id) == .empty)
        #expect(store.sampleCount == 1)
    }

    @Test func snapshotDoesNotSeeLaterWrites() throws {
        let store = SeriesStore(samplesPerChunk: 3)
        for t in 0..<5 { try store.append(up, timestamp: Int64(t), value: 1) }
        let before = store.snapshot()
        for t in 5..<20 { try store.append(up, timestamp: Int64(t), value: 2) }
        try store.append(["__name__": "later"], timestamp: 10, value: 0)
        store.dropSamples(before: 3)
        let id = try #require(before.seriesID(for: up))
        #expect(before.samples(id, from: .min, through: .max).timestamps == [0, 1, 2, 3, 4])
        #expect(before.seriesCount == 1)
        #expect(store.snapshot().seriesCount == 2)
    }

    @Test func labelNamesAndValuesHonourMatchers() throws {
        let store = SeriesStore()
        try store.append(["__name__": "up", "job": "api", "zone": "eu"], timestamp: 0, value: 1)
        try store.append(["__name__": "up", "job": "db"], timestamp: 0, value: 1)
        try store.append(["__name__": "down", "instance": "a"], timestamp: 0, value: 1)
        let snapshot = store.snapshot()
        #expect(snapshot.labelNames() == ["__name__", "instance", "job", "zone"])
        #expect(snapshot.labelNames(matching: [try LabelMatcher(.equal, "__name__", "up")]) == ["__name__", "job", "zone"])
        #expect(snapshot.labelValues("job") == ["api", "db"])
        #expect(snapshot.labelValues("__name__", matching: [try LabelMatcher(.regexMatch, "job", ".+")]) == ["up"])
        #expect(snapshot.select([try LabelMatcher(.equal, "__name__", "up")], from: 1, through: 5).isEmpty)
        #expect(snapshot.memoryEstimate > 0)
        #expect(snapshot.timeRange == 0...0)
    }

    @Test func seriesWithoutSamplesIsInvisible() throws {
        let store = SeriesStore()
        _ = try store.seriesID(for: up)
        #expect(store.snapshot().select([try LabelMatcher(.equal, "job", "api")]).isEmpty)
        #expect(throws: AppendError.self) { try store.seriesID(for: .empty) }
    }
}
