import VigilCore

/// `sort`, `sort_desc`, `sort_by_label`, `sort_by_label_desc`. Order only
/// means something for an instant query: there the whole vector is read
/// and reordered; in a range query the series pass through unchanged (the
/// result is ordered by labels) and the planner raises Prometheus's warning.
final class SortFunction: InstantVectorOperator {
    enum Order {
        case ascending, descending
        case byLabels([String], descending: Bool)
    }

    private let child: InstantVectorOperator
    private let order: Order
    private let context: QueryContext
    private let steps: Int
    private var sorted: [StepSeries]?
    private var position = 0

    init(child: InstantVectorOperator, order: Order, context: QueryContext, steps: Int) {
        self.child = child
        self.order = order
        self.context = context
        self.steps = steps
    }

    func seriesMetadata() throws -> [SeriesMetadata] {
        let inputs = try child.seriesMetadata()
        guard steps == 1 else { return inputs }
        var rows: [(metadata: SeriesMetadata, series: StepSeries)] = []
        for input in inputs {
            let series = try child.next()
            if series.present[0] { rows.append((input, series)) } else { context.drop(series) }
        }
        switch order {
        case .ascending:
            // Go: sort.Reverse(vectorByReverseValueHeap): ascending, NaN last.
            GoHeap.sort(&rows) { a, b in b.series.values[0].isNaN || b.series.values[0] > a.series.values[0] }
        case .descending:
            GoHeap.sort(&rows) { a, b in b.series.values[0].isNaN || b.series.values[0] < a.series.values[0] }
        case .byLabels(let names, let descending):
            rows = rows.enumerated().sorted { x, y in
                let order = Self.compareByLabels(x.element.metadata.labels, y.element.metadata.labels, names)
                if order != 0 { return descending ? order > 0 : order < 0 }
                return x.offset < y.offset
            }.map(\.element)
        }
        sorted = rows.map(\.series)
        return rows.map(\.metadata)
    }

    func next() throws -> StepSeries {
        guard let sorted else { return try child.next() }
        defer { position += 1 }
        return sorted[position]
    }

    /// Natural order of the named labels' values, then `labels.Compare`.
    static func compareByLabels(_ a: Labels, _ b: Labels, _ names: [String]) -> Int {
        for name in names {
            let x = a.get(name), y = b.get(name)
            if x == y { continue }
            return NaturalOrder.less(x, y) ? -1 : 1
        }
        return Labels.compare(a, b)
    }
}

/// `github.com/facette/natsort`: chunks of digits compare as numbers,
/// other chunks as strings.
enum NaturalOrder {
    static func less(_ a: String, _ b: String) -> Bool {
        let chunksA = chunks(a), chunksB = chunks(b)
        for index in chunksA.indices {
            if index >= chunksB.count { return false }
            let x = chunksA[index], y = chunksB[index]
            if let xi = Int(x), let yi = Int(y), x.utf8.allSatisfy(isDigit), y.utf8.allSatisfy(isDigit) {
                if xi == yi {
                    if index == chunksA.count - 1 { return true }
                    if index == chunksB.count - 1 { return false }
                    continue
                }
                return xi < yi
            }
            if x == y {
                if index == chunksA.count - 1 { return true }
                if index == chunksB.count - 1 { return false }
                continue
            }
            return GoString.less(x, y)
        }
        return false
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func chunks(_ text: String) -> [String] {
        var result: [String] = []
        var current: [UInt8] = []
        var currentIsDigit = false
        for byte in text.utf8 {
            let digit = isDigit(byte)
            if !current.isEmpty, digit != currentIsDigit {
                result.append(String(decoding: current, as: UTF8.self))
                current.removeAll()
            }
            currentIsDigit = digit
            current.append(byte)
        }
        if !current.isEmpty { result.append(String(decoding: current, as: UTF8.self)) }
        return result
    }
}
