/// Go's `regexp.Expand` template language (`$1`, `${1}`, `$name`, `${name}`,
/// `$$`), used by `label_replace`, Prometheus's `reReplaceAll` and Loki's
/// `regexReplaceAll`.
extension RE2Regex {
    /// Appends `template` to `out` with group references replaced by the text
    /// of `spans` within `source`.
    public func expand(template: String, source: UnsafeRawBufferPointer, spans: [Range<Int>?],
                       into out: inout [UInt8]) {
        let bytes = Array(template.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "$"), index + 1 < bytes.count else {
                out.append(byte); index += 1; continue
            }
            index += 1
            if bytes[index] == UInt8(ascii: "$") { out.append(byte); index += 1; continue }
            var name: ArraySlice<UInt8>
            let braced = bytes[index] == UInt8(ascii: "{")
            if braced {
                guard let close = bytes[(index + 1)...].firstIndex(of: UInt8(ascii: "}")) else {
                    out.append(UInt8(ascii: "$")); continue  // malformed: Go keeps the "$"
                }
                name = bytes[(index + 1)..<close]
                if name.isEmpty || !name.allSatisfy(Self.isNameByte) {
                    out.append(UInt8(ascii: "$")); continue
                }
                index = close + 1
            } else {
                var end = index
                while end < bytes.count, Self.isNameByte(bytes[end]) { end += 1 }
                name = bytes[index..<end]
                if name.isEmpty { out.append(UInt8(ascii: "$")); continue }
                index = end
            }
            // Go: a name made only of digits is a group number; otherwise a
            // group name. Unknown references expand to nothing.
            let text = String(decoding: name, as: UTF8.self)
            var group: Int? = nil
            if name.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                group = Int(text)
            } else {
                group = groupIndex(named: text)
            }
            if let group, group < spans.count, let span = spans[group] {
                out.append(contentsOf: source[span])
            }
        }
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == UInt8(ascii: "_")
    }

    /// Go's `Regexp.ReplaceAllString(src, repl)`: every non-overlapping match
    /// replaced by the expanded template.
    public func replaceAll(in text: String, with template: String) -> String {
        var text = text
        return text.withUTF8 { buffer -> String in
            let source = UnsafeRawBufferPointer(buffer)
            var out: [UInt8] = []
            out.reserveCapacity(source.count)
            var position = 0
            var lastMatchEnd = -1
            var searchFrom = 0
            while searchFrom <= source.count,
                  let spans = captureSpans(in: source, from: searchFrom),
                  let whole = spans[0] {
                // Go skips an empty match right after the previous match.
                if whole.isEmpty && whole.lowerBound == lastMatchEnd {
                    if searchFrom >= source.count { break }
                    searchFrom = nextCharacterStart(source, after: searchFrom)
                    continue
                }
                out.append(contentsOf: source[position..<whole.lowerBound])
                expand(template: template, source: source, spans: spans, into: &out)
                position = whole.upperBound
                lastMatchEnd = whole.upperBound
                searchFrom = whole.isEmpty ? nextCharacterStart(source, after: whole.upperBound) : whole.upperBound
                if whole.isEmpty && whole.upperBound < source.count {
                    // The byte(s) stepped over are copied verbatim.
                    out.append(contentsOf: source[whole.upperBound..<searchFrom])
                    position = searchFrom
                }
            }
            if position < source.count { out.append(contentsOf: source[position...]) }
            return String(decoding: out, as: UTF8.self)
        }
    }

    private func nextCharacterStart(_ source: UnsafeRawBufferPointer, after index: Int) -> Int {
        var next = index + 1
        while next < source.count, source[next] & 0xC0 == 0x80 { next += 1 }
        return next
    }
}
