import Foundation
import Testing
import YuqingTesting

/// The Prometheus endpoint of the real daemon, scraped and parsed by Python's
/// prometheus_client (a real text-format parser), with series moving as items arrive.
struct MetricsTests {
    struct Scrape: Decodable {
        var status: Int?
        var content_type: String?
        var samples: [Sample]?
        var error: String?
        var body: String?

        struct Sample: Decodable {
            var name: String
            var labels: [String: String]
            var value: Double

            init(from decoder: any Decoder) throws {
                var container = try decoder.unkeyedContainer()
                name = try container.decode(String.self)
                labels = try container.decode([String: String].self)
                value = try container.decode(Double.self)
            }
        }

        func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
            samples?.first { sample in sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value } }?.value
        }
    }

    /// A port that was free a moment ago.
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func scrape(_ url: String, raw: Bool = false) async throws -> Scrape {
        let script = Harness.serversDirectory.appendingPathComponent("scrape_metrics.py").path
        let result = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), [Harness.python, script, url] + (raw ? ["raw"] : []), timeout: 60)
        return try JSONDecoder().decode(Scrape.self, from: result.stdout)
    }

    @Test func scrapedSeriesMoveAsItemsArrive() async throws {
        let directory = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let servers = try await TestServers(directory: directory, failFirstWebhook: false)
        defer { servers.stop() }
        let port = Self.freePort()
        let configFile = directory.appendingPathComponent("feeds.yml")
        let config = PipelineEndToEndTests.config(servers: servers, data: directory.appendingPathComponent("data"))
            + "\nmetrics: { listen: \"127.0.0.1:\(port)\" }\n"
        try config.write(to: configFile, atomically: true, encoding: .utf8)
        let daemon = try Daemon(config: configFile, environment: ["YUQING_TEST_WEBHOOK": servers.webhookURL], log: directory.appendingPathComponent("run.log"))
        defer { _ = kill(daemon.process.processIdentifier, SIGKILL) }
        let base = "http://127.0.0.1:\(port)"

        var first = Scrape()
        let stored = try await Harness.waitUntil(seconds: 30) {
            first = (try? await Self.scrape(base + "/metrics")) ?? Scrape()
            // Every source's first fetch done: two connections per host, so the third waits.
            return (first.value("yuqing_items_stored_total", ["source": "utf8-news"]) ?? 0) > 0
                && (first.value("yuqing_fetch_duration_seconds_count", ["source": "atom-tech"]) ?? 0) > 0
        }
        #expect(stored, "\(first.error ?? "")")
        #expect(first.status == 200)
        #expect(first.content_type?.hasPrefix("text/plain; version=0.0.4") == true)
        #expect(first.value("yuqing_fetches_total", ["source": "gb-weather", "outcome": "ok"]) ?? 0 >= 1)
        #expect(first.value("yuqing_fetch_duration_seconds_count", ["source": "atom-tech"]) ?? 0 >= 1)
        #expect(first.value("yuqing_items_parsed_total", ["source": "utf8-news"]) ?? 0 >= 1)
        #expect(first.value("yuqing_topic_matches_total", ["topic": "食品安全"]) ?? 0 >= 1)
        #expect(first.value("yuqing_storage_segments") ?? 0 >= 1)
        #expect(first.value("yuqing_storage_bytes") ?? 0 > 0)
        #expect(first.value("yuqing_outbox_depth") != nil)
        let firstStored = first.value("yuqing_items_stored_total", ["source": "utf8-news"]) ?? 0

        // New items arrive: the counters move.
        try await servers.startPhaseTwo()
        var second = Scrape()
        let moved = try await Harness.waitUntil(seconds: 30) {
            second = (try? await Self.scrape(base + "/metrics")) ?? Scrape()
            return (second.value("yuqing_items_stored_total", ["source": "utf8-news"]) ?? 0) > firstStored
                && (second.value("yuqing_alerts_total", ["outcome": "sent"]) ?? 0) > 0
                && (second.value("yuqing_fetches_total", ["source": "gb-weather", "outcome": "not_modified"]) ?? 0) >= 1
        }
        #expect(moved)
        #expect(second.value("yuqing_fetches_total", ["source": "gb-weather", "outcome": "not_modified"]) ?? 0 >= 1)

        let health = try await Self.scrape(base + "/healthz", raw: true)
        #expect(health.status == 200)
        #expect(health.body?.hasPrefix("ok ") == true, "healthz answers while the pipeline runs")
        let status = try await daemon.terminate()
        #expect(status == 0)
    }
}
