import Alerting
import Engine
import Foundation
import Logging
import Storage
import Testing
import YuqingTesting

@testable import Daemon

/// The acceptance test of the one engine: a recorded stream with item, spread and trend
/// rules, a template, a silence and a trend that folds item alerts, driven once through the
/// daemon's pipeline (scripted transport, manual clock, ticks at uneven times) and once
/// through replay, gives the same decisions — folded and silenced ones included.
struct EngineEquivalenceTests {
    struct Event: Encodable {
        var seen: Date
        var source: String
        var id: String
        var title: String
        var summary: String
        var url: String { "https://news.example.cn/\(id)" }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(seen, forKey: .seen)
            try container.encode(source, forKey: .source)
            try container.encode(id, forKey: .id)
            try container.encode(title, forKey: .title)
            try container.encode(summary, forKey: .summary)
            try container.encode(url, forKey: .url)
        }

        enum CodingKeys: String, CodingKey { case seen, source, id, title, summary, url }
    }

    /// Two quiet days of flood news from one source, food-safety news (silenced) from
    /// another, one story syndicated by three sources, then a burst of flood stories.
    static func stream(start: Date) -> [Event] {
        var events: [Event] = []
        let places = ["东城", "西城", "南山", "北湖", "中原", "江北", "河西", "山前", "湖滨", "云岭"]
        for step in 0..<288 {
            let seen = start.addingTimeInterval(Double(step) * 600)
            events.append(Event(seen: seen, source: "s1", id: "f\(step)", title: "\(places[step % 10])第\(step)号暴雨预警发布情况通报\(step * 7919 % 1000)", summary: "气象台发布暴雨预警。"))
            if step % 6 == 3 {
                events.append(Event(seen: seen, source: "s2", id: "g\(step)", title: "\(places[step % 10])某超市销售过期食品被查处\(step)", summary: "市场监管部门查处过期食品。"))
            }
        }
        let syndicated = start.addingTimeInterval(20 * 3600 + 120)
        for (offset, source) in ["s2", "s3", "s4"].enumerated() {
            events.append(Event(
                seen: syndicated.addingTimeInterval(Double(offset) * 300), source: source, id: "syn\(offset)",
                title: "市区主干道因暴雨严重积水实施交通管制", summary: "受强降雨影响，市区多条主干道严重积水，交警部门实施临时交通管制。"))
        }
        let burst = start.addingTimeInterval(48 * 3600)
        for index in 0..<30 {
            let source = ["s1", "s3", "s4"][index % 3]
            events.append(Event(
                seen: burst.addingTimeInterval(Double(index / 3) * 60), source: source, id: "b\(index)",
                title: "突发\(index)号山洪灾情\(places[index % 10])村\(index * 131)户转移", summary: "山洪暴发，群众紧急转移。"))
        }
        return events.sorted { ($0.seen, $0.source) < ($1.seen, $1.source) }
    }

    static func config(data: String) throws -> Config {
        try ConfigLoader.parse("""
            storage: { dir: \(data) }
            sources:
              - { id: s1, url: "https://s1.example.cn/feed.json" }
              - { id: s2, url: "https://s2.example.cn/feed.json" }
              - { id: s3, url: "https://s3.example.cn/feed.json" }
              - { id: s4, url: "https://s4.example.cn/feed.json" }
            topics:
              - { name: 汛情, query: '暴雨 | 山洪 | 积水' }
              - { name: 食品安全, query: '过期食品' }
            alerts:
              channels: { hook: { type: webhook, url: "https://hooks.example.cn/x" } }
              rules:
                - { name: 汛情上升, kind: trend, direction: [rising], send: [hook] }
                - { name: 条目, kind: item, min_score: 0, send: [hook], template: { title: "{{topic}}｜{{item_title}}" } }
                - { name: 扩散, kind: spread, min_sources: 3, within: 1h, send: [hook] }
            """, file: "feeds.yml")
    }

    /// What a decision comes to, comparable across the two paths (item ids differ: the
    /// daemon derives them from the feed's guid, replay takes the recorded id).
    struct Outcome: Hashable, CustomStringConvertible {
        var created: Date
        var rule: String
        var title: String
        var text: String
        var mark: String?

        var description: String { "\(RecordCoding.timestamp(created)) \(rule) \(title) [\(mark ?? "send")]" }
    }

    @Test func daemonAndReplayDecideAlike() async throws {
        let scratch = try TemporaryDirectory("equivalence")
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        let events = Self.stream(start: start)
        let silence = Silence(
            id: "sil-food", topic: "食品安全", starts: start.addingTimeInterval(-3600), ends: start.addingTimeInterval(10 * 86400),
            comment: "已知情况")

        // Replay.
        let encoder = RecordCoding.encoder()
        let lines = try events.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        try (lines.joined(separator: "\n") + "\n").write(to: scratch.file("stream.jsonl"), atomically: true, encoding: .utf8)
        let replayed = try Replay(config: Self.config(data: scratch.file("unused").path), dataDirectory: scratch.file("replay").path, silences: [silence])
            .run(input: scratch.file("stream.jsonl").path)
        let expected = replayed.decisions.map {
            Outcome(created: $0.notification.created, rule: $0.notification.rule, title: $0.notification.title, text: $0.notification.text, mark: $0.recordedMark)
        }

        // The daemon's pipeline on a manual clock.
        let data = scratch.file("daemon").path
        try FileManager.default.createDirectory(atPath: data + "/state", withIntermediateDirectories: true)
        try Silence.file(dataDirectory: data).save([silence])
        let clock = ManualClock(start.addingTimeInterval(-60))
        let transport = ScriptedTransport()
        let config = try Self.config(data: data)
        let pipeline = try Pipeline(config: config, client: transport, logger: Logger(label: "test"), clock: clock)
        await pipeline.reloadSilencesIfChanged()
        var generator = SystemRandomNumberGenerator()
        var polls: [(Date, String, [Event])] = []
        for event in events {
            if let last = polls.last, last.0 == event.seen, last.1 == event.source { polls[polls.count - 1].2.append(event) } else { polls.append((event.seen, event.source, [event])) }
        }
        for (seen, source, batch) in polls {
            // Ticks at uneven times before each poll: the decisions must not depend on them.
            var moment = clock.now()
            while moment.addingTimeInterval(97) < seen {
                moment = moment.addingTimeInterval(Double.random(in: 20...97, using: &generator))
                clock.set(moment)
                await pipeline.tick()
            }
            clock.set(seen)
            await transport.serve("https://\(source).example.cn/feed.json", body: Self.jsonFeed(batch))
            let sourceConfig = try #require(config.sources.first { $0.id == source })
            _ = await pipeline.poll(sourceConfig)
        }
        clock.set(Date(timeIntervalSince1970: Double((Int(clock.now().timeIntervalSince1970) / 300 + 1) * 300)))
        await pipeline.tick()

        let stored = try Outbox.stored(dataDirectory: data)
        let actual = (stored.pending + stored.sent).map {
            Outcome(created: $0.created, rule: $0.rule, title: $0.title, text: $0.text, mark: $0.silencedBy)
        }
        #expect(expected.count > 300, "a stream that exercises the rules: \(expected.count) decisions")
        #expect(expected.contains { $0.rule == "汛情上升" }, "a trend alert")
        #expect(expected.contains { $0.rule == "扩散" }, "a spread alert")
        #expect(expected.contains { $0.mark?.hasPrefix("inhibited:trend:汛情上升/汛情") == true }, "item alerts folded into the trend")
        #expect(expected.contains { $0.mark == "sil-food" }, "silenced food-safety alerts")
        #expect(expected.contains { $0.title.hasPrefix("汛情｜") }, "the item rule's template")
        let same = Set(actual) == Set(expected)
        #expect(same, """
            only in the daemon: \(Set(actual).subtracting(expected).sorted { $0.created < $1.created }.prefix(5))
            only in replay: \(Set(expected).subtracting(actual).sorted { $0.created < $1.created }.prefix(5))
            """)
        #expect(actual.count == expected.count)
    }

    static func jsonFeed(_ events: [Event]) -> String {
        let items = events.map { ["id": $0.id, "title": $0.title, "content_text": $0.summary, "url": $0.url] }
        let feed: [String: Any] = ["version": "https://jsonfeed.org/version/1.1", "title": "t", "items": items]
        return String(decoding: (try? JSONSerialization.data(withJSONObject: feed)) ?? Data(), as: UTF8.self)
    }
}
