import Testing
import VigilTesting

@Suite struct ScriptRunnerTests {
    private func run(_ text: String) throws -> FileReport {
        ScriptRunner().run(try TestScriptParser.parse(text, file: "inline.test"), file: "inline.test")
    }

    @Test func passingAndFailingCommandsAreCounted() throws {
        let report = try run("""
            load 1m
              x{a="1"} 1 2 3

            eval instant at 2m x
              x{a="1"} 3

            eval instant at 2m x
              x{a="1"} 4

            eval range from 0 to 2m step 1m x
              x{a="1"} 1 2 3
            """)
        #expect(report.passed == 2)
        #expect(report.failed == 1)
        #expect(report.summary == "inline.test: 2 passed, 1 failed")
    }

    @Test func expectedFailuresAndAnnotations() throws {
        let report = try run("""
            load 1m
              x{a="1"} 1 2
              x{a="2"} 1 2

            eval instant at 0m x + on() x
              expect fail msg: found duplicate series for the match group {} on the right hand-side of the operation: [{__name__="x", a="2"}, {__name__="x", a="1"}];many-to-many matching not allowed: matching labels must be unique on one side

            eval instant at 1m rate(x[2m])
              expect info msg: PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: "x"
              {a="1"} 0.016666666666666666
              {a="2"} 0.016666666666666666
            """)
        #expect(report.failed == 0, "\(report.results)")
        #expect(report.passed == 2)
    }

    @Test func nativeHistogramCommandsAreSkippedWithAReason() throws {
        let report = try run("""
            load 1m
              h {{schema:0 sum:1 count:1}}
              f 1

            eval instant at 0m h
              h {{schema:0 sum:1 count:1}}

            eval instant at 0m f
              f 1
            """)
        #expect(report.skipped == 1)
        #expect(report.passed == 1)
        if case .skipped(let reason) = report.results[0].outcome {
            #expect(reason.contains("native histograms"))
        } else {
            Issue.record("first command should be skipped")
        }
    }

    @Test func unparsableScriptReportsTheLine() {
        #expect(throws: TestScriptParser.Failure.self) { try TestScriptParser.parse("load\n", file: "bad.test") }
        #expect(throws: TestScriptParser.Failure.self) { try TestScriptParser.parse("frobnicate x\n", file: "bad.test") }
    }
}
