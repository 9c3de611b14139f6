import Alerting
import Analysis
import Engine
import Foundation
import Testing
import YuqingTesting

@testable import Daemon

/// `analysis:` and the judgement keys of sources and rules in `feeds.yml`.
struct AnalysisConfigTests {
    func errors(_ yaml: String, file: String = "test.yml") -> [String] {
        do {
            _ = try ConfigLoader.parse(yaml, file: file, environment: [:])
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    @Test func homeRegionTiersAndRulePredicates() throws {
        let config = try ConfigLoader.parse("""
            analysis: { home_region: 杭州市 }
            sources:
              - { id: zjrb, url: "https://zjrb.example.cn/rss", tier: 省级 }
              - { id: gov, url: "https://www.hangzhou.gov.cn/rss" }
              - { id: wb, url: "https://weibo.com/x/rss" }
              - { id: blog, url: "https://blog.example.cn/rss" }
            topics: [ { name: 安全, any: [火灾] } ]
            alerts:
              channels: { duty: { type: webhook, url: "https://hooks.example.cn/x" } }
              rules:
                - { name: 本市负面, sentiment: negative, regions: [本市, 宁波], tiers: [央媒, 省级], min_severity: 较大, send: [duty] }
                - { name: 负面上升, kind: trend, sentiment: 负面, send: [duty] }
            """, file: "feeds.yml")
        #expect(config.judgement.homeRegion == 330100)
        #expect(config.sources.map(\.effectiveTier) == [.provincial, .government, .selfMedia, nil])
        let rule = try #require(config.rules.first?.rule as? ItemAlertRule)
        #expect(rule.sentiments == [.negative])
        #expect(rule.regions == [330100, 330200])
        #expect(rule.tiers == [.central, .provincial])
        #expect(rule.minSeverity == .major)
        #expect((config.rules.last?.rule as? TrendAlertRule)?.negativeOnly == true)
        #expect(config.region(named: "本省") == 330000)
        #expect(config.region(named: "浙江省杭州市西湖区") == 330106)
    }

    @Test func mistakesAreNamedWithTheirPlace() {
        let found = errors("""
            analysis: { home_region: 朝阳区 }
            sources: [ { id: a, url: "https://a.cn/rss", tier: 国家级 } ]
            alerts:
              channels: { duty: { type: webhook, url: "https://hooks.example.cn/x" } }
              rules:
                - { name: r, sentiment: 很差, regions: [火星], tiers: [中央], min_severity: 特大, send: [duty] }
                - { name: t, kind: trend, sentiment: positive, send: [duty] }
            """)
        let expected = [
            "analysis.home_region: unknown or ambiguous region \"朝阳区\"",
            "sources[0].tier: unknown tier \"国家级\"",
            "alerts.rules[0].sentiment: unknown sentiment \"很差\"",
            "alerts.rules[0].regions[0]: unknown or ambiguous region \"火星\"",
            "alerts.rules[0].tiers: unknown tier \"中央\"",
            "alerts.rules[0].min_severity: unknown severity \"特大\"",
            "alerts.rules[1].sentiment: a trend rule watches all stories",
        ]
        for message in expected {
            #expect(found.contains { $0.contains(message) }, "\(message) in \(found)")
        }
        #expect(errors("""
            sources: [ { id: a, url: "https://a.cn/rss" } ]
            alerts:
              channels: { duty: { type: webhook, url: "https://hooks.example.cn/x" } }
              rules: [ { name: r, regions: [本市], send: [duty] } ]
            """).contains { $0.contains("\"本市\" needs analysis.home_region") })
    }

    @Test func aDeploymentsSentimentTermsFile() throws {
        let scratch = try TemporaryDirectory("terms")
        try """
            negative:
              本地风险: [邻避^3, 垃圾焚烧]
            negation: [未见异常]
            remove: [开通]
            """.write(toFile: scratch.path + "/terms.yml", atomically: true, encoding: .utf8)
        let config = try ConfigLoader.parse("""
            analysis: { sentiment_terms: terms.yml }
            sources: [ { id: a, url: "https://a.cn/rss" } ]
            """, file: scratch.path + "/feeds.yml")
        let lexicon = config.judgement.lexicon
        #expect(lexicon.entries["邻避"] == SentimentLexicon.Entry(term: "邻避", kind: .negative("本地风险"), weight: 3))
        #expect(lexicon.entries["垃圾焚烧"]?.weight == 2)
        #expect(lexicon.entries["未见异常"]?.kind == .negation)
        #expect(lexicon.entries["开通"] == nil)
        try "negative: [邻避]\nsurprise: 1\n".write(toFile: scratch.path + "/bad.yml", atomically: true, encoding: .utf8)
        let found = errors("""
            analysis: { sentiment_terms: bad.yml }
            sources: [ { id: a, url: "https://a.cn/rss" } ]
            """, file: scratch.path + "/feeds.yml")
        #expect(found.contains { $0.contains("bad.yml") && $0.contains("unknown key \"surprise\"") }, "\(found)")
        #expect(errors("""
            analysis: { sentiment_terms: missing.yml }
            sources: [ { id: a, url: "https://a.cn/rss" } ]
            """, file: scratch.path + "/feeds.yml").contains { $0.contains("cannot read") })
    }

    @Test func aLocalSourcesRegionReachesTheEngine() throws {
        let config = try ConfigLoader.parse("""
            analysis: { home_region: 330100 }
            sources:
              - { id: hzrb, url: "https://hzrb.example.cn/rss", region: 本市 }
              - { id: chunan, url: "https://chunan.example.cn/rss", region: 淳安县 }
            topics: [ { name: 安全, any: [火灾] } ]
            """, file: "feeds.yml", environment: [:])
        #expect(config.sources.map(\.region) == [330100, 330127])
        let settings = EngineSettings(config: config, channels: [])
        #expect(settings.sourceRegions == ["hzrb": 330100, "chunan": 330127])
        var engine = Engine(settings: settings)
        let item = ItemFactory.item("x", source: "chunan", title: "本县一企业发生火灾")
        #expect(engine.prepare([item], at: ItemFactory.epoch).first?.regions == [330127])
        #expect(errors("""
            sources: [ { id: bad, url: "https://bad.example.cn/rss", region: 火星 } ]
            """).contains { $0.contains("sources[0].region: unknown or ambiguous region \"火星\"") })
    }
}
