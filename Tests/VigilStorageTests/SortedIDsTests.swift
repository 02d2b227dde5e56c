import Testing
@testable import VigilStorage

@Suite struct SortedIDsTests {
    /// Random sorted lists of very different lengths, so both the merge and
    /// the galloping paths run, checked against Set arithmetic.
    @Test func setOperationsAgreeWithSets() {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<300 {
            let aCount = Int.random(in: 0...(round % 3 == 0 ? 3 : 400), using: &generator)
            let bCount = Int.random(in: 0...2_000, using: &generator)
            let a = Array(Set((0..<aCount).map { _ in UInt32.random(in: 0..<3_000, using: &generator) })).sorted()
            let b = Array(Set((0..<bCount).map { _ in UInt32.random(in: 0..<3_000, using: &generator) })).sorted()
            let setA = Set(a), setB = Set(b)
            #expect(SortedIDs.intersect(a, b) == setA.intersection(setB).sorted())
            #expect(SortedIDs.intersect(b, a) == setA.intersection(setB).sorted())
            #expect(SortedIDs.union(a, b) == setA.union(setB).sorted())
            #expect(SortedIDs.subtract(a, b) == setA.subtracting(setB).sorted())
            #expect(SortedIDs.subtract(b, a) == setB.subtracting(setA).sorted())
        }
    }

    @Test func manyListUnionAndIntersection() {
        let lists: [[UInt32]] = [[1, 4, 9], [2, 4, 10], [], [4, 9, 11], [0, 4]]
        #expect(SortedIDs.union(lists) == [0, 1, 2, 4, 9, 10, 11])
        #expect(SortedIDs.intersect(lists) == [])
        #expect(SortedIDs.intersect([[1, 4, 9], [2, 4, 9], [4, 9, 11]]) == [4, 9])
        #expect(SortedIDs.union([]) == [])
    }

    @Test func gallopFindsFirstNotSmaller() {
        let list: [UInt32] = [1, 3, 5, 7, 9, 11, 13]
        #expect(SortedIDs.gallop(list, for: 0, from: 0) == 0)
        #expect(SortedIDs.gallop(list, for: 6, from: 0) == 3)
        #expect(SortedIDs.gallop(list, for: 13, from: 2) == 6)
        #expect(SortedIDs.gallop(list, for: 14, from: 0) == 7)
        #expect(SortedIDs.gallop(list, for: 2, from: 4) == 4)
    }
}
