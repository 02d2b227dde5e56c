import VigilCore
import VigilSyntax

/// Turns log lines into samples for a range aggregation, as Loki's
/// sample extractors do: the pipeline runs, then the value is 1 (count,
/// rate), the line's length (bytes) or an `unwrap`ped label converted to a
/// number; the sample's series is the line's labels reduced by the
/// aggregation's grouping (all labels when the line has `__error__`).
final class SampleExtractor {
    enum Value {
        case one
        case lineBytes
        case unwrap(id: Int32, conversion: Unwrap.Conversion, postFilter: LabelFilterStage?)
    }

    struct Grouping {
        /// Sorted label ids.
        var ids: [Int32]
        var without: Bool
        /// `by ()`: one series without labels.
        var noLabels: Bool
    }

    let names: LabelNameTable
    let pipeline: LogPipeline
    let value: Value
    let grouping: Grouping?
    let preserveErrors: Bool

    /// Buffers for building series keys, owned by the caller's loop.
    struct KeyScratch {
        var key: [UInt8] = []
        var entries: [(id: Int32, entry: LabelBuilder.Entry)] = []
    }

    /// Builds the extractor and the pipeline with Loki's parser hints for
    /// this grouping (`groupingOverride` replaces the aggregation's own, as
    /// Loki does for `sum by (...)` over count, rate, bytes and sum).
    init(_ node: RangeAggregation, groupingOverride: LogQLGrouping? = nil) throws {
        let names = LabelNameTable.makeDefault()
        self.names = names
        var groups: [String] = []
        var without = false
        var noLabels = false
        for candidate in [node.grouping, groupingOverride] {
            guard let candidate else { continue }
            groups = candidate.labels
            without = candidate.without
            noLabels = candidate.isSingleton
        }
        let hasGrouping = node.grouping != nil || groupingOverride != nil
        if node.operation == .absentOverTime { noLabels = true }
        let unwrapLabel = node.range.unwrap?.label
        if let unwrapLabel, groups.isEmpty || without {
            without = true
            groups.append(unwrapLabel)
        }
        groups.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }

        // Loki's NewParserHint, with the labels every stage and the post filters read.
        let probe = try LogPipeline(node.range.selector.stages, names: names, hints: .all)
        var required = probe.requiredLabels
        for filter in node.range.unwrap?.postFilters ?? [] { required.append(contentsOf: filter.labelNames) }
        var hinted = required + groups
        if let unwrapLabel { hinted.append(unwrapLabel) }
        var hints: ExtractionHints
        if noLabels {
            hints = hinted.isEmpty ? ExtractionHints(mode: .none) : .only(hinted, table: names, stopWhenComplete: true)
        } else if without || groups.isEmpty {
            hints = .all
        } else {
            hints = .only(hinted, table: names, stopWhenComplete: true)
        }
        // Loki lets errors through as series when its parser hints name `__error__`.
        if case .only = hints.mode { preserveErrors = hinted.contains("__error__") } else { preserveErrors = false }
        pipeline = try LogPipeline(node.range.selector.stages, names: names, hints: hints)

