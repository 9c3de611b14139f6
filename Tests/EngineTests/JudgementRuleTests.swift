import Alerting
import Analysis
import Feeds
import Foundation
import Storage
import Testing
import YuqingTesting

@testable import Engine

/// Item rules written the way duty offices write them — "本市负面信息，省级以上媒体报道" —
/// evaluated by the engine on what it judged of each item.
struct JudgementRuleTests {
    static let hangzhou = 330100

    static func engine(_ rule: ItemAlertRule, trends: [TrendAlertRule] = []) -> Engine {
        var settings = EngineSettings(
            topics: [Topic(name: "安全", any: ["火灾", "爆炸", "开通", "停水"])], rules: AlertRules(items: [rule], trends: trends))
        settings.judgement = JudgementSettings(homeRegion: hangzhou)
        settings.tiers = ["xinhua": .central, "zjrb": .provincial, "weibo": .selfMedia]
        return Engine(settings: settings)
    }

    static func rule() -> ItemAlertRule {
        var rule = ItemAlertRule(name: "本市负面", minScore: 1, channels: ["duty"])
        rule.sentiments = [.negative]
        rule.regions = [hangzhou]
        rule.tiers = [.central, .provincial]
        return rule
    }

    @Test func onlyNegativeHomeItemsFromAuthoritativeSourcesFire() {
        var engine = Self.engine(Self.rule())
        let now = ItemFactory.epoch
        let items = [
            ItemFactory.item("a", source: "xinhua", title: "杭州西湖区一厂房发生火灾 2人死亡", at: now),
            ItemFactory.item("b", source: "weibo", title: "杭州余杭区一仓库发生爆炸", at: now),
            ItemFactory.item("c", source: "zjrb", title: "宁波北仑区一厂房发生火灾", at: now),
            ItemFactory.item("d", source: "zjrb", title: "杭州地铁新线开通", at: now),
        ]
        let (stored, decisions) = engine.ingest(items, at: now)
        #expect(stored.first { $0.id == "a" }?.regions == [330106])
        #expect(stored.first { $0.id == "a" }?.tier == .central)
        #expect(stored.first { $0.id == "d" }?.sentiment == .positive)
        #expect(decisions.map { $0.notification.fields["item_id"] } == ["a"], "\(decisions.map(\.notification.title))")
        let alert = decisions.first?.notification
        #expect(alert?.title.contains("【负面】") == true)
        #expect(alert?.text.contains("地域: 浙江省杭州市西湖区") == true, "\(alert?.text ?? "")")
        #expect(alert?.text.contains("来源: xinhua（央媒）") == true)
        #expect(alert?.fields["severity"] == "重大", "negative with deaths, at home, central media: 4 points")
    }

    @Test func severityCountsTheSourcesCarryingTheStory() {
        var rule = ItemAlertRule(name: "分级", minScore: 1, channels: ["duty"])
        rule.minSeverity = .major
        var engine = Self.engine(rule)
        let now = ItemFactory.epoch
        let title = "宁波北仑区一小区停水"
        // Elsewhere, from an unknown source, carried by one source: 一般, below the rule.
        #expect(engine.ingest([ItemFactory.item("x1", source: "s1", title: title, at: now)], at: now).decisions.isEmpty)
        // The same story from two more sources: three sources make it 较大.
        let more = [ItemFactory.item("x2", source: "s2", title: title, at: now), ItemFactory.item("x3", source: "s3", title: title, at: now)]
        let decisions = engine.ingest(more, at: now.addingTimeInterval(60)).decisions
        #expect(decisions.last?.notification.fields["severity"] == "较大", "\(decisions.map(\.notification.fields))")
    }

    static func stored(_ id: String, negative: Bool, at date: Date) -> StoredItem {
        var item = ItemFactory.stored(id, at: date)
        item.sentiment = negative ? .negative : .neutral
        return item
    }

    @Test(arguments: [true, false])
    func aTrendRuleWatchesNegativeStoriesOnly(burstIsNegative: Bool) {
        let start = Date(timeIntervalSince1970: 1_795_000_200)
        var tracker = TrendTracker()
        // Five days: a neutral story every ten minutes, a negative one every two hours.
        let baseline: [StoredItem] = (0..<(5 * 144)).map { (index: Int) -> StoredItem in
            Self.stored("h\(index)", negative: index % 12 == 0, at: start.addingTimeInterval(Double(index * 600)))
        }
        let burstStart = start.addingTimeInterval(5 * 86400)
        tracker.add(baseline, now: burstStart)
        var rule = TrendAlertRule(name: "负面上升", directions: [.rising], channels: ["duty"])
        rule.negativeOnly = true
        let series = ["汛情", TopicSeries.negativeKey("汛情")]
        _ = tracker.evaluate(topics: series, rules: [rule], now: burstStart)
        let burst: [StoredItem] = (0..<8).map { (index: Int) -> StoredItem in
            Self.stored("b\(index)", negative: burstIsNegative, at: burstStart.addingTimeInterval(Double(index * 20)))
        }
        tracker.add(burst, now: burstStart.addingTimeInterval(200))
        let fired = tracker.evaluate(topics: series, rules: [rule], now: burstStart.addingTimeInterval(300))
        if burstIsNegative {
            #expect(fired.count == 1)
            #expect(fired.first?.text.contains("话题: 汛情（负面）") == true, "\(fired.first?.text ?? "")")
        } else {
            #expect(fired.isEmpty, "eight neutral stories are no negative trend")
        }
        #expect(rule.applies(to: "汛情/负面") && !rule.applies(to: "汛情"))
    }
}
