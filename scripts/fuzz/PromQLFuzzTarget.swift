// libFuzzer entry point for the PromQL parser, compiled into one module with
// VigilSyntax's sources by scripts/fuzz-promql.sh. Any input must parse or be
// rejected without crashing; an accepted input must print to a form that
// parses back to the same AST (with both printers) and prints identically.

@_cdecl("LLVMFuzzerTestOneInput")
public func promQLFuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let query = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    for parser in [PromQLParser(options: .all), PromQLParser()] {
        guard let expr = try? parser.parse(query) else { continue }
        let canonical = expr.description
        for printed in [canonical, expr.pretty(), expr.pretty(columnLimit: 10)] {
            guard let again = try? parser.parse(printed) else {
                fatalError("printed form does not parse: \(printed.debugDescription) from \(query.debugDescription)")
            }
            if again != expr || again.description != canonical {
                fatalError("printed form differs: \(printed.debugDescription) from \(query.debugDescription)")
            }
        }
    }
    return 0
}
