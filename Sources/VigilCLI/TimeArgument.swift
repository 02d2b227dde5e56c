import ArgumentParser
import Foundation
import VigilCore

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
