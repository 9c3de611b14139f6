import Foundation

/// Paths and processes the end-to-end tests share: the built `yuqing` binary, the
/// fixtures, the Python loopback servers.
enum Harness {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let fixtures = testsDirectory.appendingPathComponent("Fixtures")
    /// `Tests/Servers`: the Python loopback servers all test targets share.
    static let serversDirectory = testsDirectory.deletingLastPathComponent().appendingPathComponent("Servers")

    /// The `yuqing` binary built beside the test bundle (or `$YUQING_BIN`).
    static var binary: URL {
        if let override = ProcessInfo.processInfo.environment["YUQING_BIN"] { return URL(fileURLWithPath: override) }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return executable.deletingLastPathComponent().appendingPathComponent("yuqing")
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("yuqing-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs `yuqing` to completion and returns its exit status and standard output.
    static func runCLI(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Polls `condition` every 200 ms until it holds or `seconds` pass.
    static func waitUntil(seconds: Double, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return try await condition()
    }
}

/// A Python server script from `Tests/Servers/`, started on free loopback ports that it writes
/// to `ports.json` in its state directory; killed when the test ends.
final class PythonServer {
    let process = Process()
    let stateDirectory: URL
    let ports: [String: Int]

    init(script: String, directory: URL, arguments: [String] = []) async throws {
        stateDirectory = directory.appendingPathComponent("servers")
        try FileManager.default.createDirectory(at: stateDirectory, withIntermediateDirectories: true)
        let portFile = stateDirectory.appendingPathComponent("ports.json")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Harness.serversDirectory.appendingPathComponent(script).path, "--state-dir", stateDirectory.path] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var ports: [String: Int] = [:]
        _ = try await Harness.waitUntil(seconds: 20) {
            guard let data = try? Data(contentsOf: portFile), let decoded = try? JSONDecoder().decode([String: Int].self, from: data)
            else { return false }
            ports = decoded
            return true
        }
        guard !ports.isEmpty else {
            kill(process.processIdentifier, SIGKILL)
            throw CocoaError(.fileReadNoSuchFile)
        }
        self.ports = ports
    }

    func read<T: Decodable>(_ type: T.Type, from file: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(contentsOf: stateDirectory.appendingPathComponent(file)))
    }

    /// SIGKILL, because a child spawned from a test thread may inherit a mask that blocks SIGTERM.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// The feed server and webhook receiver of the pipeline test.
final class TestServers {
    let server: PythonServer

    init(directory: URL, failFirstWebhook: Bool) async throws {
        server = try await PythonServer(
            script: "test_servers.py", directory: directory,
            arguments: ["--fixtures", Harness.fixtures.path] + (failFirstWebhook ? ["--fail-first"] : []))
    }

    var feedsBase: String { "http://127.0.0.1:\(server.ports["feeds"] ?? 0)" }
    var webhookURL: String { "http://127.0.0.1:\(server.ports["webhook"] ?? 0)/hook" }

    struct FeedRequest: Decodable {
        var path: String
        var phase: Int
        var status: Int
        var if_none_match: String?
    }

    struct WebhookCall: Decodable {
        var accepted: Bool
        var key: String?
        var content_type: String?
        var body: String
    }

    func feedLog() async throws -> [FeedRequest] {
        try server.read([FeedRequest].self, from: "feed_log.json")
    }

    func webhookCalls() async throws -> [WebhookCall] {
        try server.read([WebhookCall].self, from: "webhook_calls.json")
    }

    /// From now on the feed server serves the second versions.
    func startPhaseTwo() async throws {
        try Data().write(to: server.stateDirectory.appendingPathComponent("phase2"))
    }

    func stop() {
        server.stop()
    }
}

/// A running `yuqing run` daemon.
final class Daemon {
    let process = Process()
    let log: URL

    /// Resident memory in KiB, from /proc.
    var residentKiB: Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8) else { return nil }
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
        return line.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") }
    }

    init(config: URL, environment: [String: String], log: URL) throws {
        self.log = log
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.executableURL = Harness.binary
        process.arguments = ["run", "--config", config.path, "--log-level", "debug"]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardError = try FileHandle(forWritingTo: log)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
    }

    /// Sends SIGTERM and waits (at most 30 s) for the exit status.
    func terminate() async throws -> Int32 {
        kill(process.processIdentifier, SIGTERM)
        _ = try await Harness.waitUntil(seconds: 30) { !process.isRunning }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            return -1
        }
        return process.terminationStatus
    }

    var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }
}
