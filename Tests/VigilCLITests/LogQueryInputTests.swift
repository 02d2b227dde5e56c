import Testing
import VigilCore
import VigilStorage
@testable import VigilCLI

/// `vigil query --logs`: how log files are recognised and how LogQL times
/// are read (to the nanosecond, no floating point).
@Suite struct LogQueryInputTests {
    func detect(_ text: String) -> LogFileLoader.Format { LogFileLoader.detect(Array(text.utf8)) }

    @Test func formatsAreRecognised() {
        #expect(detect(#"{"status":"success","data":{"resultType":"streams","result":[]}}"#) == .loki)
        #expect(detect("{\n  \"streams\": []\n}\n") == .loki)
        #expect(detect(#"{"name":"x","streams":[]}"#) == .loki)
        #expect(detect(#"{"labels":{"app":"a"},"line":"x","timestamp":"2025-01-01T00:00:00Z"}"# + "\n") == .logcli)
        #expect(detect(#"{"line":"x","timestamp":"2025-01-01T00:00:00Z"}"#) == .logcli)
        #expect(detect(#"{"timestamp":"2025-01-01T00:00:00Z","msg":"x"}"# + "\n" + #"{"msg":"y"}"#) == .jsonl)
        #expect(detect(#"{"ts":1,"line":"x","timestamp":2,"level":"info"}"#) == .jsonl)
    }

    @Test func logqlTimesAreExactNanoseconds() throws {
        #expect(try TimeArgument.instantNanos("1700000000.123456789") == 1_700_000_000_123_456_789)
        #expect(try TimeArgument.instantNanos("1700000000.5") == 1_700_000_000_500_000_000)
        #expect(try TimeArgument.instantNanos("2025-12-28T02:00:03.208762743Z") == 1_766_887_203_208_762_743)
        #expect(try TimeArgument.instantNanos("2025-12-28T03:00:00+01:00") == 1_766_887_200_000_000_000)
        #expect(try TimeArgument.instantNanos("5m") == 300_000_000_000)
        #expect(throws: (any Error).self) { try TimeArgument.instantNanos("yesterday") }
        #expect(throws: (any Error).self) { try TimeArgument.instantNanos("99999999999999999999") }
        #expect(try TimeArgument.durationNanos("60") == 60_000_000_000)
        #expect(try TimeArgument.durationNanos("1500us") == 1_500_000)
        #expect(throws: (any Error).self) { try TimeArgument.durationNanos("0") }
    }

    @Test func defaultStepIsLokis() {
        // max(1s, floor((end - start) / 250 s)).
        #expect(QueryCommand.defaultStep(0, 3_600_000_000_000) == 14_000_000_000)
        #expect(QueryCommand.defaultStep(0, 60_000_000_000) == 1_000_000_000)
    }

    @Test func theQueryMayFollowTheLogFiles() throws {
        let command = try QueryCommand.parseAsRoot(["--time", "0", "--logs", "a.jsonl", "b.jsonl",
                                                    #"count_over_time({a="b"}[1m])"#]) as? QueryCommand
        #expect(command?.logs == ["a.jsonl", "b.jsonl"])
        #expect(command?.expression == [#"count_over_time({a="b"}[1m])"#])
        #expect(throws: (any Error).self) { try QueryCommand.parseAsRoot(["--time", "0", "--logs", "a.jsonl"]) }
    }
}
