import Alerting
import Analysis
import Foundation
import Storage
import Testing
import YuqingTesting

@testable import Engine

/// `hot` rules on hot-list polls: entering a list, its top N, climbing, returning after
/// leaving, and one story on several platforms.
struct HotListTests {
    static let topics = [Topic(name: "汛情", any: ["暴雨", "洪水"]), Topic(name: "教育", any: ["高考"])]

    static func engine(_ rules: [HotAlertRule]) -> Engine {
        Engine(settings: EngineSettings(topics: topics, rules: AlertRules(hots: rules)))
    }

    static func poll(_ source: String, _ titles: [String], at minute: Double) -> HotSnapshot {
        HotSnapshot(
            time: ItemFactory.epoch.addingTimeInterval(minute * 60), source: source,
            entries: titles.enumerated().map { HotSnapshot.Entry(id: source + "-" + $0.element, title: $0.element, url: nil, rank: $0.offset + 1, hot: 1e6 - Double($0.offset) * 1e4) })
    }

    static func titles(_ decisions: [Decision]) -> [String] { decisions.map(\.notification.title) }

    @Test func enteringAListOncePerStay() {
        var engine = Self.engine([HotAlertRule(name: "上榜", topics: ["汛情"], channels: ["hook"])])
        let first = engine.observeList(Self.poll("weibo", ["明星八卦", "多地暴雨 学校停课", "高考 放榜"], at: 0), at: ItemFactory.epoch)
        #expect(Self.titles(first) == ["【上榜】上榜 weibo 第2名：多地暴雨 学校停课"])
        #expect(first.first?.notification.text.contains("热度 99.0万") == true)
        #expect(engine.observeList(Self.poll("weibo", ["多地暴雨 学校停课", "明星八卦"], at: 5), at: ItemFactory.epoch).isEmpty, "still on the list")
        _ = engine.observeList(Self.poll("weibo", ["明星八卦"], at: 10), at: ItemFactory.epoch)
        #expect(Self.titles(engine.observeList(Self.poll("weibo", ["明星八卦", "多地暴雨 学校停课"], at: 15), at: ItemFactory.epoch)).count == 1, "back on the list")
    }

    @Test func topAndClimb() {
        var engine = Self.engine([
            HotAlertRule(name: "前三", topics: ["教育"], top: 3, channels: ["hook"]),
            HotAlertRule(name: "飙升", climb: 3, channels: ["hook"]),
        ])
        let filler = (1...6).map { "娱乐新闻\($0)" }
        #expect(engine.observeList(Self.poll("zhihu", filler + ["高考 放榜"], at: 0), at: ItemFactory.epoch).isEmpty)
        let moved = engine.observeList(Self.poll("zhihu", ["高考 放榜"] + filler, at: 5), at: ItemFactory.epoch)
        #expect(Set(Self.titles(moved)) == ["【前三】进入 zhihu 前3名（第1名）：高考 放榜", "【飙升】zhihu 上升 6 名至第1名：高考 放榜"])
        #expect(engine.observeList(Self.poll("zhihu", ["高考 放榜"] + filler, at: 10), at: ItemFactory.epoch).isEmpty)
    }

    @Test func oneStoryOnSeveralPlatforms() {
        var engine = Self.engine([HotAlertRule(name: "多平台", platforms: 2, channels: ["hook"])])
        #expect(engine.observeList(Self.poll("weibo", ["台风登陆 多地暴雨红色预警"], at: 0), at: ItemFactory.epoch).isEmpty)
        let both = engine.observeList(Self.poll("douyin", ["台风登陆！多地暴雨红色预警"], at: 1), at: ItemFactory.epoch)
        #expect(Self.titles(both) == ["【多平台】登上 2 个平台热榜：台风登陆！多地暴雨红色预警"])
        #expect(both.first?.notification.text.contains("平台: douyin、weibo") == true)
        #expect(engine.observeList(Self.poll("weibo", ["台风登陆 多地暴雨红色预警"], at: 5), at: ItemFactory.epoch).isEmpty, "once per story")
    }

    @Test func aRestartAnnouncesNothingAlreadyKnown() {
        var engine = Self.engine([HotAlertRule(name: "上榜", topics: ["汛情"], channels: ["hook"])])
        engine.restoreList(Self.poll("weibo", ["多地暴雨 学校停课"], at: 0))
        #expect(engine.observeList(Self.poll("weibo", ["多地暴雨 学校停课"], at: 5), at: ItemFactory.epoch).isEmpty)
    }
}

/// 上榜预警 for the home region: an entry naming a place in it concerns the rule whatever
/// its topic.
struct HotListRegionTests {
    @Test func aHomePlaceEnteringAListFires() {
        var rule = HotAlertRule(name: "本地上榜", topics: ["汛情"], channels: ["hook"])
        rule.regions = [330100]
        var settings = EngineSettings(topics: HotListTests.topics, rules: AlertRules(hots: [rule]))
        settings.judgement = JudgementSettings(homeRegion: 330100)
        var engine = Engine(settings: settings)
        let poll = HotListTests.poll("weibo", ["明星八卦", "杭州西湖区一商场今日开业", "宁波一商场今日开业", "多地暴雨 学校停课"], at: 0)
        let decisions = engine.observeList(poll, at: ItemFactory.epoch)
        #expect(HotListTests.titles(decisions) == [
            "【本地上榜】上榜 weibo 第2名：杭州西湖区一商场今日开业", "【本地上榜】上榜 weibo 第4名：多地暴雨 学校停课",
        ])
        #expect(decisions.first?.notification.text.contains("地域: 浙江省杭州市西湖区") == true)
        #expect(decisions.last?.notification.text.contains("话题: 汛情") == true)
    }
}
