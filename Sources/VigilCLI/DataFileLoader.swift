import ArgumentParser
import Foundation
import VigilCore
import VigilStorage
import VigilTesting

/// Loads `vigil query`'s data file: `load <interval>` blocks in the test
/// language, or an OpenMetrics / Prometheus text dump.
enum DataFileLoader {
    static func load(path: String, into store: SeriesStore) throws {
        let bytes: [UInt8]
        do {
            bytes = try RecordInput.decoded(try RecordInput.contents(of: path), name: path)
        } catch {
            throw ValidationError(error.description)
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let firstCommand = text.split(separator: "\n").first { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            return !trimmed.isEmpty && !trimmed.hasPrefix("#")
        }
        if let firstCommand, firstCommand.trimmingCharacters(in: .whitespaces).hasPrefix("load") {
            let script: TestScript
            do {
                script = try TestScriptParser.parse(text, file: path)
            } catch {
                throw ValidationError(error.description)
            }
            for command in script.commands {
                guard case .load(let load) = command else {
                    throw ValidationError("\(path): only `load` blocks are allowed in a data file")
                }
                for (line, description) in load.series {
                    let result = store.load(description, start: 0, interval: load.interval)
                    for rejected in result.rejected {
                        FileHandle.standardError.write(Data("\(path):\(line): point \(rejected.index + 1): \(rejected.error)\n".utf8))
                    }
                }
            }
            return
        }
        let report = MetricsTextReader.read(bytes, name: path, into: store)
        for error in report.errors { FileHandle.standardError.write(Data("\(error)\n".utf8)) }
    }
}
