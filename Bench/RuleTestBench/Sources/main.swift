// Times `vigil test rules` on a large generated test file and, on the same
// file in the same session, Debian's `promtool test rules` (when installed):
//
//     cd Bench/RuleTestBench && swift run -c release rule-test-bench [series] [rules] [hours]
//
// The file: `series` counter series (default 10,000: 100 jobs × 100
// instances) at 1m over `hours` (default 24), `rules` rules (default 100:
// 50 groups of a recording rule summing two jobs' rates and an alert on
// it), and tests at the last minute, so that every rule is evaluated at
// every minute of the day. Prints wall times, the ratio and peak memory.
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import VigilTesting

let arguments = CommandLine.arguments
let seriesCount = arguments.count > 1 ? Int(arguments[1]) ?? 10_000 : 10_000
let ruleCount = arguments.count > 2 ? Int(arguments[2]) ?? 100 : 100
let hours = arguments.count > 3 ? Int(arguments[3]) ?? 24 : 24
let minutes = hours * 60
let groups = max(1, ruleCount / 2)
let jobs = groups * 2
let instancesPerJob = max(1, seriesCount / jobs)

// Job j's counters grow by (j % 10) + 1 a minute on each of its instances, so
// its summed rate is instances × ((j % 10) + 1) / 60 per second. The alert
// fires above 10/s: with 100 instances, for jobs with j % 10 ≥ 6.
let threshold = 10.0
func fires(_ job: Int) -> Bool { Double(instancesPerJob * (job % 10 + 1)) / 60 > threshold }

let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-rule-test-bench").path
try? FileManager.default.removeItem(atPath: directory)
try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)

var rules = "groups:\n"
for group in 0..<groups {
    let pair = "j\(2 * group)|j\(2 * group + 1)"
    rules += """
      - name: g\(group)
        rules:
          - record: job:requests:rate5m
            expr: sum by (job) (rate(requests_total{job=~"\(pair)"}[5m]))
          - alert: HighRate\(group)
            expr: job:requests:rate5m{job=~"\(pair)"} > \(threshold)
            for: 5m
            labels: {severity: warning}

    """
}
try rules.write(toFile: directory + "/rules.yml", atomically: true, encoding: .utf8)

var test = "rule_files: [rules.yml]\nevaluation_interval: 1m\ngroup_eval_order: [\((0..<groups).map { "g\($0)" }.joined(separator: ", "))]\n"
test += "tests:\n  - name: day\n    interval: 1m\n    input_series:\n"
for job in 0..<jobs {
    for instance in 0..<instancesPerJob {
        test += "      - {series: 'requests_total{job=\"j\(job)\", instance=\"i\(instance)\"}', values: '0+\(job % 10 + 1)x\(minutes)'}\n"
    }
}
test += "    alert_rule_test:\n"
for group in 0..<groups {
    let firing = [2 * group, 2 * group + 1].filter(fires)
    let expected = firing.map { "{exp_labels: {job: j\($0), severity: warning}}" }.joined(separator: ", ")
    test += "      - {eval_time: \(minutes)m, alertname: HighRate\(group), exp_alerts: [\(expected)]}\n"
}
let testPath = directory + "/bench_test.yml"
try test.write(toFile: testPath, atomically: true, encoding: .utf8)
let fileBytes = (try? FileManager.default.attributesOfItem(atPath: testPath)[.size] as? Int) ?? 0
print("test file: \(jobs * instancesPerJob) series × \(minutes + 1) samples, \(groups * 2) rules, \(minutes + 1) evaluations, \(fileBytes / 1024) KiB")

func peakResidentMB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

let clock = ContinuousClock()
let started = clock.now
let reports = RuleTestRunner().run(paths: [testPath])
let vigilTime = clock.now - started
let vigilSeconds = Double(vigilTime.components.seconds) + Double(vigilTime.components.attoseconds) / 1e18
print("vigil:    \(String(format: "%.2f", vigilSeconds)) s, \(reports[0].passed ? "SUCCESS" : "FAILED"), peak RSS \(String(format: "%.0f", peakResidentMB())) MB")
if !reports[0].passed {
    for failure in reports[0].failures.prefix(3) { print(failure.fullText) }
}

let promtool = ProcessInfo.processInfo.environment["VIGIL_BENCH_PROMTOOL"] ?? "/usr/bin/promtool"
if FileManager.default.isExecutableFile(atPath: promtool) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: promtool)
    process.arguments = ["test", "rules", "bench_test.yml"]
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    let promtoolStarted = clock.now
    try process.run()
    process.waitUntilExit()
    let promtoolTime = clock.now - promtoolStarted
    let promtoolSeconds = Double(promtoolTime.components.seconds) + Double(promtoolTime.components.attoseconds) / 1e18
    print("promtool: \(String(format: "%.2f", promtoolSeconds)) s, exit \(process.terminationStatus)")
    print("ratio promtool / vigil: \(String(format: "%.2f", promtoolSeconds / vigilSeconds))")
} else {
    print("promtool not installed: no comparison")
}
