import Analysis
import Feeds
import Foundation
import Storage

/// 上榜预警: an entry of a hot list that matches one of `topics` or names a place inside
/// one of `regions` (any entry when both are empty) enters the list, enters its top `top`, or climbs `climb` ranks between two polls; or one
/// story stands on `platforms` lists at once. Fires once per entry and event until the
/// entry leaves the list (once per story for `platforms`).
public struct HotAlertRule: Sendable, Equatable {
    public enum Event: String, Sendable {
        case entered, top, climbed, platforms
    }

    public var name: String
    public var topics: [String]
    public var sources: [String]
    public var top: Int?
    public var climb: Int?
    public var platforms: Int?
    public var channels: [String]
    /// Entries naming a place inside one of these divisions concern the rule too (本市:
    /// the home region), whatever their topic.
    public var regions: [Int] = []

    public init(
        name: String, topics: [String] = [], sources: [String] = [], top: Int? = nil, climb: Int? = nil, platforms: Int? = nil,
        channels: [String]
    ) {
        self.name = name
        self.topics = topics
        self.sources = sources
        self.top = top
        self.climb = climb
        self.platforms = platforms
        self.channels = channels
    }

    public func applies(toSource source: String) -> Bool { sources.isEmpty || sources.contains(source) }

    /// Why an entry with `topics` naming `places` concerns this rule: the topic ("" when
    /// the rule takes any entry and it matches none) and the place that made it concern
    /// the rule; nil when it does not.
    public func concern(topics entryTopics: [String], places: [Int]) -> (topic: String, place: Int?)? {
        if topics.isEmpty && regions.isEmpty { return (entryTopics.first ?? "", nil) }
        if let topic = entryTopics.first(where: topics.contains) { return (topic, nil) }
        let gazetteer = RegionGazetteer.standard
        if let place = places.first(where: { place in regions.contains { gazetteer.contains($0, place) } }) {
            return (entryTopics.first ?? "", place)
        }
        return nil
    }

    /// The entry-level event this rule announces for an entry now at `rank` that was at
    /// `previous` (nil: not on the list before), or nil.
    public func event(rank: Int, previous: Int?) -> Event? {
        if let top {
            return rank <= top && (previous.map { $0 > top } ?? true) ? .top : nil
        }
        if let climb {
            return previous.map { $0 - rank >= climb } == true ? .climbed : nil
        }
        return platforms == nil && previous == nil ? .entered : nil
    }

    /// One notification per channel.
    public func notifications(
        event: Event, entry: HotSnapshot.Entry, source: String, previous: Int?, topic: String?, sources: [String], now: Date,
        place: Int? = nil
    ) -> [Notification] {
        let placeName = place.map { RegionGazetteer.standard.fullName($0) }
        let hot = entry.hot.map { "，热度 " + Self.hotText($0) } ?? ""
        let what: String
        switch event {
        case .entered: what = "上榜 \(source) 第\(entry.rank)名"
        case .top: what = "进入 \(source) 前\(top ?? entry.rank)名（第\(entry.rank)名）"
        case .climbed: what = "\(source) 上升 \((previous ?? entry.rank) - entry.rank) 名至第\(entry.rank)名"
        case .platforms: what = "登上 \(sources.count) 个平台热榜"
        }
        var lines = ["标题: \(entry.title)", "说明: \(what)\(hot)"]
        if event == .platforms { lines.append("平台: \(sources.joined(separator: "、"))") }
        if let topic, !topic.isEmpty { lines.append("话题: \(topic)") }
        if let placeName { lines.append("地域: \(placeName)") }
        if let url = entry.url { lines.append("链接: \(url)") }
        let headline = entry.title.count > 60 ? entry.title.prefix(59) + "…" : Substring(entry.title)
        let key = event == .platforms ? "story|\(entry.id)" : "\(source)|\(entry.id)|\(event.rawValue)"
        return channels.map { channel in
            Notification(
                id: StableID.key128("\(name)|\(channel)|hot|\(key)|\(Int(now.timeIntervalSince1970) / 60)"),
                rule: name, channel: channel, created: now, title: "【\(name)】\(what)：\(headline)", text: lines.joined(separator: "\n"),
                fields: [
                    "kind": "hot", "event": event.rawValue, "source": source, "item_title": entry.title, "url": entry.url ?? "",
                    "rank": String(entry.rank), "hot": entry.hot.map { String($0) } ?? "", "topic": topic ?? "",
                    "regions": placeName ?? "",
                ])
        }
    }

    /// `1234.5万`, `3.2亿`, or the number.
    public static func hotText(_ value: Double) -> String {
        if value >= 1e8 { return String(format: "%.1f亿", value / 1e8) }
        if value >= 1e4 { return String(format: "%.1f万", value / 1e4) }
        return String(Int(value))
    }
}
