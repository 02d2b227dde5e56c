import ArgumentParser
import Foundation
import VigilAlerting
import VigilCore
import VigilReplay
import VigilRules
import VigilStorage

/// `vigil replay`: recorded metrics and logs through rule files in
/// simulated time, printing every alert state change and autolog session
/// as it happens (docs/replay.md).
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay recorded metrics and logs through rule files in simulated time.",
        discussion: """
            Samples and log lines become visible when simulated time reaches them; groups evaluate on \
            their intervals (aligned to k × interval); every alert state change and autolog session is \
            printed as it happens, then a summary. Data files are recognised by content: OpenMetrics, \
            Prometheus text or promtool dumps, series notation under `load <interval>` lines; logcli \
            jsonl, Loki JSON, or JSON lines. zstd-compressed files are decompressed. Bad records are \
            reported as file:line: reason and the rest loads. See docs/replay.md.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @OptionGroup var input: ReplayInputOptions

    @Option(help: "Send alerts to this Alertmanager (repeatable); replaces the configuration's Alertmanagers.")
    var alertmanager: [String] = []

    @Flag(name: .customLong("no-alertmanager"), help: "Send no alerts, whatever the configuration says.")
    var noAlertmanager = false

    @Option(help: "Start of the replay (RFC 3339, Unix seconds, or a duration from zero); default: the first sample.")
    var from: String?

    @Option(help: "End of the replay; default: the last sample plus the longest `for` plus 15m.")
    var to: String?

    @Option(help: "Simulated seconds per wall-clock second, or `max` to run as fast as possible.")
    var speed: String = "max"

    @Option(help: "Output format: text or json (one object per line).")
    var format: Format = .text

    @Flag(name: .customLong("show-refreshes"),
          help: "Text output: also print each evaluation that extends an autolog session.")
    var showRefreshes = false

    func validate() throws {
        if noAlertmanager && !alertmanager.isEmpty {
            throw ValidationError("--no-alertmanager and --alertmanager exclude each other.")
        }
        _ = try pace()
    }

    func pace() throws -> ReplayPace {
        if speed == "max" { return .asFastAsPossible }
        guard let value = Double(speed), value.isFinite, value > 0 else {
            throw ValidationError("--speed takes a positive number of simulated seconds per second, or max; got \(GoString.quote(speed))")
        }
        return .speed(value)
    }

    func run() throws {
        let settings = try input.loadConfig()
        let recording = try input.loadRecording()
        let pace = try pace()
        let delivery = try makeDelivery(settings, pace: pace)
        let start = try from.map(TimeArgument.instant)
        let end = try to.map(TimeArgument.instant)
        let replay: Replay
        do {
            replay = try Replay(
                rules: input.replayRules(settings),
                recording: recording, from: start, to: end, pace: pace, delivery: delivery)
        } catch {
            printError(error.description)
            throw ExitCode.failure
        }

        var output = ReplayOutput(format: format, plan: replay.plan, showRefreshes: showRefreshes)
        output.emit(output.header())
        let summary = replay.run { events in output.emit(output.lines(for: events)) }
        output.emit(output.summary(summary))
        if let delivery {
            let stats = Self.shutDown(delivery.notifier)
            output.emit(output.delivery(stats))
        }
    }

    private func makeDelivery(_ settings: VigilConfig, pace: ReplayPace) throws -> Replay.Delivery? {
        if noAlertmanager { return nil }
        let endpoints = alertmanager.isEmpty
            ? settings.alerting.alertmanagers.map(\.endpoint)
            : alertmanager.map { AlertmanagerEndpoint(url: $0) }
        guard !endpoints.isEmpty else { return nil }
        do {
            let notifier = try Notifier(
                alertmanagers: endpoints, options: NotifierOptions(externalLabels: settings.global.externalLabels))
            return Replay.Delivery(notifier: notifier, mapping: AlertTimeMapping(pace: pace),
                                   alertmanagers: endpoints.map(\.url))
        } catch {
            printError(error.description)
            throw ExitCode.failure
        }
    }

    /// Delivers what is still queued (waiting at most 10 s) and returns the counters.
    private static func shutDown(_ notifier: Notifier) -> [AlertmanagerStats] {
        let result = ShutdownResult()
        let done = DispatchSemaphore(value: 0)
        Task {
            result.set(await notifier.shutdown(flushTimeout: .seconds(10)))
            done.signal()
        }
        done.wait()
        return result.value
    }
}

/// Carries the notifier's final counters out of the shutdown task.
private final class ShutdownResult: @unchecked Sendable {
    private let lock = NSLock()
    private var stats: [AlertmanagerStats] = []
    func set(_ value: [AlertmanagerStats]) { lock.withLock { stats = value } }
    var value: [AlertmanagerStats] { lock.withLock { stats } }
}

/// Writes the replay in the chosen format, flushing after each instant so
/// a paced replay shows each change when it happens.
struct ReplayOutput {
    enum Formatter {
        case text(TextReplayFormatter)
        case json(JSONReplayFormatter)
    }

    var formatter: Formatter

    init(format: ReplayCommand.Format, plan: ReplayPlan, showRefreshes: Bool) {
        switch format {
        case .text: formatter = .text(TextReplayFormatter(plan: plan, showRefreshes: showRefreshes))
        case .json: formatter = .json(JSONReplayFormatter(plan: plan))
        }
    }

    func header() -> [String] {
        switch formatter {
        case .text(let text): return text.header()
        case .json(let json): return json.header()
        }
    }

    mutating func lines(for events: [ReplayEvent]) -> [String] {
        switch formatter {
        case .text(var text):
            let lines = text.lines(for: events)
            formatter = .text(text)
            return lines
        case .json(let json): return json.lines(for: events)
        }
    }

    func summary(_ summary: ReplaySummary) -> [String] {
        switch formatter {
        case .text(let text): return text.summary(summary)
        case .json(let json): return json.summary(summary)
        }
    }

    func delivery(_ stats: [AlertmanagerStats]) -> [String] {
        switch formatter {
        case .text(let text): return text.delivery(stats)
        case .json(let json): return json.delivery(stats)
        }
    }

    func emit(_ lines: [String]) {
        guard !lines.isEmpty else { return }
        FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }
}
