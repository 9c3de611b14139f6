import Foundation

/// Counts per 5-minute bucket over a time range, per topic (items and new stories) and for
/// all items, read from the segment indexes; segments without an index (the open one) are
/// counted from their records. A story counts once, in the bucket of the item that opened
/// it (`StoredItem.opens`), so a story re-posted by twenty sites is one event.
public struct TopicSeries: Sendable {
    public static let bucketSeconds = SegmentIndex.bucketSeconds

    /// Bucket start (Unix seconds) → [items, stories].
    public var topics: [String: [Int: [Int]]] = [:]
    public var all: [Int: [Int]] = [:]
    /// How many segments were read through their index, and how many record by record.
    public var indexedSegments = 0
    public var scannedSegments = 0
    /// The earliest bucket with data, for judging how much history there is.
    public var firstBucket: Int?

    public init() {}

    /// The series of a topic's negative items and stories: `话题/负面`.
    public static func negativeKey(_ topic: String) -> String { topic + negativeSuffix }
    public static let negativeSuffix = "/负面"

    /// The series of `[from, to)` (by item time; segments are chosen by their fetch times,
    /// with a day of slack for items published before they were fetched).
    public static func load(dataDirectory: String, from: Date, to: Date) throws -> TopicSeries {
        var series = TopicSeries()
        let low = Int(from.timeIntervalSince1970), high = Int(to.timeIntervalSince1970)
        let firstDay = SegmentName.name(day: from.addingTimeInterval(-86400), sequence: 0).prefix(10)
        for path in SegmentReader(dataDirectory: dataDirectory).segments() {
            let name = (path as NSString).lastPathComponent
            if name.prefix(10) < firstDay { continue }
            let index = SegmentIndex.load(forSegment: path)
            if let index {
                if let last = index.to, last < from, index.coveredBytes == nil { continue }
                series.indexedSegments += 1
                for offset in 0..<index.buckets where index.items[offset] > 0 {
                    let bucket = index.bucket(offset)
                    guard bucket >= low, bucket < high else { continue }
                    Self.add(&series.all, bucket, [index.items[offset], index.stories[offset]])
                }
                for (topic, items) in index.topicItems {
                    let stories = index.topicStories[topic] ?? []
                    for offset in 0..<min(items.count, index.buckets) where items[offset] > 0 {
                        let bucket = index.bucket(offset)
                        guard bucket >= low, bucket < high else { continue }
                        Self.add(&series.topics[topic, default: [:]], bucket, [items[offset], offset < stories.count ? stories[offset] : 0])
                    }
                }
            }
            if index == nil || index?.coveredBytes != nil {
                // No index, or a partial one: read the records it does not cover.
                series.scannedSegments += 1
                var stories: [String: [Int: Set<String>]] = [:]
                try SegmentReader.forEach(inFile: path, fromOffset: UInt64(index?.coveredBytes ?? 0)) { item in
                    let bucket = Int(item.time.timeIntervalSince1970) / bucketSeconds * bucketSeconds
                    guard bucket >= low, bucket < high else { return }
                    let counts = item.countsAsNewStory ?? true
                    let isNewAll = counts && stories["", default: [:]][bucket, default: []].insert(item.story).inserted
                    Self.add(&series.all, bucket, [1, isNewAll ? 1 : 0])
                    for topic in item.seriesTopics {
                        let isNew = counts && stories[topic, default: [:]][bucket, default: []].insert(item.story).inserted
                        Self.add(&series.topics[topic, default: [:]], bucket, [1, isNew ? 1 : 0])
                    }
                }
            }
        }
        series.firstBucket = series.all.keys.min()
        return series
    }

    private static func add(_ target: inout [Int: [Int]], _ bucket: Int, _ value: [Int]) {
        let current = target[bucket] ?? [0, 0]
        target[bucket] = [current[0] + (value.first ?? 0), current[1] + (value.count > 1 ? value[1] : 0)]
    }

    /// Distinct-story counts of `topic` for consecutive buckets from `start` (a bucket start),
    /// `count` of them; `itemCounts` for items instead.
    public func counts(topic: String?, start: Int, count: Int, itemCounts: Bool = false) -> [Int] {
        let source = topic.map { topics[$0] ?? [:] } ?? all
        return (0..<count).map { source[start + $0 * Self.bucketSeconds]?[itemCounts ? 0 : 1] ?? 0 }
    }
}
