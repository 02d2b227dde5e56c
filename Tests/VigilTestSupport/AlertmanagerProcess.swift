// Shared by the test targets that run a real Alertmanager (VigilAlerting, VigilRules, VigilReplay).
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// A real Alertmanager (Debian's `prometheus-alertmanager`) on 127.0.0.1,
/// with its own free port, config file and storage directory, clustering off.
///
/// It runs under a small `sh` watchdog that holds the read end of a pipe
/// whose write end only this process has: when the test closes it, exits or
/// crashes, the watchdog kills Alertmanager. So no Alertmanager outlives the
/// test run, whatever happens to it. The kill is SIGKILL: a graceful
/// Alertmanager shutdown takes seconds, and a crash is the harder outage.
/// The watchdog does not `wait` for Alertmanager: it inherits the test
/// process's blocked SIGCHLD and would never wake; ``stop()`` watches the
/// process table instead.
public final class AlertmanagerProcess: @unchecked Sendable {
    public static let binary = ProcessInfo.processInfo.environment["VIGIL_ALERTMANAGER"] ?? "/usr/bin/prometheus-alertmanager"
    public static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: binary) }
    public static let missingMessage = "Alertmanager not found at \(binary): install prometheus-alertmanager (scripts/ensure-system-packages.sh) or set VIGIL_ALERTMANAGER"

    private static let watchdog = """
        "$@" >>"$AM_LOG" 2>&1 &
        pid=$!
        echo "$pid" >"$AM_PIDFILE"
        while read -r _; do :; done
        kill -KILL "$pid" 2>/dev/null
        """

    public let port: Int
    public let directory: URL
    private let lock = NSLock()
    private var process: Process?
    private var lifeline: Pipe?

    public var baseURL: String { "http://127.0.0.1:\(port)" }
    public var logPath: String { directory.appendingPathComponent("alertmanager.log").path }

    /// Prepares a directory and picks a free port; does not start anything.
    public init() throws {
        port = try TestSockets.freePort()
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("vigil-am-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let config = """
            route:
              receiver: blackhole
            receivers:
              - name: blackhole
            """
        try config.write(to: directory.appendingPathComponent("alertmanager.yml"), atomically: true, encoding: .utf8)
    }

    /// Starts Alertmanager and waits until `/-/ready` answers.
    public static func started() async throws -> AlertmanagerProcess {
        let alertmanager = try AlertmanagerProcess()
        try await alertmanager.start()
        return alertmanager
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    public func start() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [
            "-c", Self.watchdog, "sh", Self.binary,
            "--config.file=" + directory.appendingPathComponent("alertmanager.yml").path,
            "--storage.path=" + directory.appendingPathComponent("data").path,
            "--web.listen-address=127.0.0.1:\(port)",
            "--cluster.listen-address=",
            "--log.level=debug",
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["AM_LOG"] = logPath
        environment["AM_PIDFILE"] = pidFile
        process.environment = environment
        let lifeline = Pipe()
        process.standardInput = lifeline
        try process.run()
        lock.withLock {
            self.process = process
            self.lifeline = lifeline
        }
        try await waitUntilReady(process)
    }

    /// Stops Alertmanager and waits for it to exit. Safe to call twice.
    public func stop() {
        let (process, lifeline) = lock.withLock { () -> (Process?, Pipe?) in
            defer { self.process = nil; self.lifeline = nil }
            return (self.process, self.lifeline)
        }
        guard let process else { return }
        let alertmanagerPID = (try? String(contentsOfFile: pidFile, encoding: .utf8))
            .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        try? lifeline?.fileHandleForWriting.close()
        let giveUp = Date().addingTimeInterval(10)
        while process.isRunning || alertmanagerPID.map(Self.isAlive) == true, Date() < giveUp { usleep(5_000) }
        if let alertmanagerPID, Self.isAlive(alertmanagerPID) { kill(alertmanagerPID, SIGKILL) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    private var pidFile: String { directory.appendingPathComponent("alertmanager.pid").path }

    /// Running, as opposed to gone or a zombie (a killed process whose
    /// sockets are already closed).
    private static func isAlive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first != "Z"
    }

    private func waitUntilReady(_ process: Process) async throws {
        let url = URL(string: baseURL + "/-/ready")!
        let giveUp = Date().addingTimeInterval(20)
        while Date() < giveUp {
            guard process.isRunning else {
                throw HarnessError("Alertmanager exited during start-up; log:\n" + logTail())
            }
            if let (_, response) = try? await URLSession.shared.data(from: url),
               (response as? HTTPURLResponse)?.statusCode == 200 {
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw HarnessError("Alertmanager not ready after 20 s; log:\n" + logTail())
    }

    public func logTail() -> String {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "(no log)"
        return String(text.suffix(4000))
    }

    // MARK: Reading Alertmanager's state

    /// `GET /api/v2/alerts`, decoded.
    public func alerts() async throws -> [GettableAlert] {
        let (data, response) = try await URLSession.shared.data(from: URL(string: baseURL + "/api/v2/alerts")!)
        guard (response as? HTTPURLResponse)?.statusCode == 200 else {
            throw HarnessError("GET /api/v2/alerts failed: \(String(decoding: data, as: UTF8.self))")
        }
        return try JSONDecoder().decode([GettableAlert].self, from: data)
    }

    /// One sample of Alertmanager's own `/metrics`, by its exact series text,
    /// e.g. `alertmanager_alerts_received_total{status="firing",version="v2"}`.
    public func metric(_ series: String) async throws -> Double? {
        let (data, _) = try await URLSession.shared.data(from: URL(string: baseURL + "/metrics")!)
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    public func receivedFiring() async throws -> Double? {
        try await metric(#"alertmanager_alerts_received_total{status="firing",version="v2"}"#)
    }

    public func receivedResolved() async throws -> Double? {
        try await metric(#"alertmanager_alerts_received_total{status="resolved",version="v2"}"#)
    }
}

/// The fields of Alertmanager's `gettableAlert` the tests look at.
public struct GettableAlert: Decodable, Sendable {
    public struct Status: Decodable, Sendable { public var state: String }
    public var labels: [String: String]
    public var annotations: [String: String]
    public var startsAt: String
    public var endsAt: String
    public var generatorURL: String?
    public var status: Status
}

public struct HarnessError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Polls `condition` every 20 ms until it holds or `limit` passes.
public func eventually(
    within limit: Duration = .seconds(15), _ what: String, _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now.advanced(by: limit)
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    throw HarnessError("gave up waiting for: \(what)")
}
