import Analysis
import Foundation

/// Reads a segment line as `StoredItemEncoder` writes it, without Foundation: reading
/// records back was most of a segment's indexing and of every scan (`yuqing items
/// --contains`, reports, start-up), all in `JSONDecoder` and its date parsing.
///
/// Any JSON object of the record's keys is read (in any order, with white space); a line
/// it does not take — an unknown key, a value of another type, a date in another form,
/// invalid UTF-8 — gives nil, and the caller decodes it with Foundation as before. A
/// property test holds the two to the same result.
public enum StoredItemDecoder {
    public static func decode(_ line: UnsafeBufferPointer<UInt8>) -> StoredItem? {
        var cursor = JSONCursor(line)
        var record = Fields()
        guard cursor.take(UInt8(ascii: "{")) else { return nil }
        if !cursor.take(UInt8(ascii: "}")) {
            repeat {
                guard let key = cursor.plainString(), cursor.take(UInt8(ascii: ":")), record.read(key, from: &cursor) else { return nil }
            } while cursor.take(UInt8(ascii: ","))
            guard cursor.take(UInt8(ascii: "}")) else { return nil }
        }
        cursor.skipSpace()
        guard cursor.atEnd else { return nil }
        return record.item()
    }

    /// The fields read so far.
    private struct Fields {
        var v: Int?, id: String?, source: String?, url: String?, title: String?, summary: String?
        var published: Date?, fetched: Date?, score: Int?, topics: [TopicScore]?, story: String?
        var simhash: String?, opens: Bool?, sentiment: Sentiment?, polarity: Double?, category: String?
        var regions: [Int]?, tier: SourceTier?, labelled: Bool?

        /// Reads the value of `key`; false when the key is unknown or its value not taken.
        mutating func read(_ key: UnsafeBufferPointer<UInt8>, from cursor: inout JSONCursor) -> Bool {
            // Optional fields may be null, as Foundation decodes them.
            func optional<T>(_ read: (inout JSONCursor) -> T?, into field: inout T?) -> Bool {
                if cursor.null() { field = nil; return true }
                guard let value = read(&cursor) else { return false }
                field = value
                return true
            }
            func required<T>(_ read: (inout JSONCursor) -> T?, into field: inout T?) -> Bool {
                guard let value = read(&cursor) else { return false }
                field = value
                return true
            }
            switch String(decoding: key, as: UTF8.self) {
            case "v": return required({ $0.integer() }, into: &v)
            case "id": return required({ $0.string() }, into: &id)
            case "source": return required({ $0.string() }, into: &source)
            case "url": return optional({ $0.string() }, into: &url)
            case "title": return required({ $0.string() }, into: &title)
            case "summary": return required({ $0.string() }, into: &summary)
            case "published": return optional(Self.date, into: &published)
            case "fetched": return required(Self.date, into: &fetched)
            case "score": return required({ $0.integer() }, into: &score)
            case "topics": return required({ $0.array(Self.topic) }, into: &topics)
            case "story": return required({ $0.string() }, into: &story)
            case "simhash": return optional({ $0.string() }, into: &simhash)
            case "opens": return optional({ $0.bool() }, into: &opens)
            case "sentiment": return optional({ $0.string().flatMap(Sentiment.init(rawValue:)) }, into: &sentiment)
            case "polarity": return optional({ $0.double().flatMap { $0.isFinite ? $0 : nil } }, into: &polarity)
            case "category": return optional({ $0.string() }, into: &category)
            case "regions": return optional({ $0.array { $0.integer() } }, into: &regions)
            case "tier": return optional({ $0.string().flatMap(SourceTier.init(rawValue:)) }, into: &tier)
            case "labelled": return optional({ $0.bool() }, into: &labelled)
            default: return false
            }
        }

        func item() -> StoredItem? {
            guard let v, let id, let source, let title, let summary, let fetched, let score, let topics, let story else { return nil }
            return StoredItem(
                v: v, id: id, source: source, url: url, title: title, summary: summary, published: published, fetched: fetched,
                score: score, topics: topics, story: story, simhash: simhash, opens: opens, sentiment: sentiment, polarity: polarity,
                category: category, regions: regions, tier: tier, labelled: labelled)
        }

        static func date(_ cursor: inout JSONCursor) -> Date? {
            guard let text = cursor.plainString() else { return nil }
            return UTCTimestamp.parse(text)
        }

        /// `{"score":…,"terms":[…],"topic":…}`, keys in any order.
        static func topic(_ cursor: inout JSONCursor) -> TopicScore? {
            guard cursor.take(UInt8(ascii: "{")) else { return nil }
            var topic: String?, score: Int?, terms: [String]?
            repeat {
                guard let key = cursor.plainString(), cursor.take(UInt8(ascii: ":")) else { return nil }
                switch String(decoding: key, as: UTF8.self) {
                case "topic": topic = cursor.string()
                case "score": score = cursor.integer()
                case "terms": terms = cursor.array { $0.string() }
                default: return nil
                }
            } while cursor.take(UInt8(ascii: ","))
            guard cursor.take(UInt8(ascii: "}")), let topic, let score, let terms else { return nil }
            return TopicScore(topic: topic, score: score, terms: terms)
        }
    }
}

extension StoredItem {
    /// Every field as stored.
    init(
        v: Int, id: String, source: String, url: String?, title: String, summary: String, published: Date?, fetched: Date, score: Int,
        topics: [TopicScore], story: String, simhash: String?, opens: Bool?, sentiment: Sentiment?, polarity: Double?, category: String?,
        regions: [Int]?, tier: SourceTier?, labelled: Bool?
    ) {
        self.v = v
        self.id = id
        self.source = source
        self.url = url
        self.title = title
        self.summary = summary
        self.published = published
        self.fetched = fetched
        self.score = score
        self.topics = topics
        self.story = story
        self.simhash = simhash
        self.opens = opens
        self.sentiment = sentiment
        self.polarity = polarity
        self.category = category
        self.regions = regions
        self.tier = tier
        self.labelled = labelled
    }
}
