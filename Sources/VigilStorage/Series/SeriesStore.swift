import Synchronization
import VigilCore

/// The in-memory metric store: series named by label sets, float samples
/// with `Int64` millisecond timestamps, in time order per series.
///
/// Safe to share between tasks. Writers take a lock for each call (a batch
/// is one call); readers take a `snapshot()`, a consistent view that later
/// writes do not change, and read it without locking. Recording rules can
/// therefore write while queries run.
public final class SeriesStore: Sendable {
    private let state: Mutex<SeriesState>

    /// - Parameter samplesPerChunk: head size at which samples are sealed
    ///   into a compressed chunk (Prometheus uses 120).
    public init(samplesPerChunk: Int = 120) {
        state = Mutex(SeriesState(chunkSize: max(1, samplesPerChunk)))
    }

    /// The id of the series with these labels, creating it when new. The
    /// series becomes visible to queries with its first sample.
    public func seriesID(for labels: Labels) throws(AppendError) -> SeriesID {
        let id = state.withLock { $0.seriesID(for: labels) }
        guard let id else { throw AppendError(kind: .emptyLabelSet, series: labels, timestamp: 0, value: 0) }
        return id
    }

    /// Appends one sample. Samples must arrive in time order per series; a
    /// repeat of the newest sample (same timestamp, same value bits) is
    /// accepted and ignored, as in Prometheus.
    public func append(_ id: SeriesID, timestamp: Int64, value: Double) throws(AppendError) {
        if let error = state.withLock({ $0.append(id, timestamp, value) }) { throw error }
    }

    public func append(_ labels: Labels, timestamp: Int64, value: Double) throws(AppendError) {
        let error: AppendError? = state.withLock { state in
            guard let id = state.seriesID(for: labels) else {
                return AppendError(kind: .emptyLabelSet, series: labels, timestamp: timestamp, value: value)
            }
            return state.append(id, timestamp, value)
        }
        if let error { throw error }
    }

    /// Appends samples of one series under one lock. Every sample that can
    /// be stored is; the rest come back with their position in the input.
    @discardableResult
    public func append(_ id: SeriesID, timestamps: [Int64], values: [Double]) -> [RejectedSample] {
        precondition(timestamps.count == values.count, "timestamps and values differ in length")
        return state.withLock { state in
            var rejected: [RejectedSample] = []
            for index in timestamps.indices {
                if let error = state.append(id, timestamps[index], values[index]) {
                    rejected.append(RejectedSample(index: index, error: error))
                }
            }
            return rejected
        }
    }

    /// Appends samples of any series under one lock; bad samples are
    /// reported with their position and the rest land.
    @discardableResult
    public func append(_ samples: [LabeledSample]) -> [RejectedSample] {
        state.withLock { state in
            var rejected: [RejectedSample] = []
            var lastLabels: Labels? = nil
            var lastID: SeriesID? = nil
            for (index, sample) in samples.enumerated() {
                // Consecutive samples of one series skip the hash lookup.
                if lastLabels != sample.labels {
                    lastID = state.seriesID(for: sample.labels)
                    lastLabels = sample.labels
                }
                guard let id = lastID else {
                    rejected.append(RejectedSample(index: index, error: AppendError(
                        kind: .emptyLabelSet, series: sample.labels, timestamp: sample.timestamp, value: sample.value)))
                    continue
                }
                if let error = state.append(id, sample.timestamp, sample.value) {
                    rejected.append(RejectedSample(index: index, error: error))
                }
            }
            return rejected
        }
    }

    /// A consistent, immutable view of the store for queries.
    public func snapshot() -> SeriesSnapshot {
        state.withLock { state in
            state.catalog.settle()
            return SeriesSnapshot(state: state)
        }
    }

    /// Removes every series and sample (the test language's `clear`).
    /// Ids handed out before are no longer accepted.
    public func clear() {
        state.withLock { $0.clear() }
    }

    /// Retention: removes every sample older than `cutoff` (milliseconds);
    /// series left without samples disappear from queries.
    public func dropSamples(before cutoff: Int64) {
        state.withLock { $0.dropSamples(before: cutoff) }
    }

    public var seriesCount: Int { state.withLock { $0.catalog.indexedCount } }
    public var sampleCount: Int { state.withLock { $0.sampleCount } }
}
