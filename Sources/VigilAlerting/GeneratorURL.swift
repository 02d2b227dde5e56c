/// The `generatorURL` Prometheus puts on an alert: the external URL followed
/// by a link to the table view of the rule's expression
/// (`strutil.TableLinkForExpression`).
public enum GeneratorURL {
    /// `externalURL + "/graph?g0.expr=" + QueryEscape(expression) + "&g0.tab=1"`.
    public static func forExpression(_ expression: String, externalURL: String) -> String {
        externalURL + "/graph?g0.expr=" + queryEscape(expression) + "&g0.tab=1"
    }

    /// Go's `url.QueryEscape`: letters, digits and `-_.~` stay, a space
    /// becomes `+`, every other byte becomes `%XX` (upper-case hex).
    public static func queryEscape(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
                 UInt8(ascii: "."), UInt8(ascii: "~"):
                out.append(byte)
            case UInt8(ascii: " "):
                out.append(UInt8(ascii: "+"))
            default:
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