        if let unwrap = node.range.unwrap {
            let post = unwrap.postFilters.reduce(nil as LabelFilter?) { combined, next in combined.map { .and($0, next) } ?? next }
            value = .unwrap(id: names.id(unwrap.label), conversion: unwrap.conversion,
                            postFilter: try post.map { try LabelFilterStage($0, names: names) })
        } else {
            switch node.operation {
            case .bytesOverTime, .bytesRate: value = .lineBytes
            default: value = .one
            }
        }
        if hasGrouping || node.range.unwrap != nil || node.operation == .absentOverTime {
            grouping = Grouping(ids: groups.map { names.id($0) }.sorted(), without: without, noLabels: noLabels)
        } else {
            grouping = nil
        }
    }

    /// Runs the pipeline on a line; the sample value, or nil when the line
    /// yields none. `labels` then holds the line's labels.
    @inline(__always)
    func extract(_ line: inout LineState, _ labels: inout LabelBuilder) -> Double? {
        guard pipeline.process(&line, &labels) else { return nil }
        switch value {
        case .one:
            return 1
        case .lineBytes:
            return Double(line.count)
        case .unwrap(let id, let conversion, let postFilter):
            guard let text = labels.value(id), !text.isEmpty else { return nil }
            var result: Double = 0
            do {
                switch conversion {
                case .float:
                    var text = text
                    if let fast = text.withUTF8({ DecimalFastPath.fast(UnsafeRawBufferPointer($0)) }) {
                        result = fast
                    } else {
                        result = try GoStrconv.parseFloat(text)
                    }
                case .duration, .durationSeconds: result = GoTimeDuration.seconds(try GoTimeDuration.parse(text))
                case .bytes: result = Double(try HumanizeBytes.parse(text))
                }
            } catch let error as GoStrconv.NumError {
                labels.setError("SampleExtractionErr", details: error.description)
            } catch let error as GoTimeDuration.ParseError {
                labels.setError("SampleExtractionErr", details: error.message)
            } catch let error as HumanizeBytes.ParseError {
                labels.setError("SampleExtractionErr", details: error.message)
            } catch {
                labels.setError("SampleExtractionErr", details: "\(error)")
            }
            if let postFilter, !postFilter.process(&line, &labels) { return nil }
            return result
        }
    }

    /// The identity of the sample's series, as bytes in a reused buffer
    /// (label ids and values, so no string is built per line); `body`
    /// receives it. Loki's `GroupedLabels`.
    func withSeriesKey<R>(_ labels: inout LabelBuilder, _ scratch: inout KeyScratch,
                          _ body: (UnsafeRawBufferPointer) -> R) -> R {
        scratch.key.removeAll(keepingCapacity: true)
        scratch.entries.removeAll(keepingCapacity: true)
        if labels.error != nil || labels.errorDetails != nil {
            // An error keeps every label, so the error is reported.
            Self.collectAll(labels, &scratch)
            Self.appendEntries(labels, &scratch)
            Self.appendString(1, labels.error ?? "", &scratch)
            Self.appendString(2, labels.errorDetails ?? "", &scratch)
        } else if let grouping {
            if grouping.noLabels {
                // One series without labels.
            } else if grouping.without {
                Self.collectAll(labels, &scratch)
                scratch.entries.removeAll { grouping.ids.contains($0.id) }
                Self.appendEntries(labels, &scratch)
            } else {
                for id in grouping.ids {
                    if let entry = labels.entry(id) { scratch.entries.append((id, entry)) }
                }
                Self.appendEntries(labels, &scratch)
            }
        } else {
            Self.collectAll(labels, &scratch)
            Self.appendEntries(labels, &scratch)
        }
        return scratch.key.withUnsafeBytes(body)
    }

    /// The series labels for a key built from `labels` (called once per new series).
    func seriesLabels(_ labels: LabelBuilder) -> Labels {
        if labels.error != nil || labels.errorDetails != nil { return labels.labels() }
        guard let grouping else { return labels.labels() }
        if grouping.noLabels { return .empty }
        var pairs: [Label] = []
        if grouping.without {
            labels.forEachLabel { id, entry in
                if !grouping.ids.contains(id) { pairs.append(Label(names.name(id), labels.string(entry))) }
            }
        } else {
            for id in grouping.ids {
                if let entry = labels.entry(id) { pairs.append(Label(names.name(id), labels.string(entry))) }
            }
        }
        return Labels(pairs)
    }

    private static func collectAll(_ labels: LabelBuilder, _ scratch: inout KeyScratch) {
        labels.forEachLabel { id, entry in scratch.entries.append((id, entry)) }
    }

    private static func appendEntries(_ labels: LabelBuilder, _ scratch: inout KeyScratch) {
        if scratch.entries.count > 1 { scratch.entries.sort { $0.id < $1.id } }
        for (id, entry) in scratch.entries where entry.end > entry.start {
            withUnsafeBytes(of: id.littleEndian) { scratch.key.append(contentsOf: $0) }
            labels.withBytes(entry) { appendEscaped($0, &scratch.key) }
        }
    }

    private static func appendString(_ tag: Int32, _ text: String, _ scratch: inout KeyScratch) {
        withUnsafeBytes(of: (-tag).littleEndian) { scratch.key.append(contentsOf: $0) }
        var text = text
        text.withUTF8 { appendEscaped(UnsafeRawBufferPointer($0), &scratch.key) }
    }

    /// Values are terminated by 0xFF (never in UTF-8 text; 0xFE escapes a stray one).
    private static func appendEscaped(_ bytes: UnsafeRawBufferPointer, _ key: inout [UInt8]) {
        for byte in bytes {
            if byte >= 0xFE { key.append(0xFE) }
            key.append(byte)
        }
        key.append(0xFF)
    }
}
