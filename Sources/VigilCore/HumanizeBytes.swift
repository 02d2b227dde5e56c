import Foundation

/// Byte sizes as `github.com/dustin/go-humanize` reads and prints them; Loki
/// uses it for `size >= 2KB` label filters and `unwrap bytes(...)`.
public enum HumanizeBytes {
    public struct ParseError: Error, CustomStringConvertible, Sendable, Equatable {
        public let message: String
        public init(message: String) { self.message = message }
        public var description: String { message }
    }

    private static let sizes: [String: UInt64] = [
        "b": 1, "": 1,
        "kib": 1 << 10, "ki": 1 << 10, "kb": 1_000, "k": 1_000,
        "mib": 1 << 20, "mi": 1 << 20, "mb": 1_000_000, "m": 1_000_000,
        "gib": 1 << 30, "gi": 1 << 30, "gb": 1_000_000_000, "g": 1_000_000_000,
        "tib": 1 << 40, "ti": 1 << 40, "tb": 1_000_000_000_000, "t": 1_000_000_000_000,
        "pib": 1 << 50, "pi": 1 << 50, "pb": 1_000_000_000_000_000, "p": 1_000_000_000_000_000,
        "eib": 1 << 60, "ei": 1 << 60, "eb": 1_000_000_000_000_000_000, "e": 1_000_000_000_000_000_000,
    ]

    /// `humanize.ParseBytes`: a decimal number (`,` ignored) then an optional
    /// unit, case-insensitive, spaces allowed between: `42 MB`, `1.5KiB`, `20B`.
    public static func parse(_ text: String) throws(ParseError) -> UInt64 {
        let scalars = Array(text.unicodeScalars)
        var count = 0
        var number = String.UnicodeScalarView()
        while count < scalars.count {
            let scalar = scalars[count]
            guard scalar.properties.numericType == .decimal || scalar == "." || scalar == "," else { break }
            if scalar != "," { number.append(scalar) }
            count += 1
        }
        var tail = String.UnicodeScalarView()
        tail.append(contentsOf: scalars[count...])
        let value: Double
        do {
            value = try GoStrconv.parseFloat(String(number))
        } catch {
            throw ParseError(message: error.description)
        }
        let unit = String(tail).trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard let multiplier = sizes[unit] else { throw ParseError(message: "unhandled size name: \(unit)") }
        let bytes = value * Double(multiplier)
        if bytes >= 18_446_744_073_709_551_616.0 { throw ParseError(message: "too large: \(text)") }
        if !(bytes > 0) { return 0 }
        return UInt64(bytes)
    }

    /// `humanize.Bytes`: SI units with one decimal below 10 (`2.0 kB`,
    /// `83 kB`, `9 B`).
    public static func format(_ bytes: UInt64) -> String {
        if bytes < 10 { return "\(bytes) B" }
        let units = ["B", "kB", "MB", "GB", "TB", "PB", "EB"]
        let exponent = (Foundation.log(Double(bytes)) / Foundation.log(1000.0)).rounded(.down)
        let value = (Double(bytes) / Foundation.pow(1000.0, exponent) * 10 + 0.5).rounded(.down) / 10
        let unit = units[min(Int(exponent), units.count - 1)]
        return GoFloat.format(value, .f, precision: value < 10 ? 1 : 0) + " " + unit
    }
}
