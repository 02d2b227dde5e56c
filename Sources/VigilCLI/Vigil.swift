import ArgumentParser

/// The `vigil` command. Each subcommand lives in its own file.
@main
struct Vigil: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vigil",
        abstract: "A PromQL + LogQL alert-rule engine.",
        subcommands: [
            ReplayCommand.self, AlertsCommand.self, TestCommand.self, CheckCommand.self, FormatCommand.self, QueryCommand.self,
            PromQLTestCommand.self, LogQLTestCommand.self,
        ]
    )
}
