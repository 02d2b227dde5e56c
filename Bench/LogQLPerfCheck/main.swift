// A by-hand performance check of the LogQL pipeline (not a unit test):
//
//     swift run -c release vigil-logql-perf [lines [scan]]
//
// Generates `lines` (default 1,000,000) JSON log lines (about 175 bytes,
// shaped like the conformance data, with a unique trace id) in one stream
// `{app="x"}`, and as many logfmt lines (level, msg, method, path, status)
// in another store, one every 86 ms, then times:
//
// - `{app="x"} |= "error"` and `{app="x"} | json | status >= 500` as log
//   queries the way Grafana sends them (newest first, limit 5000);
// - the same pipelines when no line matches (`|= "no such text"`,
//   `status >= 999`), so every line is scanned: a log query's first pass
//   extracts only the labels its filters read (here `status`);
// - `count_over_time({app="x"}[5m])`: reading the store, no pipeline;
// - every line through those pipelines: `count_over_time` over the same
//   pipeline as a range query at a 5m step over the whole span (the JSON one
//   ends in `| keep status`, so its series are few: it measures `| json`
//   extracting every field of every line, as Loki's `| json` does);
// - `count_over_time({app="x"} | logfmt | level="error" [5m])`, likewise.
//
// Prints CPU time (the engine is single-threaded), lines per second per
// core and nanoseconds per line of the stream.
#if canImport(Glibc)
import Glibc
#endif
import VigilCore
import VigilEngine
import VigilStorage
import VigilSyntax


let lineCount = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 1_000_000 : 1_000_000
let spacing: Int64 = 86_000_000
let start: Int64 = 1_700_000_000_000_000_000

func cpuSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// A deterministic generator (SplitMix64).
struct Generator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func pick<T>(_ values: [T]) -> T { values[Int(next() % UInt64(values.count))] }
}

let levels = ["info", "info", "info", "info", "warn", "error", "debug"]
let messages = ["request served", "cache hit", "upstream timeout", "db query timed out", "user logged in",
                "connection refused", "order placed", "retrying request"]
let paths = ["/api/users", "/api/cart", "/login", "/health", "/checkout"]
let methods = ["GET", "POST", "PUT"]
let statuses = [200, 200, 200, 201, 204, 404, 429, 500, 502, 503]

func load() -> (json: LogStore, logfmt: LogStore, bytes: Int) {
    var generator = Generator(state: 42)
    var jsonEntries = LogEntries()
    var logfmtEntries = LogEntries()
    var bytes = 0
    for index in 0..<lineCount {
        let timestamp = start + Int64(index) * spacing + Int64(generator.next() % 1000)
        let level = generator.pick(levels)
        let message = generator.pick(messages)
        let status = generator.pick(statuses)
        let duration = Double(generator.next() % 10_000) / 10
        let path = generator.pick(paths)
        let method = generator.pick(methods)
        let trace = String(generator.next(), radix: 16)
        let json = #"{"ts":"\#(timestamp / 1_000_000_000)","level":"\#(level)","msg":"\#(message)","status":\#(status),"#
            + #""duration_ms":\#(duration),"path":"\#(path)","method":"\#(method)","trace_id":"\#(trace)","user":{"id":"usr_\#(index % 50)"}}"#
        let logfmt = #"level=\#(level) msg="\#(message)" method=\#(method) path=\#(path) status=\#(status)"#
        jsonEntries.append(timestamp: timestamp, line: json)
        logfmtEntries.append(timestamp: timestamp, line: logfmt)
        bytes += json.utf8.count
    }
    let json = LogStore()
    let logfmt = LogStore()
    do {
        try json.push(["app": "x"], jsonEntries)
        try logfmt.push(["app": "x"], logfmtEntries)
    } catch {
        print("cannot load: \(error)")
        exit(1)
    }
    return (json, logfmt, bytes)
}

/// Prints and flushes at once, so a crash loses nothing.
func printFlushed(_ text: String) {
    print(text)
    fflush(nil)
}

func report(_ name: String, seconds: Double, detail: String) {
    let perSecond = Double(lineCount) / seconds
    let nanos = seconds / Double(lineCount) * 1e9
    printFlushed("\(name)\n    \(String(format: "%.3f", seconds)) s CPU, \(String(format: "%.2f", perSecond / 1e6)) M lines/s/core, "
          + "\(String(format: "%.0f", nanos)) ns/line; \(detail)")
}

let loadStart = cpuSeconds()
let (jsonStore, logfmtStore, jsonBytes) = load()
printFlushed("generated and stored \(lineCount) lines (JSON \(jsonBytes / lineCount) bytes/line) in "
      + String(format: "%.2f", cpuSeconds() - loadStart) + " s")
let end = start + Int64(lineCount) * spacing + 1_000_000_000

for query in [#"{app="x"} |= "error""#, #"{app="x"} | json | status >= 500"#] where CommandLine.arguments.count <= 2 {
    guard case .log(let selector) = try LogQLParser().parse(query) else { continue }
    let engine = LogQLEngine()
    let before = cpuSeconds()
    let streams = try engine.logQuery(selector, start: start, end: end, limit: 5000, direction: .backward,
                                      on: jsonStore.snapshot())
    let seconds = cpuSeconds() - before
    printFlushed("\(query)  (log query, backward, limit 5000)\n    \(String(format: "%.4f", seconds)) s CPU; "
          + "\(streams.reduce(0) { $0 + $1.entries.count }) lines in \(streams.count) streams")
}

// Log queries that match nothing scan every line: the per-line cost of their pipelines.
for query in [#"{app="x"} |= "no such text""#, #"{app="x"} | json | status >= 999"#] where CommandLine.arguments.count <= 2 {
    guard case .log(let selector) = try LogQLParser().parse(query) else { continue }
    let engine = LogQLEngine()
    let before = cpuSeconds()
    let streams = try engine.logQuery(selector, start: start, end: end, limit: 5000, direction: .backward,
                                      on: jsonStore.snapshot())
    report(query + "  (log query scanning every line)", seconds: cpuSeconds() - before,
           detail: "\(streams.count) streams returned")
}

let scans: [(String, LogStore)] = [
    (#"count_over_time({app="x"}[5m])"#, jsonStore),
    (#"count_over_time({app="x"} |= "error" [5m])"#, jsonStore),
    (#"count_over_time({app="x"} | json | status >= 500 | keep status [5m])"#, jsonStore),
    (#"count_over_time({app="x"} | logfmt | level="error" [5m])"#, logfmtStore),
]
// A second argument runs only that scan (0 to 3), for profiling.
let only = CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2]) : nil
for (index, (query, store)) in scans.enumerated() where only == nil || only == index {
    guard case .rangeAggregation(let node) = try LogQLParser().parse(query) else { exit(1) }
    // The logfmt query keeps level, msg, method, path, status: up to 1200 series.
    let engine = LogQLEngine()
    let grid = LogQLStepGrid(startNanos: start + 300_000_000_000, endNanos: end, stepNanos: 300_000_000_000)
    let before = cpuSeconds()
    let series = try engine.rangeAggregation(node, grid: grid, on: store.snapshot())
    let seconds = cpuSeconds() - before
    report(query, seconds: seconds, detail: "\(series.count) series × \(grid.count) steps")
}
