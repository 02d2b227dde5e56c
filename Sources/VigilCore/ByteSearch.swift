import CByteScan

/// Literal byte search with glibc's `memmem`/`memchr`: the fast path that
/// line filters take before falling back to RE2.
public struct LiteralFinder: Sendable {
    public let needle: [UInt8]

    public init(_ needle: String) { self.needle = Array(needle.utf8) }
    public init(bytes: [UInt8]) { self.needle = bytes }

    /// Byte offset of the first occurrence of the needle in `haystack`.
    @inlinable
    public func firstIndex(in haystack: UnsafeRawBufferPointer) -> Int? {
        if needle.isEmpty { return 0 }
        guard let base = haystack.baseAddress, haystack.count >= needle.count else { return nil }
        return needle.withUnsafeBytes { pattern -> Int? in
            guard let found = vigil_memmem(base, haystack.count, pattern.baseAddress, pattern.count) else {
                return nil
            }
            return UnsafeRawPointer(found) - base
        }
    }

    @inlinable
    public func occurs(in haystack: UnsafeRawBufferPointer) -> Bool { firstIndex(in: haystack) != nil }

    public func occurs(in text: String) -> Bool {
        var text = text
        return text.withUTF8 { occurs(in: UnsafeRawBufferPointer($0)) }
    }
}

public enum ByteScan {
    /// Offset of the first `byte` in `buffer[from...]`.
    @inlinable
    public static func firstIndex(of byte: UInt8, in buffer: UnsafeRawBufferPointer, from: Int = 0) -> Int? {
        guard let base = buffer.baseAddress, from < buffer.count else { return nil }
        guard let found = vigil_memchr(base + from, Int32(byte), buffer.count - from) else { return nil }
        return UnsafeRawPointer(found) - base
    }
}
