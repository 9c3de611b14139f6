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
}
