import VigilCore
import VigilStorage

/// Reads metrics recordings written in series notation under `load
/// <interval>` headers, the data part of Prometheus's test language:
///
/// ```
/// load 15s
///   http_requests_total{job="api"} 0+10x240
///   up{job="api"} 1x240
/// ```
///
/// As in the test language, every block starts at time 0, a blank or `#`
/// line ends a block, and `load_with_nhcb` is accepted (its native
/// histogram points are skipped and counted). Each series line goes through
/// `SeriesNotationReader`; a bad line is reported as `file:line[:column]:
/// reason` and the others still load.
enum SeriesNotationFile {
    static func read(_ bytes: [UInt8], name: String, into store: SeriesStore) -> ReadReport {
        var report = ReadReport()
        var block: (interval: Int64, firstLine: Int, lines: [UInt8])?
        var skippingBlock = false

        func flush() {
            guard let current = block else { return }
            block = nil
            let part = SeriesNotationReader.read(current.lines, name: name, into: store, start: 0, interval: current.interval)
            report.stored += part.stored
            report.skippedNativeHistograms += part.skippedNativeHistograms
            report.errors += part.errors.map {
                RecordError(file: $0.file, line: $0.line + current.firstLine - 1, column: $0.column, reason: $0.reason)
            }
        }

        var number = 0
        var start = 0
        while start < bytes.count {
            number += 1
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            let raw = bytes[start..<end]
            start = end + 1
            let text = trimmed(raw)
            if text.isEmpty || text.first == UInt8(ascii: "#") {
                flush()
                skippingBlock = false
                continue
            }
            if block != nil {
                block?.lines += raw
                block?.lines.append(0x0A)
                continue
            }
            if skippingBlock { continue }
            let words = text.split(whereSeparator: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") })
            let command = words.first.map { String(decoding: $0, as: UTF8.self) } ?? ""
            guard command == "load" || command == "load_with_nhcb" else {
                report.errors.append(RecordError(
                    file: name, line: number,
                    reason: "expected a `load <interval>` line, got \(GoString.quote(String(decoding: text, as: UTF8.self)))"))
                skippingBlock = true
                continue
            }
            guard words.count == 2 else {
                report.errors.append(RecordError(file: name, line: number, reason: "invalid load command (want load <interval>)"))
                skippingBlock = true
                continue
            }
            let intervalText = String(decoding: words[1], as: UTF8.self)
            do throws(PromDuration.ParseError) {
                let interval = try PromDuration.parse(intervalText)
                guard interval > 0 else { throw PromDuration.ParseError(text: intervalText, message: "interval must be positive") }
                block = (interval, number + 1, [])
            } catch {
                report.errors.append(RecordError(
                    file: name, line: number, reason: "invalid interval \(GoString.quote(intervalText)): \(error.message)"))
                skippingBlock = true
            }
        }
        flush()
        return report
    }

    private static func trimmed(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var line = line
        while let first = line.first, first == 0x20 || first == 0x09 || first == 0x0D { line = line.dropFirst() }
        while let last = line.last, last == 0x20 || last == 0x09 || last == 0x0D { line = line.dropLast() }
        return line
    }
}
