/// Loki's label-name sanitisation for parsed keys: surrounding spaces
/// trimmed, a leading digit prefixed with `_`, every rune that is not an
/// ASCII letter, digit or `_` replaced by one `_`.
enum LabelKeySanitizer {
    /// `sanitizeLabelKey(key, true)` / `appendSanitized`: appends the
    /// sanitized key to `out` (nothing for a blank key).
    static func append(_ key: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        var start = 0
        var end = key.count
        while start < end, isGoSpace(key, at: start) { start += spaceWidth(key, at: start) }
        while end > start, let width = trailingSpaceWidth(key, end: end) { end -= width }
        guard start < end else { return }
        if key[start] >= 0x30 && key[start] <= 0x39 { out.append(UInt8(ascii: "_")) }
        var index = start
        while index < end {
            let byte = key[index]
            if byte < 0x80 {
                let valid = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x5F
                    || (byte >= 0x30 && byte <= 0x39)
                out.append(valid ? byte : UInt8(ascii: "_"))
                index += 1
            } else {
                out.append(UInt8(ascii: "_"))
                index += utf8Width(key, at: index, end: end)
            }
        }
    }

    /// Width of the UTF-8 sequence at `index` as Go decodes it (1 for an invalid byte).
    static func utf8Width(_ bytes: UnsafeRawBufferPointer, at index: Int, end: Int) -> Int {
        let first = bytes[index]
        let width: Int
        switch first {
        case 0xC2...0xDF: width = 2
        case 0xE0...0xEF: width = 3
        case 0xF0...0xF4: width = 4
        default: return 1
        }
        guard index + width <= end else { return 1 }
        for offset in 1..<width where bytes[index + offset] & 0xC0 != 0x80 { return 1 }
        if first == 0xE0 && bytes[index + 1] < 0xA0 { return 1 }
        if first == 0xED && bytes[index + 1] > 0x9F { return 1 }
        if first == 0xF0 && bytes[index + 1] < 0x90 { return 1 }
        if first == 0xF4 && bytes[index + 1] > 0x8F { return 1 }
        return width
    }

    /// ASCII white space and the Latin-1 spaces Go's `unicode.IsSpace` knows (U+0085, U+00A0).
    static func isGoSpace(_ bytes: UnsafeRawBufferPointer, at index: Int) -> Bool {
        let byte = bytes[index]
        if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) { return true }
        if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0x85 || bytes[index + 1] == 0xA0 { return true }
        return false
    }

    static func spaceWidth(_ bytes: UnsafeRawBufferPointer, at index: Int) -> Int { bytes[index] == 0xC2 ? 2 : 1 }

    static func trailingSpaceWidth(_ bytes: UnsafeRawBufferPointer, end: Int) -> Int? {
        let last = bytes[end - 1]
        if last == 0x20 || (last >= 0x09 && last <= 0x0D) { return 1 }
        if end >= 2, bytes[end - 2] == 0xC2, last == 0x85 || last == 0xA0 { return 2 }
        return nil
    }
}
