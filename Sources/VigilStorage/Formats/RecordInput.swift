#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import VigilCore

/// Reading recordings from disk: zstd-compressed files (`*.zst`, or any
/// file starting with the zstd frame magic) are decompressed transparently.
public enum RecordInput {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// The bytes of `path`, decompressed when they are a zstd stream.
    public static func contents(of path: String) throws(Failure) -> [UInt8] {
        try decoded(try readFile(path), name: path)
    }

    /// The file's bytes, read straight into an array (no intermediate Data).
    private static func readFile(_ path: String) throws(Failure) -> [UInt8] {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw Failure(path: path, reason: "cannot open: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw Failure(path: path, reason: "cannot read: \(String(cString: strerror(errno)))")
        }
        let size = max(Int(status.st_size), 0)
        var failed = false
        var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            var total = 0
            while total < size, let base = buffer.baseAddress {
                let count = read(descriptor, base + total, size - total)
                if count < 0 { failed = true }
                if count <= 0 { break }
                total += count
            }
            initialized = total
        }
        // Whatever the size said, read to the end (pipes, growing files).
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while !failed {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 { failed = true }
            if count <= 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        if failed { throw Failure(path: path, reason: "cannot read: \(String(cString: strerror(errno)))") }
        return bytes
    }

    /// `bytes`, decompressed when they start with the zstd magic.
    public static func decoded(_ bytes: [UInt8], name: String) throws(Failure) -> [UInt8] {
        guard Zstd.isCompressed(bytes) else { return bytes }
        do {
            return try Zstd.decompress(bytes)
        } catch {
            throw Failure(path: name, reason: "bad zstd data: \(error)")
        }
    }

    /// Calls `body` with each line (1-based number, bytes without the line
    /// break or a trailing carriage return).
    static func forEachLine(_ bytes: [UInt8], _ body: (Int, UnsafeRawBufferPointer) throws -> Void) rethrows {
        try bytes.withUnsafeBytes { buffer in
            var start = 0
            var number = 1
            while start < buffer.count {
                let end = ByteScan.firstIndex(of: 0x0A, in: buffer, from: start) ?? buffer.count
                var lineEnd = end
                if lineEnd > start, buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                try body(number, UnsafeRawBufferPointer(rebasing: buffer[start..<lineEnd]))
                number += 1
                start = end + 1
            }
        }
    }
}
