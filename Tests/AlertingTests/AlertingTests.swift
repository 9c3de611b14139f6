import Analysis
import Feeds
import Foundation
import Logging
import Storage
import Testing
import YuqingTesting

@testable import Alerting

struct AlertingTests {
    static func item(score: Int, topic: String = "汛情") -> StoredItem {
        let item = Item(id: "src-1", sourceID: "src", url: "http://a.cn/1", title: "暴雨预警", summary: "今夜有大暴雨", published: nil, fetched: Date())
        return StoredItem(ScoredItem(item: item, topics: [TopicScore(topic: topic, score: score, terms: ["暴雨"])], story: "s"))
    }

    @Test func itemRuleThreshold() {
        let rule = ItemAlertRule(name: "高相关", minScore: 60, channels: ["test", "mail"])
        #expect(rule.notifications(for: Self.item(score: 59)).isEmpty)
        let notes = rule.notifications(for: Self.item(score: 60))
        #expect(notes.count == 2)
        #expect(notes[0].id != notes[1].id)
        #expect(notes[0].text.contains("暴雨预警"))
        #expect(rule.notifications(for: Self.item(score: 60)).map(\.id) == notes.map(\.id), "keys are stable")
        let topicRule = ItemAlertRule(name: "x", minScore: 10, topics: ["食品安全"], channels: ["test"])
        #expect(topicRule.notifications(for: Self.item(score: 90)).isEmpty)
    }

    @Test func outboxRetriesThenDeliversAndSurvivesRestart() async throws {
        let scratch = try TemporaryDirectory("outbox")
        let data = scratch.path
        let logger = Logger(label: "test")
        let notes = ItemAlertRule(name: "r", minScore: 0, channels: ["test"]).notifications(for: Self.item(score: 80))
        let outbox = try Outbox(dataDirectory: data, logger: logger)
        try await outbox.enqueue(notes)
        try await outbox.enqueue(notes)  // the same key twice is queued once
        #expect(await outbox.count == 1)

        let channel = RecordingChannel(failures: 1)
        let start = Date()
        #expect(await outbox.deliverDue(now: start, channels: ["test": channel]) == 0)
        #expect(await outbox.deliverDue(now: start.addingTimeInterval(1), channels: ["test": channel]) == 0, "not due yet")

        // A restart before the retry: the pending notification is still there.
        let reopened = try Outbox(dataDirectory: data, logger: logger)
        #expect(await reopened.count == 1)
        #expect(await reopened.deliverDue(now: start.addingTimeInterval(10), channels: ["test": channel]) == 1)
        #expect(await reopened.count == 0)
        #expect(await channel.delivered == notes.map(\.id))
        #expect(await (try Outbox(dataDirectory: data, logger: logger)).count == 0)
    }

    @Test func exhaustedNotificationsAreDeadLettered() async throws {
        let scratch = try TemporaryDirectory("outbox")
        let data = scratch.path
        let outbox = try Outbox(dataDirectory: data, maxAttempts: 2, logger: Logger(label: "test"))
        try await outbox.enqueue(ItemAlertRule(name: "r", minScore: 0, channels: ["test"]).notifications(for: Self.item(score: 80)))
        let channel = RecordingChannel(failures: 10)
        var now = Date()
        for _ in 0..<3 {
            await outbox.deliverDue(now: now, channels: ["test": channel])
            now.addTimeInterval(3600)
        }
        #expect(await outbox.count == 0)
        let dead = try StateFile<[Alerting.Notification]>(path: data + "/state/dead-letter.json").load()
        #expect(dead?.count == 1)
        #expect(dead?.first?.lastError?.contains("simulated outage") == true)
    }
}
