import VigilCore

/// The Prometheus HTTP API response format (`/api/v1/query`,
/// `/api/v1/query_range`): values as strings (Go's `FormatFloat(v, 'f', -1)`),
/// timestamps as seconds with millisecond precision, annotations in
/// `warnings` / `infos` with their position in the query.
public enum PrometheusJSON {
    public static func encode(_ result: QueryResult) -> String {
        var out = #"{"status":"success","data":{"resultType":""# + result.value.resultType + #"","result":"#
        switch result.value {
        case .vector(let samples):
            out += "["
            for (index, sample) in samples.enumerated() {
                if index > 0 { out += "," }
                out += #"{"metric":"# + labels(sample.labels) + #","value":"# + point(sample.time, sample.value) + "}"
            }
            out += "]"
        case .matrix(let series):
            out += "["
            for (index, item) in series.enumerated() {
                if index > 0 { out += "," }
                out += #"{"metric":"# + labels(item.labels) + #","values":["#
                for (offset, time) in item.times.enumerated() {
                    if offset > 0 { out += "," }
                    out += point(time, item.values[offset])
                }
                out += "]}"
            }
            out += "]"
        case .scalar(let time, let value):
            out += point(time, value)
        case .string(let time, let value):
            out += "[" + timestamp(time) + "," + string(value) + "]"
        }
        out += "}"
        out += annotationFields(result.annotations)
        return out + "}"
    }

    public static func encode(_ failure: QueryFailure) -> String {
        #"{"status":"error","errorType":""# + failure.error.apiErrorType + #"","error":"#
            + string(failure.error.description) + annotationFields(failure.annotations) + "}"
    }

    private static func annotationFields(_ annotations: Annotations) -> String {
        var out = ""
        let warnings = annotations.items.filter { $0.kind == .warning }.map(\.textWithPosition)
        let infos = annotations.items.filter { $0.kind == .info }.map(\.textWithPosition)
        if !warnings.isEmpty { out += #","warnings":["# + warnings.map(string).joined(separator: ",") + "]" }
        if !infos.isEmpty { out += #","infos":["# + infos.map(string).joined(separator: ",") + "]" }
        return out
    }

    private static func point(_ time: Int64, _ value: Double) -> String {
        "[" + timestamp(time) + ",\"" + GoFloat.apiString(value) + "\"]"
    }

    private static func labels(_ labels: Labels) -> String {
        "{" + labels.pairs.map { string($0.name) + ":" + string($0.value) }.joined(separator: ",") + "}"
    }

    /// Seconds with up to three decimals, as Prometheus's `MarshalTimestamp` writes them.
    static func timestamp(_ milliseconds: Int64) -> String {
        var out = milliseconds < 0 ? "-" : ""
        let magnitude = milliseconds.magnitude
        out += String(magnitude / 1000)
        let fraction = magnitude % 1000
        if fraction != 0 {
            out += "."
            if fraction < 100 { out += "0" }
            if fraction < 10 { out += "0" }
            out += String(fraction)
        }
        return out
    }

    /// A JSON string as this API's jsoniter encoder writes it.
    static func string(_ text: String) -> String { GoJSON.quote(text, style: .jsoniter(htmlSafe: true)) }
}
