import Foundation
import Testing
import YuqingTesting

/// The walking skeleton, end to end: the real binary against real loopback servers.
@Suite(.serialized)
struct PipelineEndToEndTests {
    struct Record: Decodable {
        struct Hit: Decodable {
            var topic: String
            var score: Int
        }
        var id: String
        var source: String
        var story: String
        var title: String
        var score: Int
        var topics: [Hit]
    }

    static func config(servers: TestServers, data: URL) -> String {
        """
        storage:
          dir: \(data.path)
        defaults:
          interval: 2s
          timeout: 10s
        network:
          allow_private_networks: true
        sources:
          - { id: utf8-news, name: 测试日报, url: "\(servers.feedsBase)/utf8.xml" }
          - { id: gb-weather, name: 地方气象台, url: "\(servers.feedsBase)/gb2312.xml" }
          - { id: atom-tech, name: 科技观察, url: "\(servers.feedsBase)/atom.xml" }
        topics:
          - name: 食品安全
            any: [食品安全, 食物中毒, 过期食品]
            none: [演练]
          - name: 汛情
            any: [暴雨, 洪水, 内涝]
          - name: 人工智能
            any: [AI, 人工智能]
        alerts:
          channels:
            duty-hook: { type: webhook, url_env: YUQING_TEST_WEBHOOK }
          rules:
            - { name: 高相关条目, kind: item, min_score: 60, send: [duty-hook], group_wait: 0s, group_interval: 0s }
        """
    }

    /// Notifications waiting in the daemon's outbox (0 when there is no outbox yet).
    static func pendingAlerts(_ data: URL) throws -> Int {
        guard let bytes = FileManager.default.contents(atPath: data.appendingPathComponent("state/outbox.json").path) else { return 0 }
        return (try JSONSerialization.jsonObject(with: bytes) as? [Any])?.count ?? 0
    }

    static func storedRecords(_ data: URL) throws -> [Record] {
        let items = data.appendingPathComponent("items")
        let files = try FileManager.default.contentsOfDirectory(atPath: items.path).filter { $0.hasSuffix(".jsonl") }
        var records: [Record] = []
        for file in files {
            let text = try String(contentsOf: items.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") {
                records.append(try JSONDecoder().decode(Record.self, from: Data(line.utf8)))
            }
        }
        return records
    }

