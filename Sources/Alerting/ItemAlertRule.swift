import Analysis
import Feeds
import Storage

/// What an item rule needs to know about an item beyond its record: the deployment's home
/// region and how many sources carry its story so far (for the severity grade).
public struct ItemAlertContext: Sendable {
    public var homeRegion: Int?
    public var storySources: Int

    public init(homeRegion: Int? = nil, storySources: Int = 1) {
        self.homeRegion = homeRegion
        self.storySources = storySources
    }
}

/// Alert on single items: fires for every newly stored item whose relevance to one of
/// `topics` (any topic when empty) reaches `minScore`, and that meets the rule's
/// judgement predicates: `sentiment`, `regions` (inside any of them), source `tiers`,
/// `minSeverity`.
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
    /// Only items of these sentiments (empty: any).
    public var sentiments: [Sentiment] = []
    /// Only items concerning a place inside one of these divisions (empty: anywhere).
    public var regions: [Int] = []
    /// Only items from sources of these tiers (empty: any).
    public var tiers: [SourceTier] = []
    /// Only items graded at least this severe.
    public var minSeverity: Severity?

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
    public func notifications(for item: StoredItem, context: ItemAlertContext = ItemAlertContext()) -> [Notification] {
        guard sources.isEmpty || sources.contains(item.source) else { return [] }
        let candidates = item.topics.filter { topics.isEmpty || topics.contains($0.topic) }
        guard let best = candidates.max(by: { $0.score < $1.score }), best.score >= minScore else { return [] }
        let gazetteer = RegionGazetteer.standard
        let places = item.regions ?? []
        guard sentiments.isEmpty || item.sentiment.map(sentiments.contains) == true,
            regions.isEmpty || places.contains(where: { place in regions.contains { gazetteer.contains($0, place) } }),
            tiers.isEmpty || item.tier.map(tiers.contains) == true
        else { return [] }
        let inHome = context.homeRegion.map { home in places.contains { gazetteer.contains(home, $0) } } ?? false
        let severity = Severity.grade(
            sentiment: item.sentiment, polarity: item.polarity, category: item.category, inHome: inHome, tier: item.tier,
            sources: context.storySources)
        if let minSeverity, severity < minSeverity { return [] }
        let headline = item.title.count > 60 ? item.title.prefix(59) + "…" : Substring(item.title)
        let tone = item.sentiment == .negative ? "【负面】" : ""
        let title = "【\(name)】\(tone)\(best.topic) \(best.score)分：\(headline)"
        let placeNames = places.map { gazetteer.fullName($0) }.joined(separator: "、")
        var lines = ["标题: \(item.title)", "话题: \(best.topic)（相关度 \(best.score)，命中: \(best.terms.joined(separator: "、"))）"]
        lines.append("来源: \(item.source)\(item.tier.map { "（\($0.label)）" } ?? "")")
        if let sentiment = item.sentiment {
            lines.append("倾向: \(sentiment.label)\(item.category.map { "（\($0)）" } ?? "")　级别: \(severity.label)")
        }
        if !placeNames.isEmpty { lines.append("地域: \(placeNames)") }
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
                    "sentiment": item.sentiment?.label ?? "", "regions": placeNames, "tier": item.tier?.label ?? "",
                    "severity": severity.label,
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
