import CZstd

/// zstd compression (libzstd), used for sealed log chunks, compressed sample
/// chunks and recordings on disk (`*.zst`). Every function throws only
/// `Zstd.Failure`.
public enum Zstd {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let reason: String
        public var description: String { "zstd: \(reason)" }
    }

    /// Compresses `input` into a single zstd frame (with its content size).
    public static func compress(_ input: UnsafeRawBufferPointer, level: Int32 = 3) throws -> [UInt8] {
        let bound = ZSTD_compressBound(input.count)
        var output = [UInt8](repeating: 0, count: bound)
        let written = output.withUnsafeMutableBytes { out in
            ZSTD_compress(out.baseAddress, bound, input.baseAddress ?? UnsafeRawPointer(out.baseAddress!),
                          input.count, level)
        }
        if ZSTD_isError(written) != 0 { throw Failure(reason: String(cString: ZSTD_getErrorName(written))) }
        output.removeSubrange(written...)
        return output
    }

    public static func compress(_ input: [UInt8], level: Int32 = 3) throws -> [UInt8] {
        try input.withUnsafeBytes { try compress($0, level: level) }
    }

    /// Decompresses one or more concatenated zstd frames, whether or not they
    /// record their content size (streams written by the `zstd` CLI do not).
    public static func decompress(_ input: UnsafeRawBufferPointer) throws -> [UInt8] {
        guard input.count > 0 else { return [] }
        guard let stream = ZSTD_createDStream() else { throw Failure(reason: "out of memory") }
        defer { ZSTD_freeDStream(stream) }
        let chunkSize = ZSTD_DStreamOutSize()
        var output: [UInt8] = []
        let declared = ZSTD_getFrameContentSize(input.baseAddress, input.count)
        // UInt64.max and UInt64.max - 1 are ZSTD_CONTENTSIZE_UNKNOWN / _ERROR.
        if declared < UInt64.max - 1, declared < 1 << 32 { output.reserveCapacity(Int(declared)) }
        var inBuffer = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        var lastResult = 0
        while true {
            let produced: Int = try chunk.withUnsafeMutableBytes { (raw) throws -> Int in
                var outBuffer = ZSTD_outBuffer(dst: raw.baseAddress, size: chunkSize, pos: 0)
                let result = ZSTD_decompressStream(stream, &outBuffer, &inBuffer)
                if ZSTD_isError(result) != 0 { throw Failure(reason: String(cString: ZSTD_getErrorName(result))) }
                lastResult = result
                return outBuffer.pos
            }
            output.append(contentsOf: chunk[0..<produced])
            if inBuffer.pos == inBuffer.size && produced < chunkSize { break }
        }
        if lastResult != 0 { throw Failure(reason: "truncated input") }
        return output
    }

    public static func decompress(_ input: [UInt8]) throws -> [UInt8] {
        try input.withUnsafeBytes { try decompress($0) }
    }

    /// Whether `bytes` start with the zstd frame magic number.
    public static func isCompressed(_ bytes: some Collection<UInt8>) -> Bool {
        Array(bytes.prefix(4)) == [0x28, 0xB5, 0x2F, 0xFD]
    }
}
