import ArgumentParser
import VigilCore
import VigilReplay
import VigilRules
import VigilStorage

/// What `vigil replay` and `vigil alerts` replay: rule files (from a
/// configuration and/or given directly) and recorded data.
struct ReplayInputOptions: ParsableArguments {
    @Option(help: "Vigil configuration file (rule files, global settings, Alertmanagers, autolog).")
    var config: String?

    @Option(parsing: .upToNextOption, help: "Prometheus rule files; replace the configuration's rule_files.")
    var rules: [String] = []

    @Option(name: .customLong("loki-rules"), parsing: .upToNextOption,
            help: "Loki rule files; replace the configuration's loki_rule_files.")
    var lokiRules: [String] = []

    @Option(parsing: .upToNextOption, help: "Recorded metrics files.")
    var data: [String] = []

    @Option(parsing: .upToNextOption, help: "Recorded log files.")
    var logs: [String] = []

    @Option(name: .customLong("log-label-field"),
            help: "For plain JSON-lines logs: a field whose value becomes a stream label (repeatable).")
    var logLabelFields: [String] = []

    @Option(name: .customLong("log-label"), help: "For plain JSON-lines logs: a label NAME=VALUE every stream gets (repeatable).")
    var logLabels: [String] = []

    func validate() throws {
        if config == nil && rules.isEmpty && lokiRules.isEmpty {
            throw ValidationError("Give rule files with --config or --rules.")
        }
        if data.isEmpty && logs.isEmpty { throw ValidationError("Give recorded data with --data (and --logs).") }
    }

    func loadConfig() throws -> VigilConfig {
        guard let config else { return VigilConfig() }
        do {
            return try VigilConfig.load(path: config)
        } catch {
            printError(error.description)
            throw ExitCode.failure
        }
    }

    func replayRules(_ settings: VigilConfig) -> ReplayRules {
        ReplayRules(config: settings, promqlFiles: rules.isEmpty ? nil : rules,
                    lokiFiles: lokiRules.isEmpty ? nil : lokiRules)
    }

    /// Loads the recording, printing bad records (at most 50 per file) and
    /// failing only when a file cannot be read at all.
    func loadRecording() throws -> Recording {
        var options = JSONLinesLogReader.Options(labelFields: logLabelFields)
        var statics: [Label] = []
        for pair in logLabels {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw ValidationError("--log-label wants NAME=VALUE, got \(GoString.quote(pair))")
            }
            statics.append(Label(String(pair[..<equals]), String(pair[pair.index(after: equals)...])))
        }
        options.staticLabels = Labels(statics)
        let recording = Recording.load(metrics: data, logs: logs, options: Recording.Options(jsonLines: options))
        for failure in recording.failures { printError(failure) }
        if !recording.failures.isEmpty { throw ExitCode.failure }
        for file in recording.files {
            let errors = file.report.errors
            for error in errors.prefix(Self.errorsShownPerFile) { printError(error.description) }
            if errors.count > Self.errorsShownPerFile {
                printError("\(file.path): \(errors.count - Self.errorsShownPerFile) more bad records not shown")
            }
            if !errors.isEmpty {
                printError("\(file.path): \(errors.count) bad record\(errors.count == 1 ? "" : "s") skipped, "
                           + "\(file.report.stored) loaded")
            }
        }
        return recording
    }

    static let errorsShownPerFile = 50
}
