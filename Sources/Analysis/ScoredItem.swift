import Feeds

/// An item with its relevance to each matching topic and its story.
public struct ScoredItem: Sendable, Equatable {
    public var item: Item
    /// Matching topics, best first.
    public var topics: [TopicScore]
    /// The story (cluster) the item belongs to: items whose normalised titles are equal
    /// share a story. (SimHash near-duplicate clustering replaces this later.)
    public var story: String

    /// The item's relevance: its best topic's score, 0 when no topic matches.
    public var score: Int { topics.first?.score ?? 0 }

    public init(item: Item, topics: [TopicScore], story: String) {
        self.item = item
        self.topics = topics
        self.story = story
    }

    /// Scores `item` against the topics `scorer` was built from.
    public init(item: Item, scorer: TopicScorer) {
        let topics = scorer.score(title: item.title, summary: item.summary)
        let key = TextNormalizer.normalize(item.title).filter { !$0.isWhitespace && !$0.isPunctuation }
        self.init(item: item, topics: topics, story: StableID.hex(StableID.fnv1a(key.isEmpty ? item.id : key)))
    }
}
