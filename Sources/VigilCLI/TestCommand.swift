import ArgumentParser

/// `vigil test ...`: unit tests (as `promtool test`).
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run unit tests (as `promtool test` does).",
        subcommands: [TestRulesCommand.self]
    )
}
