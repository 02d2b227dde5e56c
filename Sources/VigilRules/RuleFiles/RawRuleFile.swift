/// A rule file as written, with the position of every field: the input to
/// validation, which (like Prometheus's `rulefmt`) reports problems at the
/// node that causes them.
struct RawRuleFile {
    var groups: [RawGroup] = []
}

struct Positioned<Value> {
    var value: Value
    var position: FilePosition
}

struct RawGroup {
    var position: FilePosition
    var name: Positioned<String>?
    var interval: Int64?
    var queryOffset: Int64?
    var limit: Int = 0
    var labels: [Positioned<(key: String, value: String)>] = []
    var rules: [RawRule] = []
}

struct RawRule {
    var position: FilePosition
    var record: Positioned<String>?
    var alert: Positioned<String>?
    var expr: Positioned<String>?
    var exprLocation: ScalarLocation?
    var forDuration: Positioned<Int64>?
    var keepFiringFor: Positioned<Int64>?
    var labels: [Positioned<(key: String, value: String)>] = []
    var annotations: [Positioned<(key: String, value: String)>] = []

    var name: String {
        if let alert, !alert.value.isEmpty { return alert.value }
        return record?.value ?? ""
    }
}
