import VigilCore
import VigilEngine
import VigilStorage
import VigilSyntax

/// Runs a test script against the engine, as Prometheus's `promqltest`
/// does: data from `load` into a fresh store, each `eval` checked for its
/// error, annotations and result; an instant `eval` is also re-run as a
/// range query around its time and must give the same values.
public struct ScriptRunner {
    public var engine: Engine

    public init(engine: Engine = ScriptRunner.testEngine) { self.engine = engine }

    /// The settings of Prometheus's test engine: every experimental feature
    /// of the parser, delayed name removal, 5m lookback, 1m subquery step.
    public static var testEngine: Engine {
        Engine(options: .promqlTest, parserOptions: .all)
    }

    public func run(_ script: TestScript, file: String) -> FileReport {
        var report = FileReport(file: file)
        var store = SeriesStore()
        var histograms = NativeHistogramUse()
        for command in script.commands {
            switch command {
            case .clear:
                store = SeriesStore()
                histograms.clear()
            case .load(let load):
                // A series defined twice in one block keeps its last definition, as in Prometheus.
                var latest: [Labels: SeriesDescription] = [:]
                var order: [Labels] = []
                for (_, description) in load.series {
                    if latest.updateValue(description, forKey: description.labels) == nil { order.append(description.labels) }
                }
                for description in order.compactMap({ latest[$0] }) {
                    store.load(description, start: 0, interval: load.interval)
                    if description.containsNativeHistograms { histograms.series.insert(description.labels) }
                    if load.withNativeHistograms, let converted = NativeHistogramUse.converted(description.labels) {
                        histograms.series.insert(converted)
                    }
                }
            case .eval(let eval):
                let outcome: CommandOutcome
                if let reason = histograms.skipReason(for: eval) {
                    outcome = .skipped("needs native histograms: \(reason)")
                } else {
                    outcome = evaluate(eval, on: store.snapshot())
                }
                report.results.append((eval.line, eval.expression, outcome))
            }
        }
        return report
    }

    func evaluate(_ command: EvalCommand, on snapshot: SeriesSnapshot) -> CommandOutcome {
        let primary = evaluate(command, query: command.expression, on: snapshot)
        guard primary == .passed, case .instant(let time) = command.kind,
              let variants = AtModifierVariants.variants(of: command.expression, at: time) else { return primary }
        for variantTime in variants.times {
            var variant = command
            variant.kind = .instant(at: variantTime)
            let outcome = evaluate(variant, query: variants.query, on: snapshot)
            if case .failed(let message) = outcome {
                return .failed("with @ modifier, \(variants.query) at \(variantTime): \(message)")
            }
        }
        return .passed
    }

    private func evaluate(_ command: EvalCommand, query: String, on snapshot: SeriesSnapshot) -> CommandOutcome {
        var command = command
        command.expression = query
        let outcome: Result<QueryResult, QueryFailure>
        switch command.kind {
        case .instant(let time):
            outcome = Result { () throws(QueryFailure) in try engine.instantQuery(command.expression, at: time, on: snapshot) }
        case .range(let start, let end, let step):
            outcome = Result { () throws(QueryFailure) in
                try engine.rangeQuery(command.expression, start: start, end: end, step: step, on: snapshot)
            }
        }
        let result: QueryResult
        switch outcome {
        case .failure(let failure):
            guard command.expectFail else { return .failed("error evaluating query: \(failure.error)") }
            return checkFailure(command, failure.error.description)
        case .success(let value):
            if command.expectFail { return .failed("expected error evaluating query but got none") }
            result = value
        }
        if let problem = AnnotationExpectations.check(command, result.annotations) { return .failed(problem) }
        if let problem = ResultExpectations(command).compare(result.value) { return .failed(problem) }
        if case .instant(let time) = command.kind {
            return checkRangeMode(command, time: time, instantValue: result.value, on: snapshot)
        }
        return .passed
    }

    private func checkFailure(_ command: EvalCommand, _ message: String) -> CommandOutcome {
        if let expected = command.expectedFailMessage, expected != message {
            return .failed("expected error \(GoString.quote(expected)), but got: \(message)")
        }
        if let pattern = command.expectedFailPattern {
            guard let regex = try? RE2Regex(pattern), regex.contains(in: message) else {
                return .failed("expected error matching pattern \(GoString.quote(pattern)), but got: \(message)")
            }
        }
        if let expectation = command.failExpectation, !expectation.matches(message) {
            return .failed("expected error matching \(expectation.summary), but got: \(message)")
        }
        return .passed
    }

    /// Prometheus re-runs an instant query as a range query from one minute
    /// before to one minute after, step 1m, and compares the middle step.
    private func checkRangeMode(_ command: EvalCommand, time: Int64, instantValue: QueryValue,
                                on snapshot: SeriesSnapshot) -> CommandOutcome {
        if command.rangeVector != nil || command.expectedString != nil { return .passed }
        if let regex = try? RE2Regex(#"(start|end|range|step)\(\)"#), regex.contains(in: command.expression) {
            return .passed
        }
        let ranged: QueryResult
        do {
            ranged = try engine.rangeQuery(command.expression, start: time - 60_000, end: time + 60_000, step: 60_000,
                                           on: snapshot)
        } catch {
            return .failed("error evaluating query in range mode: \(error.error)")
        }
        if command.ordered { return .passed }
        guard case .matrix(let series) = ranged.value else { return .failed("range mode did not return a matrix") }
        var samples: [VectorSample] = []
        for item in series {
            if let index = item.times.firstIndex(of: time) {
                samples.append(VectorSample(labels: item.labels, time: time, value: item.values[index]))
            }
        }
        let value: QueryValue
        if case .scalar = instantValue {
            guard let first = samples.first else { return .failed("range mode returned no value for the scalar") }
            value = .scalar(time: time, value: first.value)
        } else {
            value = .vector(samples)
        }
        if let problem = ResultExpectations(command).compare(value) { return .failed("range mode: \(problem)") }
        return .passed
    }
}
