import Analysis
import Feeds
import Foundation
import Storage

/// Stored items, newest first, filtered: what `yuqing items` lists (and what a report or
/// a web view would list). Reads only the segments whose index may hold a match.
public struct ItemQuery: Sendable {
    public var since: Date
    public var topic: String?
    public var source: String?
    public var story: String?
    public var minScore = 0
    /// Text that the title or summary contains after normalisation (width, case, script).
    public var contains: String?
    /// Only items of these sentiments (empty: any); hand-set labels count.
    public var sentiments: [Sentiment] = []
    /// Only items concerning a place inside one of these divisions (empty: anywhere).
    public var regions: [Int] = []
    /// Only items from sources of these tiers (empty: any).
    public var tiers: [SourceTier] = []
    public var limit = 50
    /// Called after each segment read with bytes read, bytes of all segments, records read.
    public var progress: (@Sendable (Int64, Int64, Int) -> Void)?

    public init(since: Date) {
        self.since = since
    }

    /// The newest matches, and how many matched in the segments read.
    public struct Result: Sendable {
        public var items: [StoredItem]
        public var total: Int
        /// True when older segments were not read: `total` counts only the newer ones.
        public var stoppedEarly: Bool

        public init(items: [StoredItem], total: Int, stoppedEarly: Bool) {
            self.items = items
            self.total = total
            self.stoppedEarly = stoppedEarly
        }
    }

    /// The whole filter as one test, for items read from elsewhere (the cluster's database).
    public func matcher() -> @Sendable (StoredItem) -> Bool {
        let needle = contains.map { TextNormalizer.normalizedUTF8($0) }
        let query = self
        return { query.matches($0, needle: needle) }
    }

    /// Runs the query over the segments of `dataDirectory`, newest segment first, keeping at
    /// most 2 × limit records however many match, and stopping once `limit` matches are
    /// newer than anything older segments hold.
    public func run(dataDirectory: String) throws -> Result {
        let needle = contains.map { TextNormalizer.normalizedUTF8($0) }
        var newest: [StoredItem] = []
        var total = 0
        let segments = SegmentReader(dataDirectory: dataDirectory).segments()
        let sizes = progress == nil ? [] : segments.map { ((try? FileManager.default.attributesOfItem(atPath: $0))?[.size] as? NSNumber)?.int64Value ?? 0 }
        let totalBytes = sizes.reduce(0, +)
        var bytesRead: Int64 = 0
        var records = 0
        for (position, path) in segments.enumerated().reversed() {
            if let progress, !sizes.isEmpty {
                progress(bytesRead, totalBytes, records)
                bytesRead += sizes[position]
            }
            if let index = SegmentIndex.load(forSegment: path), index.coveredBytes == nil, !mayMatch(index) { continue }
            try SegmentReader.forEach(inFile: path) { item in
                records += 1
                guard matches(item, needle: needle) else { return }
                total += 1
                newest.append(item)
                if newest.count >= 2 * max(limit, 1) {
                    newest.sort { $0.time > $1.time }
                    newest.removeLast(newest.count - limit)
                }
            }
            // Items of older segments were fetched (so published) no later than their `to`.
            if position > 0, let older = SegmentIndex.load(forSegment: segments[position - 1]), older.coveredBytes == nil, let bound = older.to,
                newest.filter({ $0.time >= bound }).count >= limit
            {
                newest.sort { $0.time > $1.time }
                return Result(items: Array(newest.prefix(limit)), total: total, stoppedEarly: true)
            }
        }
        newest.sort { $0.time > $1.time }
        return Result(items: Array(newest.prefix(limit)), total: total, stoppedEarly: false)
    }

    /// False when a segment's index shows it cannot hold a match.
    private func mayMatch(_ index: SegmentIndex) -> Bool {
        if let to = index.to, to < since, (index.bucketStart + index.buckets * 300) < Int(since.timeIntervalSince1970) { return false }
        if let topic, index.topicItems[topic] == nil { return false }
        if let source, index.sourceItems[source] == nil { return false }
        return true
    }

    /// Whether normalised `text` holds `needle`, compared on UTF-8 bytes: both are
    /// normalised, and a UTF-8 match always starts on a character. (Foundation's
    /// `contains` compared grapheme clusters through ICU and was most of a full scan.)
    static func contains(_ text: [UInt8], _ needle: [UInt8]) -> Bool {
        ByteSearch.firstIndex(of: needle, in: text) != nil
    }

    private func matches(_ item: StoredItem, needle: [UInt8]?) -> Bool {
        guard item.fetched >= since || item.time >= since else { return false }
        if let source, item.source != source { return false }
        if let story, item.story != story { return false }
        if let topic {
            guard let hit = item.topics.first(where: { $0.topic == topic }), hit.score >= minScore else { return false }
        } else if item.score < minScore {
            return false
        }
        if !sentiments.isEmpty, !(item.sentiment.map(sentiments.contains) ?? false) { return false }
        if !tiers.isEmpty, !(item.tier.map(tiers.contains) ?? false) { return false }
        if !regions.isEmpty {
            let gazetteer = RegionGazetteer.standard
            guard (item.regions ?? []).contains(where: { place in regions.contains { gazetteer.contains($0, place) } }) else { return false }
        }
        if let needle, !Self.contains(TextNormalizer.normalizedUTF8(item.title + "\n" + item.summary), needle) { return false }
        return true
    }
}
