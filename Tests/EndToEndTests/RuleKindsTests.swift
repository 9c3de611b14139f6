import Foundation
import Testing
import YuqingTesting

/// `spread` and `source` rules in the running daemon, against the loopback receivers.
struct RuleKindsTests {
    struct Call: Decodable {
        var path: String
        var status: Int
        var payload: Payload?

        struct Payload: Decodable {
            var title: String?
            var fields: [String: String]?
        }
    }

    @Test func spreadAndSourceAlerts() async throws {
        let directory = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await PythonServer(script: "alert_receivers.py", directory: directory)
        defer { server.stop() }
        try Data().write(to: server.stateDirectory.appendingPathComponent("feeddown"))
        let http = "http://127.0.0.1:\(server.ports["http"] ?? 0)"
        let file = directory.appendingPathComponent("feeds.yml")
        try """
            storage: { dir: \(directory.appendingPathComponent("data").path) }
            network: { allow_private_networks: true }
            defaults: { interval: 1h }
            sources:
              - { id: site-a, url: "\(http)/feed.xml?site=a" }
              - { id: site-b, url: "\(http)/feed.xml?site=b" }
              - { id: site-c, url: "\(http)/feed.xml?site=c" }
              - { id: gov, name: 某政务网, url: "\(http)/flaky-feed", interval: 1s }
            topics:
              - { name: 食品安全, query: 食品安全 }
            alerts:
              channels:
                hook: { type: webhook, url: "\(http)/flaky" }
              rules:
                - { name: 扩散, kind: spread, min_sources: 3, within: 1h, send: [hook] }
                - { name: 源故障, kind: source, failing_for: 2s, sources: [gov], send: [hook] }
            """.write(to: file, atomically: true, encoding: .utf8)
        let daemon = try Daemon(config: file, environment: [:], log: directory.appendingPathComponent("run.log"))
        defer { _ = kill(daemon.process.processIdentifier, SIGKILL) }

        func calls() -> [Call] { (try? server.read([Call].self, from: "calls.json")) ?? [] }
        let failing = try await Harness.waitUntil(seconds: 30) {
            calls().contains { $0.payload?.fields?["kind"] == "source_failing" }
        }
        #expect(failing, "a source failing for longer than failing_for is announced")
        try FileManager.default.removeItem(at: server.stateDirectory.appendingPathComponent("feeddown"))
        let recovered = try await Harness.waitUntil(seconds: 30) {
            calls().contains { $0.payload?.fields?["kind"] == "source_recovered" }
        }
        #expect(recovered)
        let all = calls()
        #expect(all.filter { $0.payload?.fields?["kind"] == "source_failing" }.count == 1, "announced once per failure")
        #expect(all.first { $0.payload?.fields?["kind"] == "source_recovered" }?.payload?.title == "【源故障】信息源已恢复：某政务网")

        // Every story is carried by site-a, site-b, site-c (and gov once it recovered): each
        // spread alert fires once per story.
        let spreads = all.filter { $0.payload?.fields?["kind"] == "spread" }
        #expect(spreads.count == 3, "three stories, each announced once: \(spreads.count)")
        #expect(Set(spreads.compactMap { $0.payload?.fields?["story"] }).count == 3)
        #expect(spreads.allSatisfy { $0.payload?.title?.hasPrefix("【扩散】扩散 3 个来源：") == true })
        let status = try await daemon.terminate()
        #expect(status == 0)
    }
}
