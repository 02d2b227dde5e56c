import VigilCore

/// One point of a series in expanding notation.
public enum SeriesValue: Sendable, Equatable, CustomStringConvertible {
    case float(Double)
    /// `stale`: Prometheus's staleness marker (see `StaleMarker`).
    case stale
    /// `_`: no sample at this step.
    case omitted
    /// A native histogram literal, `{{...}}`. Native histograms are not
    /// supported yet: loaders skip these points and count them, so callers
    /// can report the series (or the test) as skipped.
    case histogram(NativeHistogramLiteral)

    /// The sample value, with `stale` as the stale marker; nil for gaps and
    /// histograms.
    public var floatValue: Double? {
        switch self {
        case .float(let value): return value
        case .stale: return StaleMarker.value
        case .omitted, .histogram: return nil
        }
    }

    /// Floats compare by bit pattern, so NaNs compare as written.
    public static func == (lhs: SeriesValue, rhs: SeriesValue) -> Bool {
        switch (lhs, rhs) {
        case (.float(let a), .float(let b)): return a.bitPattern == b.bitPattern
        case (.stale, .stale), (.omitted, .omitted): return true
        case (.histogram(let a), .histogram(let b)): return a == b
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .float(let value): return GoFloatText.string(value)
        case .stale: return "stale"
        case .omitted: return "_"
        case .histogram(let literal): return literal.text
        }
    }
}

/// A native histogram item as written, e.g. `{{schema:1 sum:3 count:22
/// buckets:[5 10 7]}}`, or `{{...}}+{{...}}x3` for a whole expanding item.
/// Checked for shape (known keys) but not yet turned into a histogram.
public struct NativeHistogramLiteral: Sendable, Equatable {
    public let text: String
}

/// A series in Prometheus's expanding notation, as used by the PromQL test
/// language (`load`, expected results), `promtool test rules` input series
/// and Vigil's series recordings: `metric{label="value"} 1 2+3x4 _x2 stale`.
public struct SeriesDescription: Sendable, Equatable {
    public var labels: Labels
    public var values: [SeriesValue]

    public init(labels: Labels, values: [SeriesValue]) {
        self.labels = labels
        self.values = values
    }

    /// Whether any point is a native histogram (which loaders skip).
    public var containsNativeHistograms: Bool {
        values.contains { if case .histogram = $0 { return true } else { return false } }
    }

    /// A syntax error at a byte column (1-based) of the description.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public let column: Int
        public let message: String
        /// Prometheus's form for a one-line input: `1:COLUMN: parse error: MESSAGE`.
        public var description: String { "1:\(column): parse error: \(message)" }
    }

    /// Expansions beyond this many points are refused instead of exhausting
    /// memory (`1x100000000000` is one short line).
    public static let maximumPoints = 10_000_000

    /// Parses one series description, following Prometheus's
    /// `ParseSeriesDesc`: `a+bxn` and `a-bxn` give n+1 points by repeated
    /// addition, `axn` n+1 copies, `_xn` n gaps; numbers are Go literals
    /// (decimal, `1_000`, octal `010`, `Inf`, `NaN`; hexadecimal is not
    /// accepted here because `0x1` reads as `0` repeated once).
    public static func parse(_ text: String) throws(ParseError) -> SeriesDescription {
        var text = text
        let result = text.withUTF8 { buffer in
            Result { () throws(ParseError) -> SeriesDescription in try parse(bytes: UnsafeRawBufferPointer(buffer)) }
        }
        return try result.get()
    }

    public static func parse(bytes: UnsafeRawBufferPointer) throws(ParseError) -> SeriesDescription {
        var parser = SeriesDescriptionParser(bytes)
        do {
            return try parser.parse()
        } catch {
            throw ParseError(column: error.column, message: error.message)
        }
    }
}
