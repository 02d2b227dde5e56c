import VigilCore

/// `label_replace` and `label_join`: a function of each series' labels
/// only. Series that end up with the same labels are merged (values at
/// different steps) or rejected (values at the same step), as Prometheus
/// does; Loki leaves them apart (`OperatorSemantics.mergesRelabelledSeries`).
final class LabelRewrite: InstantVectorOperator {
    private let output: InstantVectorOperator

    init(child: InstantVectorOperator, context: QueryContext, rewrite: @escaping (SeriesMetadata) -> SeriesMetadata) {
        let source = RewrittenSource(child: child, rewrite: rewrite)
        output = context.options.semantics.mergesRelabelledSeries
            ? MergeDuplicates(child: source, context: context) : source
    }

    func seriesMetadata() throws -> [SeriesMetadata] { try output.seriesMetadata() }
    func next() throws -> StepSeries { try output.next() }

    private final class RewrittenSource: InstantVectorOperator {
        let child: InstantVectorOperator
        let rewrite: (SeriesMetadata) -> SeriesMetadata
        init(child: InstantVectorOperator, rewrite: @escaping (SeriesMetadata) -> SeriesMetadata) {
            self.child = child
            self.rewrite = rewrite
        }
        func seriesMetadata() throws -> [SeriesMetadata] { try child.seriesMetadata().map(rewrite) }
        func next() throws -> StepSeries { try child.next() }
    }
}

enum LabelRewrites {
    /// `label_replace(v, dst, replacement, src, regex)`: when `regex` fully
    /// matches the value of `src`, `dst` is set to the expanded replacement
    /// (an empty result removes it).
    static func replace(destination: String, replacement: String, source: String, regex: RE2Regex)
        -> (SeriesMetadata) -> SeriesMetadata {
        { metadata in
            var value = metadata.labels.get(source)
            let expanded: String? = value.withUTF8 { buffer in
                let bytes = UnsafeRawBufferPointer(buffer)
                guard let spans = regex.captureSpans(in: bytes, anchor: .both) else { return nil }
                var out: [UInt8] = []
                regex.expand(template: replacement, source: bytes, spans: spans, into: &out)
                return String(decoding: out, as: UTF8.self)
            }
            guard let expanded else { return metadata }
            let dropName = destination == Labels.metricName ? false : metadata.dropName
            return SeriesMetadata(labels: metadata.labels.setting(destination, to: expanded), dropName: dropName)
        }
    }

    /// `label_join(v, dst, separator, src...)`.
    static func join(destination: String, separator: String, sources: [String]) -> (SeriesMetadata) -> SeriesMetadata {
        { metadata in
            let value = sources.map { metadata.labels.get($0) }.joined(separator: separator)
            let dropName = destination == Labels.metricName ? false : metadata.dropName
            return SeriesMetadata(labels: metadata.labels.setting(destination, to: value), dropName: dropName)
        }
    }
}
