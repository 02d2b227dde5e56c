/// An append-only array split into fixed-size pages. Stores hand out
/// snapshots by copying their state; with a flat array the first write after
/// a snapshot would copy every element, here it copies the page table and
/// the one page being written.
struct PagedArray<Element: Sendable>: Sendable {
    private static var pageShift: Int { 10 }
    private static var pageSize: Int { 1 << pageShift }

    private var pages: [[Element]] = []
    private(set) var count = 0

    init() {}

    var isEmpty: Bool { count == 0 }

    subscript(index: Int) -> Element {
        _read { yield pages[index >> Self.pageShift][index & (Self.pageSize - 1)] }
        _modify { yield &pages[index >> Self.pageShift][index & (Self.pageSize - 1)] }
    }

    mutating func append(_ element: Element) {
        if count & (Self.pageSize - 1) == 0 {
            var page: [Element] = []
            page.reserveCapacity(Self.pageSize)
            pages.append(page)
        }
        pages[pages.count - 1].append(element)
        count += 1
    }

    mutating func removeAll() {
        pages = []
        count = 0
    }
}
