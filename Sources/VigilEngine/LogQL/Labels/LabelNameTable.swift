/// Label names interned to small integers for one query, so the per-line
/// label state compares integers instead of strings and parsers can cache
/// "this key becomes that label" decisions.
final class LabelNameTable {
    private(set) var names: [String] = []
    private var ids: [String: Int32] = [:]

    init() {}

    func id(_ name: String) -> Int32 {
        if let id = ids[name] { return id }
        let id = Int32(names.count)
        names.append(name)
        ids[name] = id
        return id
    }

    func existingID(_ name: String) -> Int32? { ids[name] }

    func name(_ id: Int32) -> String { names[Int(id)] }

    var count: Int { names.count }

    /// The id of `name_extracted`, the name a parsed label takes when the
    /// stream already has a label `name`.
    func extractedID(_ id: Int32) -> Int32 {
        if Int(id) < extracted.count, extracted[Int(id)] >= 0 { return extracted[Int(id)] }
        let result = self.id(names[Int(id)] + "_extracted")
        if extracted.count < names.count { extracted.append(contentsOf: repeatElement(-1, count: names.count - extracted.count)) }
        extracted[Int(id)] = result
        return result
    }

    private var extracted: [Int32] = []

    /// Well-known names, interned first so their ids are constants.
    static let errorID: Int32 = 0
    static let errorDetailsID: Int32 = 1
    static let preserveErrorID: Int32 = 2

    static func makeDefault() -> LabelNameTable {
        let table = LabelNameTable()
        _ = table.id("__error__")
        _ = table.id("__error_details__")
        _ = table.id("__preserve_error__")
        return table
    }
}
