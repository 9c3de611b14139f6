import Foundation
import Testing
import YuqingTesting

/// `yuqing hot` renders the rank history as lists with movement, in a table and as JSON.
struct HotCommandTests {
    @Test func listsWithMovement() async throws {
        let scratch = try TemporaryDirectory("hot-cli")
        try FileManager.default.createDirectory(at: scratch.file("data/hot"), withIntermediateDirectories: true)
        let now = Date()
        let day = now.formatted(Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day())
        func stamp(_ date: Date) -> String { date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt)) }
        let lines = [
            #"{"entries":[{"id":"a","rank":1,"title":"明星八卦","hot":3000000},{"id":"b","rank":2,"title":"多地暴雨 学校停课","hot":1200000}],"source":"weibo","time":"\#(stamp(now.addingTimeInterval(-120)))"}"#,
            #"{"entries":[{"id":"b","rank":1,"title":"多地暴雨 学校停课","hot":500000000},{"id":"a","rank":2,"title":"明星八卦"},{"id":"c","rank":3,"title":"新上榜"}],"source":"weibo","time":"\#(stamp(now.addingTimeInterval(-60)))"}"#,
        ]
        try (lines.joined(separator: "\n") + "\n").write(to: scratch.file("data/hot/\(day).jsonl"), atomically: true, encoding: .utf8)
        try """
            storage: { dir: \(scratch.file("data").path) }
            sources: [ { id: weibo, name: 微博热搜, url: "https://api.example.cn/hot", type: json, items: "$.list[*]", fields: { title: "$.t" } } ]
            """.write(to: scratch.file("feeds.yml"), atomically: true, encoding: .utf8)
        let table = try await Harness.runCLI(["hot", "--config", scratch.file("feeds.yml").path])
        #expect(table.status == 0)
        #expect(table.output.contains("微博热搜（weibo）"))
        #expect(table.output.contains("↑1") && table.output.contains("↓1") && table.output.contains("新"), "\(table.output)")
        #expect(table.output.contains("5.0亿"))
        let json = try await Harness.runCLI(["hot", "--config", scratch.file("feeds.yml").path, "--json"])
        #expect(json.output.contains(#""change":1"#) && json.output.contains(#""change":-1"#))
    }
}
