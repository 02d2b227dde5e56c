import Dispatch
import Synchronization
import VigilCore
import VigilRules

/// Runs rule unit test files (`vigil test rules`). Test groups run in
/// parallel, across files too, each in stores of its own; reports come back
/// in file and group order, so output does not depend on scheduling.
public struct RuleTestRunner: Sendable {
    public var options: RuleTestOptions

    public init(options: RuleTestOptions = RuleTestOptions()) { self.options = options }

    /// Reads and runs each file.
    public func run(paths: [String]) -> [RuleTestFileReport] {
        run(paths.map { path -> (path: String, parsed: Result<RuleTestFile, RuleFileErrors>) in
            do throws(RuleFileErrors) {
                return (path, .success(try RuleTestFileParser.load(path: path)))
            } catch {
                return (path, .failure(error))
            }
        })
    }

    /// Runs files already parsed (or that failed to parse).
    public func run(_ files: [(path: String, parsed: Result<RuleTestFile, RuleFileErrors>)]) -> [RuleTestFileReport] {
        var reports: [RuleTestFileReport] = []
        var jobs: [Job] = []
        for (path, parsed) in files {
            var report = RuleTestFileReport(path: path)
            switch parsed {
            case .failure(let errors):
                report.fileErrors = errors.errors.map(\.description)
            case .success(let file):
                report.file = file
                report.warnings = file.unmatchedPatterns.map { "  WARNING: no file match pattern \($0)" }
                let selected = file.tests.filter { options.selects($0.name) }
                if !selected.isEmpty {
                    let rules = LoadedRules.load(file.ruleFiles, options: options)
                    let engine = options.engine(evaluationInterval: file.evaluationInterval)
                    for group in selected {
                        jobs.append(Job(fileIndex: reports.count,
                                        run: TestGroupRun(file: file, group: group, rules: rules, options: options, engine: engine)))
                    }
                }
            }
            reports.append(report)
        }
        for (job, groupReport) in zip(jobs, runConcurrently(jobs)) {
            reports[job.fileIndex].groups.append(groupReport)
        }
        return reports
    }

    private struct Job: Sendable {
        let fileIndex: Int
        let run: TestGroupRun
    }

    /// Each worker takes the next job until none are left.
    private func runConcurrently(_ jobs: [Job]) -> [RuleTestGroupReport] {
        let results = Mutex<[RuleTestGroupReport?]>(Array(repeating: nil, count: jobs.count))
        let next = Atomic<Int>(0)
        let workers = min(options.parallelism, jobs.count)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let index = next.add(1, ordering: .relaxed).oldValue
                guard index < jobs.count else { return }
                let report = jobs[index].run.run()
                results.withLock { $0[index] = report }
            }
        }
        return results.withLock { $0.compactMap { $0 } }
    }
}
