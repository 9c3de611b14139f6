import Foundation
import Testing
import YuqingTesting

/// `yuqing trends` on a data directory written beforehand: eight days of steady stories in
/// three topics and outside them, then nothing for the last three hours — every feed quiet,
/// as when the network or the machine is down. No topic is called falling; each says why.
struct TrendsCommandTests {
    struct Row: Decodable {
        var topic: String
        var direction: String
        var intakeFell: Bool?
    }

    private static func record(id: String, topic: String?, at date: Date) -> String {
        let time = date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
        let topics = topic.map { #"[{"score":80,"terms":["词"],"topic":"\#($0)"}]"# } ?? "[]"
        return #"{"fetched":"\#(time)","id":"\#(id)","opens":true,"score":80,"source":"s1","story":"\#(id)","summary":"","title":"标题\#(id)","topics":\#(topics),"v":3}"#
    }

    @Test func everyFeedQuietIsNotATopicFalling() async throws {
        let directory = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let items = directory.appendingPathComponent("data/items")
        try FileManager.default.createDirectory(at: items, withIntermediateDirectories: true)
        let now = Date()
        let stop = now.addingTimeInterval(-3 * 3600)
        let topics = ["防汛", "交通", "教育"]
        var byDay: [String: [String]] = [:]
        var time = (stop.addingTimeInterval(-8 * 86400).timeIntervalSince1970 / 300).rounded(.down) * 300
        var n = 0
        while time < stop.timeIntervalSince1970 {
            let date = Date(timeIntervalSince1970: time)
            let day = date.formatted(.iso8601.year().month().day().timeZone(separator: .omitted))
            for topic in topics + [nil] as [String?] {
                n += 1
                byDay[day, default: []].append(Self.record(id: "i\(n)", topic: topic, at: date))
            }
            time += 300
        }
        for (day, lines) in byDay {
            try (lines.joined(separator: "\n") + "\n").write(to: items.appendingPathComponent("\(day).0001.jsonl"), atomically: true, encoding: .utf8)
        }
        let config = directory.appendingPathComponent("feeds.yml")
        try """
            storage: { dir: \(directory.appendingPathComponent("data").path) }
            sources: [ { id: s1, url: "https://s1.example.cn/rss" } ]
            topics:
            \(topics.map { "  - { name: \($0), any: [词] }" }.joined(separator: "\n"))
            """.write(to: config, atomically: true, encoding: .utf8)

        let json = try await Harness.runCLI(["trends", "--config", config.path, "--json"])
        let rows = json.output.split(separator: "\n").compactMap { try? JSONDecoder().decode(Row.self, from: Data($0.utf8)) }
        #expect(rows.count == 3 && rows.allSatisfy { $0.direction == "steady" && $0.intakeFell == true }, "\(json.output.prefix(1200))")
        let table = try await Harness.runCLI(["trends", "--config", config.path], environment: ["NO_COLOR": "1"])
        #expect(table.status == 0 && table.output.components(separatedBy: "平稳（整体采集同降）").count == 4, "\(table.output.prefix(1500))")
        #expect(table.output.contains("整体采集同降：该话题减少的同时其余报道也在减少（信源或网络中断），不按话题下降判断；请查看信源状态。"))
    }
}
