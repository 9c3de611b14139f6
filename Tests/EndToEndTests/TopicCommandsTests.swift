import Foundation
import Testing
import YuqingTesting

/// `yuqing rescore` and `yuqing explain` on a data directory written beforehand.
struct TopicCommandsTests {
    private func record(id: String, title: String, at date: Date) -> String {
        let time = date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
        return #"{"fetched":"\#(time)","id":"\#(id)","score":0,"source":"bj","story":"\#(id)","summary":"","title":"\#(title)","topics":[],"v":1}"#
    }

    private func write(config: URL, data: URL, topics: String) throws {
        try """
            storage: { dir: \(data.path) }
            sources: [ { id: bj, url: "https://bj.example.cn/rss" } ]
            topics:
            \(topics)
            """.write(to: config, atomically: true, encoding: .utf8)
    }

    @Test func rescoreAppliesNewTopicsWithoutEditingSegments() async throws {
        let directory = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("data")
        let items = data.appendingPathComponent("items")
        try FileManager.default.createDirectory(at: items, withIntermediateDirectories: true)
        let now = Date()
        let day = now.formatted(.iso8601.year().month().day().timeZone(separator: .omitted))
        let segment = items.appendingPathComponent("\(day).0001.jsonl")
        let lines = [
            record(id: "a1", title: "北京某學校發生食物中毒", at: now),
            record(id: "a2", title: "上海幼儿园开学", at: now),
        ]
        try (lines.joined(separator: "\n") + "\n").write(to: segment, atomically: true, encoding: .utf8)
        let original = try Data(contentsOf: segment)
        let config = directory.appendingPathComponent("feeds.yml")
        try write(config: config, data: data, topics: """
              - name: 校园食品
                region: [北京, 上海]
                subject: [学校, 幼儿园]
                event: [食物中毒, 腹泻]
            """)

        let dry = try await Harness.runCLI(["rescore", "--config", config.path, "--dry-run"])
        #expect(dry.status == 0)
        #expect(dry.output.contains("将重新评分 2 条：1 条话题或分数有变化，1 条新命中，0 条不再命中，"))
        #expect(try await Harness.runCLI(["items", "--config", config.path, "--topic", "校园食品", "--json"]).output.isEmpty)

        let run = try await Harness.runCLI(["rescore", "--config", config.path])
        #expect(run.output.contains("已重新评分 2 条"))
        #expect(try Data(contentsOf: segment) == original, "the segment itself is never edited")
        let matched = try await Harness.runCLI(["items", "--config", config.path, "--topic", "校园食品", "--json"]).output
        #expect(matched.contains("\"id\":\"a1\""))
        #expect(!matched.contains("\"id\":\"a2\""))

        let explained = try await Harness.runCLI(["explain", "--config", config.path, "--item", "a1"], environment: ["NO_COLOR": "1"])
        #expect(explained.status == 0)
        #expect(explained.output.contains("标题：【北京】某【学校】发生【食物中毒】"))
        #expect(explained.output.contains("话题「校园食品」：命中，得分"))
        #expect(explained.output.contains("✓ 食物中毒（1 次）"))
        #expect(explained.output.contains("✗ 腹泻（0 次）"))

        // After the topics change again, a second rescore replaces the first.
        try write(config: config, data: data, topics: "  - { name: 开学, query: 'title:开学' }")
        _ = try await Harness.runCLI(["rescore", "--config", config.path])
        let reopened = try await Harness.runCLI(["items", "--config", config.path, "--topic", "开学", "--json"]).output
        #expect(reopened.contains("\"id\":\"a2\""))
        #expect(try await Harness.runCLI(["items", "--config", config.path, "--topic", "校园食品", "--json"]).output.isEmpty)
    }

    @Test func explainText() async throws {
        let directory = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("feeds.yml")
        try write(config: config, data: directory, topics: "  - { name: 人工智能, query: 'AI | 人工智能 -said' }")
        let said = try await Harness.runCLI(["explain", "--config", config.path, "--text", "He said so"], environment: ["NO_COLOR": "1"])
        #expect(said.output.contains("标题：he 【said】 so"), "ai does not match inside said; the NOT term does")
        #expect(said.output.contains("话题「人工智能」：未命中"))
        let chip = try await Harness.runCLI(["explain", "--config", config.path, "--text", "ＡＩ芯片"], environment: ["NO_COLOR": "1"])
        #expect(chip.output.contains("标题：【ai】芯片"))
        #expect(chip.output.contains("话题「人工智能」：命中，得分 63"))
        #expect(try await Harness.runCLI(["explain", "--config", config.path]).status != 0)
    }
}
