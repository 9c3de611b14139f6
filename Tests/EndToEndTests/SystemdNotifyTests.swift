import Foundation
import Testing
import YuqingTesting

/// The daemon speaks sd_notify: READY=1 once running, WATCHDOG=1 with a STATUS= line at
/// half of WATCHDOG_USEC, STOPPING=1 on SIGTERM.
struct SystemdNotifyTests {
    @Test func readyWatchdogAndStopping() async throws {
        let directory = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let receiver = try await PythonServer(script: "notify_receiver.py", directory: directory)
        defer { receiver.stop() }
        let config = directory.appendingPathComponent("feeds.yml")
        try """
            storage: { dir: \(directory.appendingPathComponent("data").path) }
            network: { allow_private_networks: true }
            sources: [ { id: nowhere, url: "http://127.0.0.1:9/feed.xml", interval: 1h } ]
            """.write(to: config, atomically: true, encoding: .utf8)
        let socket = receiver.stateDirectory.appendingPathComponent("notify.sock").path
        let daemon = try Daemon(
            config: config, environment: ["NOTIFY_SOCKET": socket, "WATCHDOG_USEC": "1000000"],
            log: directory.appendingPathComponent("run.log"))
        let pinged = try await Harness.waitUntil(seconds: 15) {
            try receiver.read([String].self, from: "notifications.json").filter { $0.contains("WATCHDOG=1") }.count >= 3
        }
        #expect(pinged, "watchdog pings every 0.5 s\n\(daemon.logText)")
        #expect(try await daemon.terminate() == 0)
        _ = try await Harness.waitUntil(seconds: 5) {
            try receiver.read([String].self, from: "notifications.json").contains { $0.contains("STOPPING=1") }
        }
        let messages = try receiver.read([String].self, from: "notifications.json")
        #expect(messages.first?.hasPrefix("READY=1") == true, "\(messages)")
        #expect(messages.contains { $0.contains("WATCHDOG=1\nSTATUS=监测中") })
        #expect(messages.contains { $0.contains("1 failing sources") }, "the status counts the failing source")
        #expect(messages.last?.hasPrefix("STOPPING=1") == true)
    }

    /// A manager that never reads its socket: pings are dropped, never waited on, and
    /// SIGTERM still ends the daemon within 5 s.
    @Test func anUnreadNotifySocketDoesNotHoldUpShutdown() async throws {
        let scratch = try TemporaryDirectory("notify-stuck")
        let receiver = try await PythonServer(script: "notify_receiver.py", directory: scratch.url, arguments: ["--never-read"])
        defer { receiver.stop() }
        let config = scratch.file("feeds.yml")
        try """
            storage: { dir: \(scratch.file("data").path) }
            network: { allow_private_networks: true }
            sources: [ { id: nowhere, url: "http://127.0.0.1:9/feed.xml", interval: 1h } ]
            """.write(to: config, atomically: true, encoding: .utf8)
        let socket = receiver.stateDirectory.appendingPathComponent("notify.sock").path
        // A ping every 5 ms fills the socket's queue within a second.
        let daemon = try Daemon(
            config: config, environment: ["NOTIFY_SOCKET": socket, "WATCHDOG_USEC": "10000"], log: scratch.file("run.log"))
        let running = try await Harness.waitUntil(seconds: 15) { daemon.logText.contains("monitoring") }
        #expect(running, "\(daemon.logText)")
        let full = try await Harness.waitUntil(seconds: 15) { daemon.logText.contains("watchdog ping dropped") }
        #expect(full, "the socket's queue filled up and pings were dropped\n\(daemon.logText.suffix(2000))")
        let stopping = ContinuousClock.now
        kill(daemon.process.processIdentifier, SIGTERM)
        let exited = try await Harness.waitUntil(seconds: 5) { !daemon.process.isRunning }
        let took = ContinuousClock.now - stopping
        if !exited { kill(daemon.process.processIdentifier, SIGKILL) }
        #expect(exited, "SIGTERM ended the daemon in \(took)\n\(daemon.logText.suffix(2000))")
        #expect(!exited || daemon.process.terminationStatus == 0)
    }
}
