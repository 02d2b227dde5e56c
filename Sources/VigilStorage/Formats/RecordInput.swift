import Foundation
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
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            throw Failure(path: path, reason: "cannot read: \(error.localizedDescription)")
        }
        return try decoded(Array(data), name: path)
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
