import VigilCore
/// The body of `POST /api/v2/alerts`, byte for byte as Prometheus's notifier
/// writes it (`alertsToOpenAPIAlerts` marshalled through go-openapi): per
/// alert `annotations` (left out when there are none), `endsAt`, `startsAt`
/// (always present; Go's zero time when unset), then `generatorURL` (left
/// out when empty) and `labels`.
public enum AlertmanagerPayload {
    public static func encode(_ alerts: some Sequence<Alert>) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "[")]
        var first = true
        for alert in alerts {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            append(alert, to: &out)
        }
        out.append(UInt8(ascii: "]"))
        return out
    }

    static func append(_ alert: Alert, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        // Go fills a map in annotation order, so for a repeated name the last value wins.
        var annotations: [String: String] = [:]
        for pair in alert.annotations { annotations[pair.name] = pair.value }
        if !annotations.isEmpty {
            out += Array(#""annotations":"#.utf8)
            GoJSON.appendStringMap(annotations.map { ($0.key, $0.value) }, to: &out)
            out.append(UInt8(ascii: ","))
        }
        out += Array(#""endsAt":"#.utf8)
        GoJSON.appendString(RFC3339Millis.format(alert.endsAt), to: &out)
        out += Array(#","startsAt":"#.utf8)
        GoJSON.appendString(RFC3339Millis.format(alert.startsAt), to: &out)
        if !alert.generatorURL.isEmpty {
            out += Array(#","generatorURL":"#.utf8)
            GoJSON.appendString(alert.generatorURL, to: &out)
        }
        out += Array(#","labels":"#.utf8)
        GoJSON.appendStringMap(alert.labels.pairs.map { ($0.name, $0.value) }, to: &out)
        out.append(UInt8(ascii: "}"))
    }
}