    @Test func fetchScoreStoreAlertQueryAndRestart() async throws {
        let directory = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let servers = try await TestServers(directory: directory, failFirstWebhook: true)
        defer { servers.stop() }
        let data = directory.appendingPathComponent("data")
        let configFile = directory.appendingPathComponent("feeds.yml")
        try Self.config(servers: servers, data: data).write(to: configFile, atomically: true, encoding: .utf8)
        let environment = ["YUQING_TEST_WEBHOOK": servers.webhookURL]

        #expect(try await Harness.runCLI(["check", "--config", configFile.path]).status == 0)

        // Cycle 1: every feed fetched once.
        let daemon = try Daemon(config: configFile, environment: environment, log: directory.appendingPathComponent("run1.log"))
        let paths = ["/utf8.xml", "/gb2312.xml", "/atom.xml"]
        let firstRound = try await Harness.waitUntil(seconds: 30) {
            let log = try await servers.feedLog()
            return paths.allSatisfy { path in log.contains { $0.path == path } }
        }
        #expect(firstRound, "every feed fetched in cycle 1\n\(daemon.logText)")

        // Cycle 2: utf8 gains two items, gb2312 answers 304, atom repeats itself.
        try await servers.startPhaseTwo()
        let secondRound = try await Harness.waitUntil(seconds: 30) {
            let log = try await servers.feedLog()
            return paths.allSatisfy { path in log.contains { $0.path == path && $0.phase == 2 } }
        }
        #expect(secondRound, "every feed fetched in cycle 2\n\(daemon.logText)")

        // Seven items reach min_score 60; the first delivery fails with HTTP 500 and is retried.
        let delivered = try await Harness.waitUntil(seconds: 40) {
            try await servers.webhookCalls().filter(\.accepted).count >= 7
        }
        #expect(delivered, "seven alerts delivered\n\(daemon.logText)")
        // Nothing left to send: no duplicate can follow.
        #expect(try await Harness.waitUntil(seconds: 30) { try Self.pendingAlerts(data) == 0 }, "the outbox drained")
        #expect(try await daemon.terminate() == 0, "SIGTERM gives exit 0\n\(daemon.logText)")

        let log = try await servers.feedLog()
        // One request in 25 goes without validators on purpose (a periodic full refresh), so
        // the first phase-two request may be that one; the next carries the ETag.
        let phaseTwo = log.filter { $0.path == "/gb2312.xml" && $0.phase == 2 }
        let conditional = phaseTwo.first { $0.if_none_match != nil }
        #expect(phaseTwo.prefix { $0.if_none_match == nil }.count <= 1, "at most the periodic refresh goes without validators")
        #expect(conditional?.if_none_match == "\"gb2312.xml-1\"")
        #expect(conditional?.status == 304)

        let records = try Self.storedRecords(data)
        #expect(records.count == 10, "3 + 3 utf8, 2 gb2312, 2 atom items, each stored once")
        #expect(Set(records.map(\.id)).count == records.count)
        let titles = Set(records.map(\.title))
        #expect(titles.contains("暴雨预警：今夜有大暴雨，请注意防范"))
        #expect(titles.contains("教育部发布新学期工作通知"))
        #expect(titles.contains("Researchers said new AI chips ship next year"))
        let storm = try #require(records.first { $0.title.hasPrefix("暴雨预警") })
        #expect(storm.source == "gb-weather")
        #expect(storm.topics.first?.topic == "汛情")
        #expect(storm.score >= 60)
        let drill = try #require(records.first { $0.title.contains("演练") })
        #expect(drill.topics.isEmpty, "none-of excludes the drill")
        let chips = try #require(records.first { $0.title.hasPrefix("Researchers") })
        #expect(chips.topics.map(\.topic) == ["人工智能"], "AI matches as a word, \"said\" does not")

        let calls = try await servers.webhookCalls()
        let accepted = calls.filter(\.accepted)
        #expect(accepted.count == 7)
        #expect(Set(accepted.compactMap(\.key)).count == 7, "no duplicate deliveries")
        #expect(calls.count == 8, "one failed attempt, retried")
        let failed = try #require(calls.first { !$0.accepted })
        #expect(accepted.contains { $0.key == failed.key }, "the failed call was retried with the same key")
        #expect(accepted.allSatisfy { $0.content_type?.hasPrefix("application/json") ?? false })
        #expect(accepted.contains { $0.body.contains("暴雨预警：今夜有大暴雨") })

        // Queries over the stored files.
        let items = try await Harness.runCLI(["items", "--config", configFile.path, "--json", "--since", "30d"])
        #expect(items.status == 0)
        #expect(items.output.split(separator: "\n").count == 10)

        // The repost of the storm warning on another site joins its story.
        let repost = try #require(records.first { $0.title.hasPrefix("【转载】") })
        #expect(repost.story == storm.story, "near-duplicate across sources")
        #expect(Set(records.map(\.story)).count == 9)
        let stories = try await Harness.runCLI(["stories", "--config", configFile.path, "--json", "--since", "30d"])
        let top = try #require(stories.output.split(separator: "\n").first)
        #expect(top.contains("\"sources\":[\"gb-weather\",\"utf8-news\"]"), "\(top)")
        #expect(top.contains("\"first_source\":\"gb-weather\""))
        let flood = try await Harness.runCLI(["items", "--config", configFile.path, "--topic", "汛情", "--since", "30d"])
        #expect(flood.output.contains("暴雨预警"))
        #expect(flood.output.contains("城区内涝"))
        #expect(!flood.output.contains("人工智能监管"))
        let contains = try await Harness.runCLI(["items", "--config", configFile.path, "--contains", "ＡＩ", "--since", "30d", "--csv"])
        let csvLines = contains.output.split(separator: "\n")
        #expect(csvLines.first == "time,source,score,topics,title,url,id,story,sentiment,regions,tier")
        #expect(csvLines.count == 2, "only the AI item, matched on normalised text: \(contains.output)")
        #expect(csvLines.last?.contains("Researchers said new AI chips ship next year") == true)
        let limited = try await Harness.runCLI(["items", "--config", configFile.path, "--json", "--since", "30d", "--limit", "2"])
        #expect(limited.output.split(separator: "\n").count == 2)
        // Trends count by publication time; the fixtures were published on 2026-11-26.
        let days = Int(Date().timeIntervalSince(Date(timeIntervalSince1970: 1_795_564_800)) / 86400) + 2  // since 2026-11-25
        let trends = try await Harness.runCLI(["trends", "--config", configFile.path, "--json", "--since", "\(days)d", "--bucket", "1d"])
        #expect(trends.status == 0)
        #expect(trends.output.contains("\"topic\":\"汛情\""))
        let floodTrend = try #require(trends.output.split(separator: "\n").first { $0.contains("\"topic\":\"汛情\"") })
        #expect(floodTrend.contains("\"items\":3"), "\(floodTrend)")
        #expect(floodTrend.contains("\"stories\":2"), "the cross-source repost is one story")
        #expect(floodTrend.contains("\"window\":\"\(days)d\""))
        let hour = try await Harness.runCLI(["trends", "--config", configFile.path, "--json", "--since", "1h"])
        #expect(hour.output.contains("\"window\":\"1h\""))
        let table = try await Harness.runCLI(["trends", "--config", configFile.path])
        #expect(table.output.contains("食品安全"))

        // A second start on the same data stores and alerts nothing new.
        let before = try await servers.feedLog().count
        let again = try Daemon(config: configFile, environment: environment, log: directory.appendingPathComponent("run2.log"))
        let refetched = try await Harness.waitUntil(seconds: 30) {
            let log = try await servers.feedLog()
            return paths.allSatisfy { path in log.dropFirst(before).contains { $0.path == path } }
        }
        #expect(refetched, "second run fetched every feed\n\(again.logText)")
        // Every fetch of the second run processed (stored nothing new), nothing queued.
        let processed = try await Harness.waitUntil(seconds: 30) {
            let log = again.logText
            let polls = log.components(separatedBy: "INFO fetched").count + log.components(separatedBy: "DEBUG not modified").count - 2
            return try polls >= paths.count && Self.pendingAlerts(data) == 0
        }
        #expect(processed, "\(again.logText)")
        #expect(try await again.terminate() == 0)
        #expect(try Self.storedRecords(data).count == 10)
        #expect(try await servers.webhookCalls().count == 8)
    }

    @Test func invalidConfigStopsRunWithCheckMessages() async throws {
        let directory = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("bad.yml")
        try """
        sources:
          - { id: a, url: "https://example.cn/rss.xml" }
          - { id: b, url: "ftp://example.cn/rss.xml", intervall: 5m }
        """.write(to: file, atomically: true, encoding: .utf8)
        let refused = try await ChildProcess.run(Harness.binary, ["run", "--config", file.path], timeout: 60)
        let message = String(decoding: refused.stderr, as: UTF8.self)
        #expect(refused.status == 2)
        #expect(message.contains("sources[1].url: unsupported scheme \"ftp\""))
        #expect(message.contains("unknown key \"intervall\" (did you mean \"interval\"?)"))
        #expect(message.contains("bad.yml:3:"))
    }
}
