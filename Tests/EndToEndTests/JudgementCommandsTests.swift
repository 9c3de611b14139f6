import Foundation
import Testing
import YuqingTesting

/// The judgements on the command line: `rescore` judges records written before them,
/// `items` filters by them, `label` corrects them and `explain` shows why.
struct JudgementCommandsTests {
    @Test func rescoreItemsLabelAndExplain() async throws {
        let directory = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("data")
        let items = data.appendingPathComponent("items")
        try FileManager.default.createDirectory(at: items, withIntermediateDirectories: true)
        let now = Date()
        let day = now.formatted(.iso8601.year().month().day().timeZone(separator: .omitted))
        let time = now.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
        func record(_ id: String, _ title: String) -> String {
            #"{"fetched":"\#(time)","id":"\#(id)","score":0,"source":"hz","story":"\#(id)","summary":"","title":"\#(title)","topics":[],"v":2}"#
        }
        let lines = [record("a1", "杭州西湖区一学校发生食物中毒 12名学生送医"), record("a2", "宁波北仑区新建学校开学"), record("a3", "上海一工地发生坍塌")]
        try (lines.joined(separator: "\n") + "\n").write(to: items.appendingPathComponent("\(day).0001.jsonl"), atomically: true, encoding: .utf8)
        let config = directory.appendingPathComponent("feeds.yml")
        try """
            storage: { dir: \(data.path) }
            analysis: { home_region: 330100 }
            sources: [ { id: hz, url: "https://www.hangzhou.gov.cn/rss" } ]
            topics: [ { name: 校园, any: [学校] } ]
            """.write(to: config, atomically: true, encoding: .utf8)
        let path = config.path

        let rescored = try await Harness.runCLI(["rescore", "--config", path])
        #expect(rescored.output.contains("3 条倾向或地域有变化"), "\(rescored.output)")
        let negative = try await Harness.runCLI(["items", "--config", path, "--sentiment", "负面", "--json"]).output
        #expect(negative.contains("\"id\":\"a1\"") && negative.contains("\"id\":\"a3\"") && !negative.contains("\"id\":\"a2\""), "\(negative)")
        let local = try await Harness.runCLI(["items", "--config", path, "--region", "本市", "--json"]).output
        #expect(local.contains("\"id\":\"a1\"") && !local.contains("\"id\":\"a2\""), "\(local)")
        let table = try await Harness.runCLI(["items", "--config", path, "--region", "浙江", "--sentiment", "negative"], environment: ["NO_COLOR": "1"])
        #expect(table.output.contains("负面") && table.output.contains("西湖区"), "\(table.output)")

        let labelled = try await Harness.runCLI(["label", "--config", path, "a2", "negative"])
        #expect(labelled.status == 0)
        #expect(labelled.output.contains("已标注为负面（自动判断：中性）"), "\(labelled.output)")
        #expect(try await Harness.runCLI(["items", "--config", path, "--sentiment", "negative", "--json"]).output.contains("\"id\":\"a2\""))
        let list = try await Harness.runCLI(["label", "--config", path, "--list"]).output
        #expect(list.contains("\"sentiment\":\"negative\"") && list.contains("宁波北仑区新建学校开学"))
        #expect(try await Harness.runCLI(["label", "--config", path, "nope", "negative"]).status != 0)
        #expect(try await Harness.runCLI(["label", "--config", path, "a2", "很好"]).status != 0)
        _ = try await Harness.runCLI(["label", "--config", path, "a2", "--clear"])
        #expect(try await !Harness.runCLI(["items", "--config", path, "--sentiment", "negative", "--json"]).output.contains("\"id\":\"a2\""))

        let explained = try await Harness.runCLI(["explain", "--config", path, "--item", "a1"], environment: ["NO_COLOR": "1"])
        #expect(explained.output.contains("情感倾向：负面"), "\(explained.output)")
        #expect(explained.output.contains("食物中毒：负面/公共卫生，标题"))
        #expect(explained.output.contains("地域：浙江省杭州市西湖区（330106）"))
        #expect(explained.output.contains("标题：杭州西湖区一【学校】发生"), "only topic terms are marked in the text")
    }
}
