import Alerting
import Analysis
import Foundation
import Queries
import Storage
import Testing
import YuqingTesting

@testable import Reports

/// What a report counts: periods and 环比, new stories per topic and bar, the negative
/// share, regions under the home region, propagation paths, merged alerts.
struct ReportBuilderTests {
    let end = ItemFactory.epoch
    var period: ReportPeriod { ReportPeriod(seconds: 86400, endingAt: end) }

    func item(_ id: String, topic: String = "汛情", source: String = "a", story: String? = nil, hoursAgo: Double,
              sentiment: Sentiment? = nil, regions: [Int]? = nil) -> StoredItem {
        var stored = ItemFactory.stored(id, topic: topic, source: source, story: story, at: end.addingTimeInterval(-hoursAgo * 3600))
        stored.sentiment = sentiment
        stored.regions = regions
        return stored
    }

    func tally(_ items: [StoredItem], home: Int? = nil, filter: [String] = []) -> Report {
        var tally = ReportTally(period: period, topicFilter: filter, homeRegion: home)
        for item in items { tally.add(item) }
        let sources = ["a", "b", "c"].map { SourceHealthQuery.Row(source: .init(id: $0, name: "源" + $0, url: "https://\($0).cn", tier: nil), state: nil, health: .new) }
        return tally.report(title: "舆情日报", topics: ["汛情", "交通"], health: sources, alerts: [], generated: end, zone: .gmt, storyLimit: 10)
    }

    @Test func countsThePeriodAgainstThePeriodBefore() {
        let report = tally([
            item("p1", hoursAgo: 30), item("p2", hoursAgo: 40),
            item("c1", hoursAgo: 2.5, sentiment: .negative), item("c2", hoursAgo: 1.5, sentiment: .neutral),
            item("c3", topic: "交通", hoursAgo: 0.5, sentiment: .negative),
            item("r1", source: "b", story: "c1", hoursAgo: 1, sentiment: .negative),
            item("old", hoursAgo: 49),
        ])
        #expect(report.overview.items == .init(current: 4, previous: 2))
        #expect(report.overview.stories == .init(current: 3, previous: 2), "a repost is an item, not a new story")
        #expect(report.overview.negativeStories == .init(current: 2, previous: 0))
        #expect(report.overview.activeSources == .init(current: 2, previous: 1))
        let flood = report.topics.first { $0.name == "汛情" }
        #expect(flood?.stories == .init(current: 2, previous: 2))
        #expect(flood?.negativeShare == 0.5)
        #expect(flood?.bars.count == 24 && flood?.bars[21] == 1 && flood?.bars[22] == 1, "\(flood?.bars ?? [])")
        #expect(flood?.previousBars[18] == 1 && flood?.previousBars[8] == 1, "the period before, aligned bar by bar")
        #expect(report.topics.map(\.name) == ["汛情", "交通"])
        #expect(ChineseFormat.change(report.overview.items) == "↑100.0%")
        #expect(ChineseFormat.change(.init(current: 3, previous: 4)) == "↓25.0%")
        #expect(ChineseFormat.change(.init(current: 3, previous: 0)) == "新增")
        #expect(ChineseFormat.change(.init(current: 0, previous: 0)) == "—")
    }

    @Test func storyPathsRunFromTheFirstSourceAndRankBySpread() throws {
        let report = tally([
            item("s1", source: "b", hoursAgo: 5), item("s2", source: "a", story: "s1", hoursAgo: 4),
            item("s3", source: "c", story: "s1", hoursAgo: 3), item("s4", source: "a", story: "s1", hoursAgo: 2),
            item("lone", hoursAgo: 1),
        ])
        let top = try #require(report.stories.first)
        #expect(top.story == "s1" && top.items == 4 && top.sources == 3)
        #expect(top.hops.map(\.source) == ["源b", "源a", "源c"], "each source once, at its first item, by time, named")
        #expect(report.stories.last?.story == "lone")
    }

    @Test func regionsAreBrokenDownBelowTheHomeRegion() {
        let report = tally([
            item("h1", hoursAgo: 1, sentiment: .negative, regions: [330106]),  // 西湖区
            item("h2", hoursAgo: 1, sentiment: .neutral, regions: [330106, 330100]),
            item("n1", hoursAgo: 1, sentiment: .negative, regions: [330206]),  // 宁波北仑区 → 宁波市
        ], home: 330100)
        let rows = Dictionary(uniqueKeysWithValues: report.regions.map { ($0.name, ($0.items, $0.negative)) })
        #expect(rows["西湖区"]?.0 == 2 && rows["西湖区"]?.1 == 1)
        #expect(rows["宁波市"]?.0 == 1 && rows["宁波市"]?.1 == 1)
        #expect(rows["杭州市"]?.0 == 1)
        let unjudged = tally([item("x", hoursAgo: 1)])
        #expect(unjudged.overview.negativeStories == nil && unjudged.regions.isEmpty && !unjudged.judged)
        #expect(!ReportOutline(unjudged).sections.contains { $0.id == "regions" }, "no judgements recorded: the section is left out")
    }

    @Test func aSpecialReportCountsOnlyItsTopics() {
        let report = tally([item("a", hoursAgo: 1), item("b", topic: "交通", hoursAgo: 1)], filter: ["交通"])
        #expect(report.overview.items.current == 1)
        #expect(report.topics.map(\.name) == ["交通"])
    }

    @Test func oneAlertSentToSeveralChannelsIsOneRow() {
        var first = Alerting.Notification(id: "k1-mail", rule: "r", channel: "mail", created: end, title: "暴雨", text: "", fields: [:])
        first.delivered = end
        let second = Alerting.Notification(id: "k1-robot", rule: "r", channel: "robot", created: end, title: "暴雨", text: "", fields: [:])
        let rows = ReportTally.alertRows([.init(state: .pending, notification: second), .init(state: .sent, notification: first)])
        #expect(rows.count == 1)
        #expect(Set(rows.first?.channels ?? []) == ["mail", "robot"])
        #expect(rows.first?.state == "已发送")
    }
}
