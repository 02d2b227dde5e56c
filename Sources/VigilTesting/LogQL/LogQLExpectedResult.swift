import Foundation
import VigilCore

/// A query's expected (or actual) result, normalised for comparison.
public enum LogQLExpectedResult: Sendable, Equatable {
    case error(String)
    case streams([StreamEntries])
    case vector([Sample])
    case matrix([SeriesPoints])
    case scalar(Point)

    public struct StreamEntries: Sendable, Equatable {
        public var labels: Labels
        public var entries: [Entry]
    }

    public struct Entry: Sendable, Equatable {
        public var timestamp: Int64
        public var line: String
    }

    public struct Point: Sendable, Equatable {
        /// Milliseconds.
        public var timestamp: Int64
        public var value: Double

        public static func == (lhs: Point, rhs: Point) -> Bool {
            lhs.timestamp == rhs.timestamp && LogQLExpectedResult.closeEnough(lhs.value, rhs.value)
        }
    }

    public struct Sample: Sendable, Equatable {
        public var labels: Labels
        public var point: Point
    }

    public struct SeriesPoints: Sendable, Equatable {
        public var labels: Labels
        public var points: [Point]
    }

    /// Relative tolerance 1e-9; NaN equals NaN.
    static func closeEnough(_ a: Double, _ b: Double) -> Bool {
        if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
        if a == b { return true }
        return abs(a - b) <= 1e-9 * max(abs(a), abs(b))
    }

    var kind: String {
        switch self {
        case .error: return "error"
        case .streams: return "streams"
        case .vector: return "vector"
        case .matrix: return "matrix"
        case .scalar: return "scalar"
        }
    }

    static func decode(_ object: [String: Any], fail: (String) -> Error) throws -> LogQLExpectedResult {
        if object["status"] as? String == "error" { return .error(object["error"] as? String ?? "") }
        guard let data = object["data"] as? [String: Any], let type = data["resultType"] as? String else {
            throw fail("expected result has no data.resultType")
        }
        func labels(_ value: Any?) -> Labels {
            Labels((value as? [String: String] ?? [:]).map { Label($0.key, $0.value) })
        }
        func point(_ value: Any?) throws -> Point {
            guard let pair = value as? [Any], pair.count == 2, let seconds = pair[0] as? NSNumber,
                  let text = pair[1] as? String else { throw fail("malformed sample \(String(describing: value))") }
            let millis = Int64((seconds.doubleValue * 1000).rounded())
            return Point(timestamp: millis, value: parseValue(text))
        }
        switch type {
        case "streams":
            let result = data["result"] as? [[String: Any]] ?? []
            return .streams(try result.map { stream in
                let values = stream["values"] as? [[String]] ?? []
                return StreamEntries(labels: labels(stream["stream"]), entries: try values.map { pair in
                    guard pair.count == 2, let timestamp = Int64(pair[0]) else { throw fail("malformed entry \(pair)") }
                    return Entry(timestamp: timestamp, line: pair[1])
                })
            })
        case "vector":
            let result = data["result"] as? [[String: Any]] ?? []
            return .vector(try result.map { Sample(labels: labels($0["metric"]), point: try point($0["value"])) })
        case "matrix":
            let result = data["result"] as? [[String: Any]] ?? []
            return .matrix(try result.map { series in
                SeriesPoints(labels: labels(series["metric"]), points: try (series["values"] as? [Any] ?? []).map(point))
            })
        case "scalar":
            return .scalar(try point(data["result"]))
        default:
            throw fail("unknown resultType \(type)")
        }
    }

    /// A sample value as Prometheus and Loki write it (`"1.5"`, `"NaN"`, `"+Inf"`).
    static func parseValue(_ text: String) -> Double {
        switch text {
        case "NaN": return .nan
        case "+Inf", "Inf": return .infinity
        case "-Inf": return -.infinity
        default: return Double(text) ?? .nan
        }
    }
}
