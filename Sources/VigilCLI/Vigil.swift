import ArgumentParser

/// The `vigil` command. Each subcommand lives in its own file.
@main
struct Vigil: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vigil",
        abstract: "A PromQL + LogQL alert-rule engine.",
        subcommands: [FormatCommand.self, CheckCommand.self, QueryCommand.self, PromQLTestCommand.self, TestCommand.self]
    )
}
