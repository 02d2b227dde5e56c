import ArgumentParser
import Foundation
import VigilCore
import VigilSyntax

/// Times and durations on the command line: RFC 3339, Unix seconds (with
/// fractions), or a Prometheus duration counted from zero (`5m`).
enum TimeArgument {
    static func instant(_ text: String) throws -> Int64 {
        if let seconds = Double(text), seconds.isFinite, abs(seconds) < 9.2e15 {
            return Int64((seconds * 1000).rounded())
        }
        if let milliseconds = try? PromDuration.parse(text) { return milliseconds }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return Int64((date.timeIntervalSince1970 * 1000).rounded()) }
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return Int64((date.timeIntervalSince1970 * 1000).rounded()) }
        throw ValidationError("cannot parse \(GoString.quote(text)) as a time (RFC 3339, Unix seconds or a duration)")
    }

    static func duration(_ text: String) throws -> Int64 {
        if let seconds = Double(text), seconds.isFinite, seconds > 0, seconds < 9.2e15 {
            return Int64((seconds * 1000).rounded())
        }
        do {
            return try PromDuration.parse(text)
        } catch {
            throw ValidationError("cannot parse \(GoString.quote(text)) as a duration: \(error.message)")
        }
    }
}

/// Times and durations of LogQL queries, in nanoseconds as Loki uses them.
extension TimeArgument {
    /// RFC 3339 with up to nine fractional digits, Unix seconds with up to
    /// nine decimals (exact: no floating point), or a duration from zero.
    static func instantNanos(_ text: String) throws -> Int64 {
        if let nanos = decimalSeconds(text) { return nanos }
        if let nanos = LogQLDuration.parse(text) { return nanos }
        if let nanos = rfc3339Nanos(text) { return nanos }
        throw ValidationError("cannot parse \(GoString.quote(text)) as a time (RFC 3339, Unix seconds or a duration)")
    }

    /// A step: seconds (`60`, `0.5`) or a duration (`1m`, `250ms`, `1500us`).
    static func durationNanos(_ text: String) throws -> Int64 {
        if let nanos = decimalSeconds(text) ?? LogQLDuration.parse(text), nanos > 0 { return nanos }
        throw ValidationError("cannot parse \(GoString.quote(text)) as a positive duration (seconds, or such as 30s)")
    }

    /// `[-]digits[.digits]` seconds as nanoseconds, digits past the ninth
    /// decimal dropped; nil when it is not such a number or overflows.
    static func decimalSeconds(_ text: String) -> Int64? {
        var bytes = Substring(text).utf8[...]
        let negative = bytes.first == UInt8(ascii: "-")
        if negative { bytes = bytes.dropFirst() }
        let whole = bytes.prefix { $0 >= 0x30 && $0 <= 0x39 }
        var rest = bytes.dropFirst(whole.count)
        var fraction: Substring.UTF8View.SubSequence = rest[rest.startIndex..<rest.startIndex]
        if rest.first == UInt8(ascii: ".") {
            rest = rest.dropFirst()
            fraction = rest.prefix { $0 >= 0x30 && $0 <= 0x39 }
            rest = rest.dropFirst(fraction.count)
        }
        guard rest.isEmpty, !whole.isEmpty || !fraction.isEmpty else { return nil }
        var seconds: Int64 = 0
        for digit in whole {
            let (times, overflow) = seconds.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int64(digit - 0x30))
            if overflow || overflow2 { return nil }
            seconds = sum
        }
        var nanos: Int64 = 0
        for (index, digit) in fraction.prefix(9).enumerated() {
            var place: Int64 = 1
            for _ in 0..<(8 - index) { place *= 10 }
            nanos += Int64(digit - 0x30) * place
        }
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let (total, overflow2) = scaled.addingReportingOverflow(nanos)
        if overflow || overflow2 { return nil }
        return negative ? -total : total
    }

    /// RFC 3339 with an optional fraction of up to nine digits, exactly.
    private static func rfc3339Nanos(_ text: String) -> Int64? {
        var whole = text
        var fractionNanos: Int64 = 0
        if let tee = text.firstIndex(where: { $0 == "T" || $0 == "t" }), let dot = text[tee...].firstIndex(of: ".") {
            let digits = text[text.index(after: dot)...].prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty else { return nil }
            fractionNanos = decimalSeconds("0." + digits) ?? 0
            whole = String(text[..<dot]) + String(text[digits.endIndex...])
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        guard let date = formatter.date(from: whole) else { return nil }
        let seconds = date.timeIntervalSince1970.rounded()
        guard abs(seconds) < 9e9 else { return nil }
        return Int64(seconds) * 1_000_000_000 + fractionNanos
    }
}
