import Analysis
import Foundation

/// Scores recomputed after topics changed (`yuqing rescore`), kept beside a segment in
/// `<segment>.scores.json` instead of editing the segment: segments stay append-only,
/// and readers apply the overlay to the records it names.
public struct ScoreOverlay: Sendable, Codable, Equatable {
    public struct Entry: Sendable, Codable, Equatable {
        public var score: Int
        public var topics: [TopicScore]
        /// Sentiment and regions recomputed with the topics (absent in overlays written
        /// before schema 3: the record's own values stay).
        public var sentiment: Sentiment?
        public var polarity: Double?
        public var category: String?
        public var regions: [Int]?

        public init(score: Int, topics: [TopicScore], judgement: ItemJudgement? = nil) {
            self.score = score
            self.topics = topics
            if let judgement {
                sentiment = judgement.sentiment.sentiment
                polarity = (judgement.sentiment.score * 100).rounded() / 100
                category = judgement.sentiment.category
                regions = judgement.regions.isEmpty ? nil : judgement.regions
            }
        }
    }

    /// When the scores were recomputed.
    public var rescored: Date
    /// New scores by item id.
    public var items: [String: Entry]

    public init(rescored: Date, items: [String: Entry]) {
        self.rescored = rescored
        self.items = items
    }

    /// The overlay file of a segment: `2026-11-26.0001.jsonl` → `2026-11-26.0001.scores.json`.
    public static func path(forSegment segment: String) -> String {
        (segment as NSString).deletingLastPathComponent + "/" + SegmentFiles.base(of: segment) + ".scores.json"
    }

    /// The overlay of `segment`, if one was written and is readable.
    public static func load(forSegment segment: String) -> ScoreOverlay? {
        try? StateFile<ScoreOverlay>(path: path(forSegment: segment)).load()
    }

    /// Writes the overlay of `segment` atomically.
    public func save(forSegment segment: String) throws {
        try StateFile<ScoreOverlay>(path: Self.path(forSegment: segment)).save(self)
    }

    /// `item` with its rescored values, when the overlay has them.
    public func apply(to item: StoredItem) -> StoredItem {
        guard let entry = items[item.id] else { return item }
        var item = item
        item.score = entry.score
        item.topics = entry.topics
        if let sentiment = entry.sentiment {
            item.sentiment = sentiment
            item.polarity = entry.polarity
            item.category = entry.category
            item.regions = entry.regions
        }
        return item
    }
}
