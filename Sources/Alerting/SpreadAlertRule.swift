import Feeds
import Foundation
import Storage

/// What is known of one story for spread alerts: where and when it appeared.
public struct StorySpread: Sendable, Equatable {
    public var story: String
    public var title: String
    public var url: String?
    public var firstSource: String
    public var firstSeen: Date
    /// Each source with the first time it carried the story.
    public var sources: [String: Date]
    /// The best topic any of its items matched, with its score.
    public var topic: String?
    public var score: Int

    public init(item: StoredItem) {
        story = item.story
        title = item.title
        url = item.url
        firstSource = item.source
        firstSeen = item.fetched
        sources = [item.source: item.fetched]
        topic = item.topics.first?.topic
        score = item.score
    }

    public mutating func add(_ item: StoredItem) {
        if sources[item.source].map({ item.fetched < $0 }) ?? true { sources[item.source] = item.fetched }
        if item.fetched < firstSeen {
            (firstSeen, firstSource, title, url) = (item.fetched, item.source, item.title, item.url)
        }
        if item.score > score { (topic, score) = (item.topics.first?.topic, item.score) }
    }

    /// Distinct sources that carried the story within `span` seconds before `now`.
    public func sourceCount(within span: TimeInterval, now: Date) -> Int {
        sources.values.filter { $0 >= now.addingTimeInterval(-span) }.count
    }
}

/// Alert when one story spreads: it reaches `minSources` distinct sources within `within`
/// seconds (optionally only stories matching `topics` with at least `minScore`). Fires
/// once per story.
public struct SpreadAlertRule: Sendable, Equatable {
    public var name: String
    public var minSources: Int
    public var within: TimeInterval
    public var minScore: Int
    public var topics: [String]
    public var channels: [String]

    public init(name: String, minSources: Int, within: TimeInterval, minScore: Int = 0, topics: [String] = [], channels: [String]) {
        self.name = name
        self.minSources = minSources
        self.within = within
        self.minScore = minScore
        self.topics = topics
        self.channels = channels
    }

    /// True when `spread` meets the rule at `now`.
    public func holds(for spread: StorySpread, now: Date) -> Bool {
        guard spread.score >= minScore else { return false }
        if !topics.isEmpty && !(spread.topic.map(topics.contains) ?? false) { return false }
        return spread.sourceCount(within: within, now: now) >= minSources
    }

    /// One notification per channel for a story that met the rule.
    public func notifications(for spread: StorySpread, now: Date) -> [Notification] {
        let count = spread.sourceCount(within: within, now: now)
        let hours = within >= 3600 ? "\(Int(within / 3600)) 小时" : "\(Int(within / 60)) 分钟"
        let headline = spread.title.count > 60 ? spread.title.prefix(59) + "…" : Substring(spread.title)
        var lines = [
            "标题: \(spread.title)",
            "说明: \(hours)内 \(count) 个信息源转载（\(spread.sources.keys.sorted().joined(separator: "、"))）",
            "首发: \(spread.firstSource)",
        ]
        if let topic = spread.topic { lines.append("话题: \(topic)（相关度 \(spread.score)）") }
        if let url = spread.url { lines.append("链接: \(url)") }
        return channels.map { channel in
            Notification(
                id: StableID.key128("\(name)|\(channel)|spread|\(spread.story)"),
                rule: name, channel: channel, created: now,
                title: "【\(name)】扩散 \(count) 个来源：\(headline)", text: lines.joined(separator: "\n"),
                fields: [
                    "kind": "spread", "story": spread.story, "item_title": spread.title, "url": spread.url ?? "",
                    "source": spread.firstSource, "sources": String(count), "topic": spread.topic ?? "",
                ])
        }
    }
}

/// Alert when a source has been failing for `failingFor` seconds, and again when it
/// recovers.
public struct SourceAlertRule: Sendable, Equatable {
    public var name: String
    public var failingFor: TimeInterval
    public var sources: [String]
    public var channels: [String]

    public init(name: String, failingFor: TimeInterval, sources: [String] = [], channels: [String]) {
        self.name = name
        self.failingFor = failingFor
        self.sources = sources
        self.channels = channels
    }

    public func applies(to source: String) -> Bool { sources.isEmpty || sources.contains(source) }

    /// The failing notice (`recovered == false`) or the recovery notice for one source.
    public func notifications(source: String, name sourceName: String, since: Date, error: String?, recovered: Bool, now: Date) -> [Notification] {
        let minutes = Int(now.timeIntervalSince(since) / 60)
        let duration = minutes >= 120 ? "\(minutes / 60) 小时" : "\(minutes) 分钟"
        let title = recovered
            ? "【\(self.name)】信息源已恢复：\(sourceName)"
            : "【\(self.name)】信息源持续失败 \(duration)：\(sourceName)"
        var lines = ["来源: \(sourceName)（\(source)）", "说明: " + (recovered ? "中断 \(duration)后恢复正常" : "已连续失败 \(duration)")]
        if let error, !recovered { lines.append("错误: \(error)") }
        let episode = Int(since.timeIntervalSince1970)
        return channels.map { channel in
            Notification(
                id: StableID.key128("\(self.name)|\(channel)|source|\(source)|\(episode)|\(recovered)"),
                rule: self.name, channel: channel, created: now, title: title, text: lines.joined(separator: "\n"),
                fields: ["kind": recovered ? "source_recovered" : "source_failing", "source": source, "since": RecordCoding.timestamp(since)])
        }
    }
}
