import ArgumentParser

/// `vigil check ...`: static checks of configuration and rule files.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check configuration and rule files for errors (as `promtool check` does).",
        subcommands: [CheckRulesCommand.self, CheckConfigCommand.self]
    )
}
