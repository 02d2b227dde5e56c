import VigilCore

/// Loki's HTTP API response format (`/loki/api/v1/query`,
/// `/loki/api/v1/query_range`), as `pkg/util/marshal` writes it: streams
/// as `{"stream":{...},"values":[["<ns>","<line>"],...]}` ordered by their
/// label text, log lines JSON-escaped with HTML escaping, label values
/// without; samples as Prometheus writes them (seconds with up to three
/// decimals, values as strings). The `stats` object Loki adds is left out.
public enum LokiJSON {
    public static func encode(_ result: LogQLResult) -> String {
        var out = #"{"status":"success","data":{"resultType":""#
        switch result {
        case .streams(let streams):
            out += #"streams","result":["#
            let ordered = streams.sorted { GoString.less($0.labels.description, $1.labels.description) }
            for (index, stream) in ordered.enumerated() {
                if index > 0 { out += "," }
                out += #"{"stream":"# + labels(stream.labels) + #","values":["#
                for (offset, entry) in stream.entries.enumerated() {
                    if offset > 0 { out += "," }
                    out += "[\"" + String(entry.timestamp) + "\"," + PrometheusJSON.string(entry.line) + "]"
                }
                out += "]}"
            }
            out += "]"
        case .vector(let samples):
            out += #"vector","result":["#
            for (index, sample) in samples.enumerated() {
                if index > 0 { out += "," }
                out += #"{"metric":"# + labels(sample.labels) + #","value":"#
                    + point(sample.timestampsMillis.first ?? 0, sample.values.first ?? .nan) + "}"
            }
            out += "]"
        case .matrix(let series):
            out += #"matrix","result":["#
            for (index, item) in series.enumerated() {
                if index > 0 { out += "," }
                out += #"{"metric":"# + labels(item.labels) + #","values":["#
                for (offset, time) in item.timestampsMillis.enumerated() {
                    if offset > 0 { out += "," }
                    out += point(time, item.values[offset])
                }
                out += "]}"
            }
            out += "]"
        case .scalar(let time, let value):
            out += #"scalar","result":"# + point(time, value)
        }
        return out + "}}"
    }

    /// A rejected query: `{"status":"error","error":"<message>"}`, the shape
    /// the conformance cases record (Loki's HTTP API answers with the
    /// message and a 4xx/5xx status).
    public static func encode(error message: String) -> String {
        #"{"status":"error","error":"# + string(message) + "}"
    }

    private static func point(_ millis: Int64, _ value: Double) -> String {
        "[" + timestamp(millis) + ",\"" + GoFloat.apiString(value) + "\"]"
    }

    /// `model.Time.String()`: seconds as Go's `FormatFloat(t/1000, 'f', -1)`,
    /// which for millisecond times is the exact decimal without trailing
    /// zeros (`1700000000.5`, where Prometheus's API writes `.500`).
    static func timestamp(_ millis: Int64) -> String {
        var text = PrometheusJSON.timestamp(millis)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
        }
        return text
    }

    private static func labels(_ labels: Labels) -> String {
        "{" + labels.pairs.map { string($0.name) + ":" + string($0.value) }.joined(separator: ",") + "}"
    }

    /// A JSON string as this API's jsoniter encoder writes it.
    static func string(_ text: String) -> String { GoJSON.quote(text, style: .jsoniter(htmlSafe: false)) }
}
