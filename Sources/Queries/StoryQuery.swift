import Foundation
import Storage

/// Stories (near-duplicate clusters) seen since a time, ranked by how many sources carried
/// them: what `yuqing stories` lists.
public struct StoryQuery: Sendable {
    /// One story: where and when it first appeared, who carried it, its best topic.
    public struct Story: Sendable, Encodable {
        public var story: String
        public var title: String
        public var url: String?
        public var first_source: String
        public var first_seen: Date
        public var last_seen: Date
        public var items: Int
        public var sources: [String]
        public var best_topic: String?
        public var best_score: Int
    }

    public var since: Date
    public var limit = 20

    public init(since: Date, limit: Int = 20) {
        self.since = since
        self.limit = limit
    }

    public func run(dataDirectory: String) throws -> [Story] {
        var tally = Tally(since: since)
        try SegmentReader(dataDirectory: dataDirectory).forEach(since: since) { tally.add($0) }
        return tally.ranked(limit: limit)
    }

    /// Stories folded from items in any order (a node's segments, or the cluster's database).
    public struct Tally: Sendable {
        public let since: Date
        private var stories: [String: Story] = [:]

        public init(since: Date) {
            self.since = since
        }

        public mutating func add(_ item: StoredItem) {
            guard item.fetched >= since else { return }
            let best = item.topics.max { $0.score < $1.score }
            guard var story = stories[item.story] else {
                stories[item.story] = Story(
                    story: item.story, title: item.title, url: item.url, first_source: item.source, first_seen: item.fetched,
                    last_seen: item.fetched, items: 1, sources: [item.source], best_topic: best?.topic, best_score: best?.score ?? 0)
                return
            }
            story.items += 1
            if !story.sources.contains(item.source) { story.sources.append(item.source) }
            if item.fetched < story.first_seen {
                (story.first_seen, story.first_source, story.title, story.url) = (item.fetched, item.source, item.title, item.url)
            }
            story.last_seen = max(story.last_seen, item.fetched)
            if let best, best.score > story.best_score { (story.best_topic, story.best_score) = (best.topic, best.score) }
            stories[item.story] = story
        }

        /// Ranked by how many sources carried them, then items, then the latest.
        public func ranked(limit: Int) -> [Story] {
            let ranked = stories.values.sorted {
                ($0.sources.count, $0.items, $0.last_seen) > ($1.sources.count, $1.items, $1.last_seen)
            }
            return Array(ranked.prefix(limit))
        }
    }
}
