import Testing
@testable import VigilCore

@Suite struct ZstdTests {
    @Test func roundTrip() throws {
        let input = Array(String(repeating: "level=error msg=\"boom\"\n", count: 1000).utf8)
        let packed = try Zstd.compress(input)
        #expect(packed.count < input.count / 10)
        #expect(Zstd.isCompressed(packed))
        #expect(try Zstd.decompress(packed) == input)
        #expect(try Zstd.decompress(try Zstd.compress([UInt8]())) == [])
    }

    @Test func concatenatedFramesDecodeAsOne() throws {
        let a = try Zstd.compress(Array("first\n".utf8)), b = try Zstd.compress(Array("second\n".utf8))
        #expect(try Zstd.decompress(a + b) == Array("first\nsecond\n".utf8))
    }

    @Test func corruptInputIsAnError() throws {
        var packed = try Zstd.compress(Array(String(repeating: "x", count: 5000).utf8))
        packed.removeLast(3)
        #expect(throws: Zstd.Failure.self) { try Zstd.decompress(packed) }
        #expect(throws: Zstd.Failure.self) { try Zstd.decompress([0x28, 0xB5, 0x2F, 0xFD, 1, 2, 3]) }
    }

    @Test func literalFinder() {
        let finder = LiteralFinder("error")
        #expect(finder.occurs(in: "level=error"))
        #expect(!finder.occurs(in: "level=info"))
        #expect(LiteralFinder("").occurs(in: ""))
    }
}
