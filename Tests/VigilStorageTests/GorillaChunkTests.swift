import Testing
@testable import VigilStorage

@Suite struct GorillaChunkTests {
    static let specialValues: [UInt64] = [
        0x7FF8_0000_0000_0001,  // Go's math.NaN()
        0x7FF8_0000_0000_0000,  // Swift's .nan
        StaleMarker.bitPattern,  // signalling NaN with payload 2
        0xFFF8_DEAD_BEEF_0001,  // negative NaN with a payload
        0x7FF4_0000_0000_0000,
        0x7FF0_0000_0000_0000, 0xFFF0_0000_0000_0000,  // ±Inf
        0x0000_0000_0000_0000, 0x8000_0000_0000_0000,  // ±0
        0x0000_0000_0000_0001,  // smallest subnormal
        0x7FEF_FFFF_FFFF_FFFF,  // largest finite
        0x3FF0_0000_0000_0000,
    ]

    func roundTrip(_ timestamps: [Int64], _ bits: [UInt64]) -> (SampleColumns, [UInt8]) {
        let values = bits.map(Double.init(bitPattern:))
        let bytes = GorillaChunk.encode(timestamps: timestamps, values: values)
        var decoded = SampleColumns()
        GorillaChunk.decode(bytes, count: timestamps.count, timestamps: &decoded.timestamps, values: &decoded.values)
        return (decoded, bytes)
    }

    @Test func roundTripIsBitExactForSpecialValues() {
        var bits = Self.specialValues
        bits += Self.specialValues.reversed()
        bits += [0x3FF0_0000_0000_0000, 0x3FF0_0000_0000_0000, StaleMarker.bitPattern, StaleMarker.bitPattern]
        let timestamps = (0..<bits.count).map { Int64($0) * 15_000 }
        let (decoded, _) = roundTrip(timestamps, bits)
        #expect(decoded.timestamps == timestamps)
        #expect(decoded.values.map(\.bitPattern) == bits)
    }

    @Test func roundTripIsBitExactForRandomData() {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<200 {
            let count = Int.random(in: 1...300, using: &generator)
            var time = Int64.random(in: Int64.min / 2...Int64.max / 2, using: &generator)
            var timestamps: [Int64] = []
            var bits: [UInt64] = []
            for index in 0..<count {
                timestamps.append(time)
                // Jitter in every delta-of-delta bucket, and sometimes huge jumps.
                let step: Int64 = [15_000, 15_001, 14_000, 100_000, 1_000_000, 1 << 40][Int.random(in: 0...5, using: &generator)]
                time = time &+ (round % 7 == 0 ? Int64.random(in: 1...Int64.max / 4, using: &generator) : step)
                switch (round + index) % 4 {
                case 0: bits.append(UInt64.random(in: .min ... .max, using: &generator))
                case 1: bits.append(Self.specialValues.randomElement(using: &generator)!)
                case 2: bits.append((Double(index) * 0.5).bitPattern)
                default: bits.append(bits.last ?? 0)
                }
            }
            let (decoded, _) = roundTrip(timestamps, bits)
            #expect(decoded.timestamps == timestamps)
            #expect(decoded.values.map(\.bitPattern) == bits)
        }
    }

    @Test func extremeTimestampsWrapAndReturn() {
        let timestamps: [Int64] = [Int64.min, Int64.max, Int64.min, 0, -1, Int64.max]
        let (decoded, _) = roundTrip(timestamps, Array(repeating: 0, count: timestamps.count))
        #expect(decoded.timestamps == timestamps)
    }

    /// 120 samples 15 s apart with one value: 6 bytes of zigzag varint for
    /// t0 (3.4e12 needs 42 bits), 64 bits of value, 3 varint bytes for the
    /// first delta (zigzag 30000), 1 bit for the second value, then 118 ×
    /// 2 bits: 373 bits, 47 bytes.
    @Test func regularSamplesTakeUnderHalfAByteEach() {
        let timestamps = (0..<120).map { 1_700_000_000_000 + Int64($0) * 15_000 }
        let (decoded, bytes) = roundTrip(timestamps, Array(repeating: 42.0.bitPattern, count: 120))
        #expect(bytes.count == 47)
        #expect(decoded.count == 120)
    }

    @Test func decodeFiltersByRange() {
        let timestamps: [Int64] = [10, 20, 30, 40, 50]
        let values: [Double] = [1, 2, 3, 4, 5]
        let bytes = GorillaChunk.encode(timestamps: timestamps, values: values)
        var out = SampleColumns()
        GorillaChunk.decode(bytes, count: 5, from: 20, through: 40, timestamps: &out.timestamps, values: &out.values)
        #expect(out == SampleColumns(timestamps: [20, 30, 40], values: [2, 3, 4]))
    }
}
