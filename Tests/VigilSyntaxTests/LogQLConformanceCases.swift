import Foundation

/// The queries of the LogQL conformance file (`cases.json`, format in its
/// README), read from `$VIGIL_CONFORMANCE_DIR/logql` or
/// `<package root>/../shared/conformance/logql`.
enum LogQLConformanceCases {
    struct Query {
        var index: Int
        var area: String
        var query: String
        var expectsError: Bool
    }

    static var file: URL? {
        var candidates: [URL] = []
        if let override = ProcessInfo.processInfo.environment["VIGIL_CONFORMANCE_DIR"], !override.isEmpty {
            candidates.append(URL(fileURLWithPath: override).appendingPathComponent("logql/cases.json"))
        }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(packageRoot.deletingLastPathComponent().appendingPathComponent("shared/conformance/logql/cases.json"))
        return candidates.first { FileManager.default.fileExists(atPath: $0.path) }
    }

    static let skipMessage = "LogQL conformance cases not found: set VIGIL_CONFORMANCE_DIR or place them in "
        + "../shared/conformance/logql; skipping."

    static func queries(in file: URL) throws -> [Query] {
        let data = try Data(contentsOf: file)
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let queries = root["queries"] as? [[String: Any]] else { return [] }
        return queries.enumerated().compactMap { index, entry in
            guard let query = entry["query"] as? String, let expected = entry["expected"] as? [String: Any] else {
                return nil
            }
            return Query(index: index, area: entry["area"] as? String ?? "", query: query,
                         expectsError: expected["status"] as? String == "error")
        }
    }
}
