import Foundation
import YuqingTesting

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

    /// Every thread's stack (gdb's backtraces), for a test to show where a daemon that
    /// stopped logging is waiting; a note instead when gdb is not installed or cannot attach.
    func stacks() async -> String {
        let gdb = URL(fileURLWithPath: "/usr/bin/gdb")
        guard FileManager.default.isExecutableFile(atPath: gdb.path) else { return "(no gdb: no stacks)" }
        let arguments = ["-p", String(process.processIdentifier), "-batch", "-nx", "-ex", "thread apply all bt 40"]
        guard let result = try? await ChildProcess.run(gdb, arguments, mergeErrors: true, timeout: 60) else { return "(gdb did not answer)" }
        let lines = String(decoding: result.stdout, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        return lines.filter { $0.hasPrefix("#") || $0.hasPrefix("Thread") }.joined(separator: "\n")
    }
}
