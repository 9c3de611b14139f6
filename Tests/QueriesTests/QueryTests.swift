import Analysis
import Foundation
import Queries
import Storage
import Testing
import YuqingTesting

/// The queries behind `yuqing items`, `stories` and `trends`, on a store written for the test.
struct QueryTests {
    static func store() throws -> (TemporaryDirectory, Date) {
        let scratch = try TemporaryDirectory("queries")
        let store = try SegmentStore(dataDirectory: scratch.path, durable: false)
        let now = ItemFactory.epoch
        var items: [StoredItem] = []
        for index in 0..<40 {
            let topic = index % 2 == 0 ? "汛情" : "食品安全"
            let title = index % 2 == 0 ? "暴雨预警 第\(index)号" : "过期食品ＡＢＣ 第\(index)号"
            items.append(ItemFactory.stored(
                "i\(index)", topic: topic, score: 40 + index, source: index % 4 < 2 ? "s1" : "s2", title: title,
                story: "story\(index % 10)", at: now.addingTimeInterval(Double(index - 40) * 600)))
        }
        try store.append(items, at: now)
        return (scratch, now)
    }

    @Test func itemsFilteredNewestFirst() throws {
        let (scratch, now) = try Self.store()
        var query = ItemQuery(since: now.addingTimeInterval(-86400))
        query.topic = "食品安全"
        query.contains = "abc"  // full-width and case folded
        query.minScore = 60
        query.limit = 5
        let result = try query.run(dataDirectory: scratch.path)
        #expect(result.items.map(\.id) == ["i39", "i37", "i35", "i33", "i31"])
        #expect(result.total == 10, "i21 … i39 score 61 … 79")
        query.source = "s2"
        #expect(try query.run(dataDirectory: scratch.path).items.allSatisfy { $0.source == "s2" })
        let recent = try ItemQuery(since: now.addingTimeInterval(-3600)).run(dataDirectory: scratch.path)
        #expect(recent.items.count == 6, "the last hour: \(recent.items.map(\.id))")
    }

    @Test func storiesRankedBySpread() throws {
        let (scratch, now) = try Self.store()
        let stories = try StoryQuery(since: now.addingTimeInterval(-86400), limit: 3).run(dataDirectory: scratch.path)
        #expect(stories.count == 3)
        #expect(stories.allSatisfy { $0.items == 4 && $0.sources.count == 2 })
        #expect(stories.first.map { $0.first_seen < $0.last_seen } == true)
    }

    @Test func trendRowsForEveryTopic() throws {
        let (scratch, now) = try Self.store()
        let rows = try TrendQuery(span: 86400, bar: 3600, labels: ("24h", "1h")).run(
            dataDirectory: scratch.path, topics: ["汛情", "食品安全", "无数据"], now: now)
        #expect(Set(rows.map(\.topic)) == ["汛情", "食品安全", "无数据"])
        #expect(rows.first { $0.topic == "汛情" }?.items == 20)
        #expect(rows.first { $0.topic == "无数据" }?.stories == 0)
        #expect(rows.allSatisfy { $0.sparkline.count == 24 })
    }

    @Test func spans() {
        #expect(Span.seconds("30m") == 1800)
        #expect(Span.seconds("7d") == 604_800)
        #expect(Span.seconds("x") == nil)
        #expect(Span.chinese("24h") == "24小时")
    }
}
