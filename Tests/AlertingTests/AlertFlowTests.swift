import Analysis
import Feeds
import Foundation
import Logging
import Storage
import Testing
import YuqingTesting

@testable import Alerting

/// Grouping, group interval, silences, quiet hours and rate limits, on a clock the tests
/// set (every `deliverDue` is given its `now`).
struct AlertFlowTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15 08:00 UTC = 16:00 Shanghai

    static func item(_ id: String, topic: String = "汛情", source: String = "src", at time: Date = t0) -> StoredItem {
        let item = Item(id: id, sourceID: source, url: "http://a.cn/\(id)", title: "暴雨预警 \(id)", summary: "", published: nil, fetched: time)
        return StoredItem(ScoredItem(item: item, topics: [TopicScore(topic: topic, score: 80, terms: ["暴雨"])], story: id))
    }

    /// An outbox in a fresh directory, removed when the returned directory is released.
    static func outbox() throws -> (Outbox, TemporaryDirectory) {
        let scratch = try TemporaryDirectory("flow")
        return (try Outbox(dataDirectory: scratch.path, logger: Logger(label: "test")), scratch)
    }

    @Test func groupWaitFoldsATopicsItemsIntoOneMessage() async throws {
        let rule = ItemAlertRule(name: "汛情告警", minScore: 60, channels: ["test"], groupWait: 30, groupInterval: 300)
        let (outbox, scratch) = try Self.outbox()
        defer { withExtendedLifetime(scratch) {} }
        let channel = RecordingChannel()
        try await outbox.enqueue(rule.notifications(for: Self.item("a")))
        try await outbox.enqueue(rule.notifications(for: Self.item("b", at: Self.t0.addingTimeInterval(10))))
        try await outbox.enqueue(rule.notifications(for: Self.item("c", topic: "食品安全", at: Self.t0.addingTimeInterval(10))))
        #expect(await outbox.deliverDue(now: Self.t0.addingTimeInterval(29), channels: ["test": channel]) == 0, "group_wait not over")
        #expect(await outbox.deliverDue(now: Self.t0.addingTimeInterval(41), channels: ["test": channel]) == 3)
        let messages = await channel.messages
        #expect(messages.count == 2, "one message per topic")
        let flood = try #require(messages.first { $0.fields["topic"] == "汛情" })
        #expect(flood.title == "【汛情告警】汛情：2 条新信息")
        #expect(flood.text.contains("1. 暴雨预警 a（src，80分）") && flood.text.contains("2. 暴雨预警 b"))
        #expect(flood.fields["count"] == "2")

        // group_interval: the next item of the same group waits until 5 min after the last message.
        try await outbox.enqueue(rule.notifications(for: Self.item("d", at: Self.t0.addingTimeInterval(60))))
        #expect(await outbox.deliverDue(now: Self.t0.addingTimeInterval(100), channels: ["test": channel]) == 0)
        #expect(await outbox.deliverDue(now: Self.t0.addingTimeInterval(340), channels: ["test": channel]) == 0)
        #expect(await outbox.deliverDue(now: Self.t0.addingTimeInterval(342), channels: ["test": channel]) == 1)
        #expect(await channel.messages.count == 3)
        #expect(await channel.messages.last?.fields["item_id"] == "d", "a group of one is sent as the item itself")
    }

    @Test func silencesDropMatchingAlertsAndExpire() async throws {
        let rule = ItemAlertRule(name: "r", minScore: 0, channels: ["test"])
        let (outbox, scratch) = try Self.outbox()
        defer { withExtendedLifetime(scratch) {} }
        let channel = RecordingChannel()
        let silence = Silence(id: "s1", topic: "汛情", starts: Self.t0, ends: Self.t0.addingTimeInterval(7200), comment: "演练期间")
        try await outbox.enqueue(rule.notifications(for: Self.item("a")))
        try await outbox.enqueue(rule.notifications(for: Self.item("b", topic: "食品安全")))
        #expect(await outbox.deliverDue(now: Self.t0.addingTimeInterval(1), channels: ["test": channel], silences: [silence]) == 1)
        #expect(await channel.messages.map { $0.fields["topic"] } == ["食品安全"])
        #expect(await outbox.count == 0)
        let stored = try Outbox.stored(dataDirectory: await outbox.directory)
        #expect(stored.sent.first { $0.fields["topic"] == "汛情" }?.silencedBy == "s1")
        // After it ends, the topic alerts again.
        try await outbox.enqueue(rule.notifications(for: Self.item("c", at: Self.t0.addingTimeInterval(7300))))
        #expect(await outbox.deliverDue(now: Self.t0.addingTimeInterval(7301), channels: ["test": channel], silences: [silence]) == 1)
        #expect(!silence.matches(rule.notifications(for: Self.item("x", topic: "食品安全", source: "other"))[0]))
    }

    @Test func quietHoursHoldThenSendADigest() async throws {
        let shanghai = try #require(TimeZone(identifier: "Asia/Shanghai"))
        let quiet = try #require(QuietHours("22:00-07:00", timeZone: shanghai))
        // t0 is 16:00 in Shanghai; 22:30 is t0 + 6.5 h; quiet ends at 07:00, t0 + 15 h.
        let night = Self.t0.addingTimeInterval(6.5 * 3600)
        #expect(quiet.end(containing: Self.t0) == nil)
        #expect(quiet.end(containing: night) == Self.t0.addingTimeInterval(15 * 3600))
        let rule = ItemAlertRule(name: "r", minScore: 0, channels: ["test"], groupWait: 30, groupInterval: 300)
        let (outbox, scratch) = try Self.outbox()
        defer { withExtendedLifetime(scratch) {} }
        let channel = RecordingChannel(quietHours: quiet)
        for (index, id) in ["a", "b", "c"].enumerated() {
            try await outbox.enqueue(rule.notifications(for: Self.item(id, at: night.addingTimeInterval(Double(index) * 600))))
        }
        #expect(await outbox.deliverDue(now: night.addingTimeInterval(3600), channels: ["test": channel]) == 0)
        #expect(await outbox.deliverDue(now: Self.t0.addingTimeInterval(14.9 * 3600), channels: ["test": channel]) == 0)
        #expect(await outbox.deliverDue(now: Self.t0.addingTimeInterval(15 * 3600 + 1), channels: ["test": channel]) == 3)
        #expect(await channel.messages.count == 1, "held alerts go out as one digest when quiet hours end")
        #expect(await channel.messages.first?.title == "【r】汛情：3 条新信息")
    }

    @Test func rateLimitHoldsWithoutCountingAttempts() async throws {
        let rule = ItemAlertRule(name: "r", minScore: 0, channels: ["test"])
        let (outbox, scratch) = try Self.outbox()
        defer { withExtendedLifetime(scratch) {} }
        let channel = RecordingChannel(ratePerMinute: 2)
        for index in 0..<5 { try await outbox.enqueue(rule.notifications(for: Self.item("i\(index)"))) }
        #expect(await outbox.deliverDue(now: Self.t0, channels: ["test": channel]) == 2)
        #expect(await outbox.deliverDue(now: Self.t0.addingTimeInterval(1), channels: ["test": channel]) == 0)
        #expect(await outbox.deliverDue(now: Self.t0.addingTimeInterval(31), channels: ["test": channel]) == 1)
        #expect(await outbox.deliverDue(now: Self.t0.addingTimeInterval(91), channels: ["test": channel]) == 2)
        let stored = try Outbox.stored(dataDirectory: await outbox.directory)
        #expect(stored.sent.allSatisfy { $0.attempts == 1 })
    }

    @Test func digestChannelsSendOneSummaryPerPeriod() async throws {
        let rule = ItemAlertRule(name: "r", minScore: 0, channels: ["test"])
        let other = ItemAlertRule(name: "另一规则", minScore: 0, channels: ["test"])
        let (outbox, scratch) = try Self.outbox()
        defer { withExtendedLifetime(scratch) {} }
        let channel = RecordingChannel(digest: .hourly)
        try await outbox.enqueue(rule.notifications(for: Self.item("a", at: Self.t0.addingTimeInterval(600))))
        try await outbox.enqueue(rule.notifications(for: Self.item("b", topic: "食品安全", at: Self.t0.addingTimeInterval(1200))))
        try await outbox.enqueue(other.notifications(for: Self.item("c", at: Self.t0.addingTimeInterval(2400))))
        #expect(await outbox.deliverDue(now: Self.t0.addingTimeInterval(3000), channels: ["test": channel]) == 0)
        #expect(await outbox.deliverDue(now: Self.t0.addingTimeInterval(3601), channels: ["test": channel]) == 3)
        let digest = try #require(await channel.messages.first)
        #expect(await channel.messages.count == 1)
        #expect(digest.title == "【舆情摘要】3 条告警")
        #expect(digest.text.contains("说明: 规则「r」2 条") && digest.text.contains("说明: 规则「另一规则」1 条"))
        let shanghai = try #require(TimeZone(identifier: "Asia/Shanghai"))
        #expect(DigestSchedule("daily@18", timeZone: shanghai)?.next(after: Self.t0) == Self.t0.addingTimeInterval(2 * 3600), "16:00 → 18:00 Shanghai")
        #expect(DigestSchedule("weekly", timeZone: shanghai) == nil)
    }

    @Test func templatesRewordMessages() throws {
        let template = try MessageTemplate(
            title: "[{{topic}}] {{item_title}} <{{score}}>", text: "{{source}} 报道：{{item_title}}\n{{#url}}链接: {{url}}{{/url}}")
        let note = ItemAlertRule(name: "r", minScore: 0, channels: ["test"]).notifications(for: Self.item("a"))[0]
        let worded = template.apply(to: note)
        #expect(worded.title == "[汛情] 暴雨预警 a <80>", "plain text, no HTML escaping")
        #expect(worded.text == "src 报道：暴雨预警 a\n链接: http://a.cn/a")
        #expect(worded.id == note.id && worded.fields == note.fields)
        #expect(throws: (any Error).self) { try MessageTemplate(title: "{{#open}} never closed", text: nil) }
        let hostile = try MessageTemplate(title: "{{item_title}}", text: nil)
        var evil = note
        evil.fields["item_title"] = "标题\r\nBcc: x@evil.example"
        #expect(!hostile.apply(to: evil).title.contains("\n"))
    }

    @Test func spreadAndSourceRules() {
        let rule = SpreadAlertRule(name: "扩散", minSources: 3, within: 3600, channels: ["test"])
        var spread = StorySpread(item: Self.item("a", source: "s1"))
        spread.add(Self.item("a", source: "s2", at: Self.t0.addingTimeInterval(60)))
        #expect(!rule.holds(for: spread, now: Self.t0.addingTimeInterval(120)))
        spread.add(Self.item("a", source: "s3", at: Self.t0.addingTimeInterval(120)))
        #expect(rule.holds(for: spread, now: Self.t0.addingTimeInterval(120)))
        #expect(!rule.holds(for: spread, now: Self.t0.addingTimeInterval(3700)), "outside the span")
        let note = rule.notifications(for: spread, now: Self.t0.addingTimeInterval(120))[0]
        #expect(note.title.hasPrefix("【扩散】扩散 3 个来源："))
        #expect(note.text.contains("s1、s2、s3"))

        let source = SourceAlertRule(name: "源故障", failingFor: 3600, channels: ["test"])
        let failing = source.notifications(source: "gov", name: "某政务网", since: Self.t0, error: "HTTP 503", recovered: false, now: Self.t0.addingTimeInterval(7200))
        #expect(failing[0].title == "【源故障】信息源持续失败 2 小时：某政务网")
        #expect(failing[0].text.contains("错误: HTTP 503"))
        let back = source.notifications(source: "gov", name: "某政务网", since: Self.t0, error: nil, recovered: true, now: Self.t0.addingTimeInterval(7200))
        #expect(back[0].title == "【源故障】信息源已恢复：某政务网")
        #expect(back[0].id != failing[0].id)
    }
}
