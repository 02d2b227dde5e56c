import Testing
import VigilTesting

@Suite struct ScriptParserTests {
    @Test func parsesLoadAndEval() throws {
        let script = try TestScriptParser.parse("load 1m\n  x 1 2\n\neval instant at 1m x\n  x 2\n", file: "t")
        #expect(script.commands.count == 2)
    }
}
