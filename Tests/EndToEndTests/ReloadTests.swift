import Foundation
import Testing
import YuqingTesting

/// SIGHUP re-reads feeds.yml: a valid file changes sources without losing state; an
/// invalid one is logged and the running configuration stays.
struct ReloadTests {
    @Test func sighupReloadsAValidConfigurationAndKeepsTheOldOneOnErrors() async throws {
        let directory = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let servers = try await TestServers(directory: directory, failFirstWebhook: false)
        defer { servers.stop() }
        let config = directory.appendingPathComponent("feeds.yml")
        func write(sources: [String], extra: String = "") throws {
            try """
                storage: { dir: \(directory.appendingPathComponent("data").path) }
                defaults: { interval: 1s }
                network: { allow_private_networks: true }
                sources:
                \(sources.map { "  - { id: \($0.replacingOccurrences(of: ".xml", with: "")), url: \"\(servers.feedsBase)/\($0)\" }" }.joined(separator: "\n"))
                \(extra)
                """.write(to: config, atomically: true, encoding: .utf8)
        }
        try write(sources: ["utf8.xml"])
        let daemon = try Daemon(config: config, environment: [:], log: directory.appendingPathComponent("run.log"))
        #expect(try await Harness.waitUntil(seconds: 20) { try await servers.feedLog().contains { $0.path == "/utf8.xml" } })
        #expect(try await servers.feedLog().allSatisfy { $0.path != "/atom.xml" })

        // A broken file: logged, the daemon keeps running on the old configuration.
        try write(sources: ["utf8.xml", "atom.xml"], extra: "bogus_key: 1")
        kill(daemon.process.processIdentifier, SIGHUP)
        #expect(try await Harness.waitUntil(seconds: 10) { daemon.logText.contains("configuration not reloaded") }, "\(daemon.logText)")
        #expect(daemon.logText.contains("unknown key \\\"bogus_key\\\"") || daemon.logText.contains("bogus_key"))
        let before = try await servers.feedLog().count
        #expect(try await Harness.waitUntil(seconds: 10) { try await servers.feedLog().count > before + 1 }, "still polling")
        #expect(try await servers.feedLog().allSatisfy { $0.path != "/atom.xml" })

        // A valid file: the new source is polled, the old one goes on with its validators.
        try write(sources: ["utf8.xml", "atom.xml"])
        kill(daemon.process.processIdentifier, SIGHUP)
        #expect(try await Harness.waitUntil(seconds: 20) { try await servers.feedLog().contains { $0.path == "/atom.xml" } }, "\(daemon.logText)")
        #expect(daemon.logText.contains("configuration reloaded"))
        // Requests after the reload still carry the validators (one in 25 is sent without
        // them on purpose, so look at all of them, not only the last).
        let validated = try await Harness.waitUntil(seconds: 20) {
            try await servers.feedLog().drop { $0.path != "/atom.xml" }.contains { $0.path == "/utf8.xml" && $0.if_none_match != nil }
        }
        #expect(validated, "validators survive the reload")
        #expect(daemon.process.isRunning)
        #expect(try await daemon.terminate() == 0)
    }
}
