import Analysis
import Foundation

/// A 舆情日报 / 周报 as data: what every rendering (HTML, Word, Markdown, robot summary)
/// shows, built once by `ReportBuilder`. Sections a deployment has no data for are empty
/// (no judgements recorded: no negative share and no regions) and the renderings leave
/// them out.
public struct Report: Sendable {
    /// A count now and in the period before.
    public struct Change: Sendable, Equatable {
        public var current: Int
        public var previous: Int
    }

    public struct Overview: Sendable {
        public var items: Change
        /// New stories (a story reposted by twenty sources counts once).
        public var stories: Change
        /// New negative stories; nil when no record in either period carries a sentiment.
        public var negativeStories: Change?
        /// Sources that brought at least one item.
        public var activeSources: Change
        public var alerts: Change
    }

    /// New stories of one topic, per bar, now and in the period before.
    public struct TopicSection: Sendable {
        public var name: String
        public var stories: Change
        public var items: Int
        public var negativeStories: Int?
        public var bars: [Int]
        public var previousBars: [Int]

        public var negativeShare: Double? {
            guard let negativeStories, stories.current > 0 else { return nil }
            return Double(negativeStories) / Double(stories.current)
        }
    }

    public struct RegionRow: Sendable {
        public var code: Int
        public var name: String
        public var items: Int
        public var negative: Int
    }

    /// One source's first item of a story: the propagation path is these, by time.
    public struct Hop: Sendable {
        public var source: String
        public var time: Date
        public var title: String
        public var url: String?
    }

    public struct StoryPath: Sendable {
        public var story: String
        public var title: String
        public var url: String?
        public var topic: String?
        public var sentiment: Sentiment?
        public var items: Int
        /// Every carrying source's first item, earliest first.
        public var hops: [Hop]
        public var sources: Int { hops.count }
    }

    public struct SourceRow: Sendable {
        public var id: String
        public var name: String
        public var tier: String?
        /// 正常, 失败, 持续失败, 未抓取.
        public var health: String
        public var failing: Bool
        public var items: Int
        public var lastSuccess: Date?
        public var failures: Int
        public var error: String?
    }

    public struct AlertRow: Sendable {
        public var time: Date
        public var rule: String
        public var title: String
        public var channels: [String]
        /// 已发送, 待发送, 已静默, 已放弃.
        public var state: String
    }

    /// 舆情日报, 舆情周报, 舆情专报 …
    public var title: String
    /// The topics a 专报 is limited to (empty: all).
    public var topicFilter: [String]
    public var period: ReportPeriod
    public var generated: Date
    public var zone: TimeZone
    public var overview: Overview
    public var topics: [TopicSection]
    public var regions: [RegionRow]
    public var stories: [StoryPath]
    public var emerging: [EmergingTerms.Term]
    public var sources: [SourceRow]
    public var alerts: [AlertRow]

    /// True when records carry judgements, so the negative share and regions mean something.
    public var judged: Bool { overview.negativeStories != nil }
}
