import Analysis
import Feeds
import Foundation

/// One line of a segment file: a scored item as stored, schema version first.
public struct StoredItem: Sendable, Codable, Equatable {
    /// 2 added `opens`; 3 added `sentiment`, `polarity`, `category`, `regions`, `tier`.
    public static let schemaVersion = 3

    public var v: Int
    public var id: String
    public var source: String
    public var url: String?
    public var title: String
    public var summary: String
    public var published: Date?
    public var fetched: Date
    public var score: Int
    public var topics: [TopicScore]
    public var story: String
    /// The item's 64-bit SimHash in hex, from which the story index is rebuilt at start-up.
    public var simhash: String?
    /// True on the item that started its story (absent on reposts): trends count these,
    /// so a story re-posted by twenty sites is one event.
    public var opens: Bool?
    /// Negative, neutral or positive (absent before schema 3 until `yuqing rescore`).
    public var sentiment: Sentiment?
    /// The sentiment score, −1…1, two decimals.
    public var polarity: Double?
    /// The negative category that weighed most (安全事故, 违法犯罪 …), for negative items.
    public var category: String?
    /// The divisions the item concerns: 6-digit codes, most specific only.
    public var regions: [Int]?
    /// The source's tier when configured or inferred from its host.
    public var tier: SourceTier?
    /// True when `sentiment` was set by hand (`yuqing label`); never stored in a segment.
    public var labelled: Bool?

    public init(_ scored: ScoredItem, tier: SourceTier? = nil) {
        v = Self.schemaVersion
        id = scored.item.id
        source = scored.item.sourceID
        url = scored.item.url
        title = scored.item.title
        summary = scored.item.summary
        published = scored.item.published
        fetched = scored.item.fetched
        score = scored.score
        topics = scored.topics
        story = scored.story
        simhash = scored.fingerprint.map(StableID.hex)
        opens = scored.opensStory ? true : nil
        sentiment = scored.judgement.sentiment.sentiment
        polarity = (scored.judgement.sentiment.score * 100).rounded() / 100
        category = scored.judgement.sentiment.category
        regions = scored.judgement.regions.isEmpty ? nil : scored.judgement.regions
        self.tier = tier
    }

    /// Whether the item counts as a new story in trends: `opens` from schema 2 on; for
    /// older records nil (the caller counts distinct stories instead).
    public var countsAsNewStory: Bool? { v >= 2 ? (opens == true) : nil }

    /// The series the item counts in: each of its topics, and `话题/负面` for each when the
    /// item is negative (so a trend rule can watch negative stories and reports can give
    /// the negative share).
    public var seriesTopics: [String] {
        let names = topics.map(\.topic)
        return sentiment == .negative ? names + names.map(TopicSeries.negativeKey) : names
    }

    /// The time the item counts at: published when known and not later than fetched.
    public var time: Date {
        guard let published, published <= fetched else { return fetched }
        return published
    }
}

/// JSON coding shared by every file yuqing writes: ISO-8601 dates, sorted keys, one line.
public enum RecordCoding {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(timestamp(date))
        }
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = parseTimestamp(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad date \(text)"))
            }
            return date
        }
        return decoder
    }

    /// `2026-11-26T02:05:00.123Z`: UTC with milliseconds.
    public static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }

    public static func parseTimestamp(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true)) {
            return date
        }
        return try? Date(text, strategy: .iso8601)
    }
}
