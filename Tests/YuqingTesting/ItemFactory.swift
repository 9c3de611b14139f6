import Analysis
import Feeds
import Foundation
import Storage

/// Items for tests: plain, scored for a topic, or stored.
public enum ItemFactory {
    /// A fixed instant on a bucket boundary (2026-11-18 04:40 UTC, 12:40 in Shanghai).
    public static let epoch = Date(timeIntervalSince1970: 1_795_000_200)

    public static func item(
        _ id: String, source: String = "src", title: String? = nil, summary: String = "", at time: Date = epoch
    ) -> Item {
        Item(id: id, sourceID: source, url: "http://a.cn/\(id)", title: title ?? "暴雨预警 \(id)", summary: summary, published: nil, fetched: time)
    }

    /// A stored item matching `topic` with `score`, a story of its own unless `story` is given.
    public static func stored(
        _ id: String, topic: String = "汛情", score: Int = 80, source: String = "src", title: String? = nil,
        story: String? = nil, at time: Date = epoch
    ) -> StoredItem {
        var scored = ScoredItem(
            item: item(id, source: source, title: title, at: time),
            topics: [TopicScore(topic: topic, score: score, terms: ["暴雨"])], story: story ?? id)
        scored.opensStory = story == nil
        return StoredItem(scored)
    }
}
