import Feeds

/// An item with its relevance to each matching topic and its story.
public struct ScoredItem: Sendable, Equatable {
    public var item: Item
    /// Matching topics, best first.
    public var topics: [TopicScore]
    /// The story (near-duplicate cluster) the item belongs to.
    public var story: String
    /// The SimHash of the item's story text, when it was clustered by fingerprint.
    public var fingerprint: UInt64?
    /// True when this item started its story (no near duplicate was known).
    public var opensStory = false
    /// Sentiment and regions, judged in the same scan as the topics.
    public var judgement: ItemJudgement = .none

    /// The item's relevance: its best topic's score, 0 when no topic matches.
    public var score: Int { topics.first?.score ?? 0 }

    public init(item: Item, topics: [TopicScore], story: String) {
        self.item = item
        self.topics = topics
        self.story = story
    }

    /// Scores `item` against the topics `scorer` was built from and finds its story in
    /// `stories` (recording a new story when no near duplicate is known).
    /// `sourceRegion`: where the item's source is, for 我市 and 本县 in its text.
    public init(item: Item, scorer: TopicScorer, stories: inout StoryIndex, sourceRegion: Int? = nil) {
        let text = scorer.match(title: item.title, summary: item.summary, source: item.sourceID)
        let topics = scorer.score(text)
        let fingerprints = StoryFingerprints(title: item.title, summary: item.summary)
        let newStory = StableID.hex(StableID.fnv1a(item.id))
        let story = stories.assign(fingerprints, newStory: newStory, time: item.fetched)
        self.init(item: item, topics: topics, story: story)
        self.fingerprint = fingerprints.combined
        self.opensStory = story == newStory
        self.judgement = scorer.judge(text, evidence: false, sourceRegion: sourceRegion)
    }

    /// Scores `item` without clustering: it is a story of its own.
    public init(item: Item, scorer: TopicScorer) {
        let text = scorer.match(title: item.title, summary: item.summary, source: item.sourceID)
        self.init(item: item, topics: scorer.score(text), story: StableID.hex(StableID.fnv1a(item.id)))
        self.opensStory = true
        self.judgement = scorer.judge(text, evidence: false)
    }
}
