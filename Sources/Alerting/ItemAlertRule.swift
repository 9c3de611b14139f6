import Analysis
import Feeds
import Storage

/// Alert on single items: fires for every newly stored item whose relevance to one of
/// `topics` (any topic when empty) reaches `minScore`.
public struct ItemAlertRule: Sendable, Equatable {
    public var name: String
    public var minScore: Int
    public var topics: [String]
    public var sources: [String]
    public var channels: [String]
    /// Notifications of one topic wait this long so that others can join them (seconds).
    public var groupWait: Double
    /// After a group's message, its next one waits at least this long (seconds).
    public var groupInterval: Double

    public init(
        name: String, minScore: Int, topics: [String] = [], sources: [String] = [], channels: [String],
        groupWait: Double = 0, groupInterval: Double = 0
    ) {
        self.name = name
        self.minScore = minScore
        self.topics = topics
        self.sources = sources
        self.channels = channels
        self.groupWait = groupWait
        self.groupInterval = groupInterval
    }

    /// The notifications this rule makes for `item`: one per channel, or none.
    public func notifications(for item: StoredItem) -> [Notification] {
        guard sources.isEmpty || sources.contains(item.source) else { return [] }
        let candidates = item.topics.filter { topics.isEmpty || topics.contains($0.topic) }
        guard let best = candidates.max(by: { $0.score < $1.score }), best.score >= minScore else { return [] }
        let headline = item.title.count > 60 ? item.title.prefix(59) + "…" : Substring(item.title)
        let title = "【\(name)】\(best.topic) \(best.score)分：\(headline)"
        var lines = ["标题: \(item.title)", "话题: \(best.topic)（相关度 \(best.score)，命中: \(best.terms.joined(separator: "、"))）", "来源: \(item.source)"]
        if let url = item.url { lines.append("链接: \(url)") }
        if !item.summary.isEmpty { lines.append("摘要: \(item.summary.prefix(200))") }
        return channels.map { channel in
            var notification = Notification(
                id: StableID.key128("\(name)|\(channel)|\(item.id)"),
                rule: name, channel: channel, created: item.fetched, title: title,
                text: lines.joined(separator: "\n"),
                fields: [
                    "item_id": item.id, "item_title": item.title, "source": item.source, "url": item.url ?? "",
                    "topic": best.topic, "score": String(best.score), "terms": best.terms.joined(separator: ","),
                    "summary": String(item.summary.prefix(200)), "time": RecordCoding.timestamp(item.time),
                ])
            if groupWait > 0 || groupInterval > 0 {
                notification.group = "\(name)|\(best.topic)"
                notification.groupInterval = groupInterval > 0 ? groupInterval : nil
            }
            notification.nextAttempt = item.fetched.addingTimeInterval(groupWait)
            return notification
        }
    }
}
