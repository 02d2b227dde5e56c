import ArgumentParser
import Foundation
import VigilSyntax

/// `vigil fmt 'EXPR'`: prints a PromQL expression the way
/// `promtool promql format` does, or the error with its line:column.
struct FormatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Format a PromQL expression (as `promtool promql format` does).",
        discussion: """
            Prints the expression split and indented where a line would exceed 100 columns. \
            A malformed expression prints `line:column: parse error: ...` and exits with status 1.
            """
    )

    @Flag(help: "Accept Prometheus's experimental syntax (functions, duration expressions, anchored/smoothed, fill).")
    var experimental = false

    @Flag(name: .customLong("one-line"), help: "Print the canonical one-line form instead.")
    var oneLine = false

    /// Collected as "unrecognized" input so an expression starting with a
    /// minus sign (`-2 ^ 2`) is not taken for an option.
    @Argument(parsing: .allUnrecognized, help: "The expression, or - to read it from standard input.")
    var expression: [String]

    func validate() throws {
        guard expression.count == 1 else {
            throw ValidationError("Expected exactly one expression (quote it), got \(expression.count) arguments.")
        }
    }

    func run() throws {
        var query = expression[0]
        if query == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            query = String(decoding: data, as: UTF8.self)
        }
        let parser = PromQLParser(options: experimental ? .all : .init())
        do {
            let expr = try parser.parse(query)
            print(oneLine ? expr.description : expr.pretty())
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode.failure
        }
    }
}
