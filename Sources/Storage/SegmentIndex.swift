import Feeds
import Foundation

/// The index sidecar of a closed segment, `<base>.idx.json`: what a query needs to skip the
/// segment or to count without reading it — its time range, counts per 5-minute bucket
/// (all items, and per topic and per source; items and new stories — stories whose first
/// item falls in the bucket, so reposts add nothing), and a Bloom
/// filter over its item ids.
public struct SegmentIndex: Sendable, Codable, Equatable {
    /// 2: dense arrays per bucket (version 1 indexes are rebuilt).
    public static let version = 2
    public static let bucketSeconds = 300

    public var v: Int
    /// The segment's base name, `2026-11-26.0001`.
    public var segment: String
    public var records: Int
    /// Size of the uncompressed JSON Lines.
    public var rawBytes: Int
    /// Earliest and latest fetch time.
    public var from: Date?
    public var to: Date?
    /// The first bucket's start (Unix seconds) and how many buckets the arrays hold; every
    /// array below has one entry per bucket, by item time.
    public var bucketStart: Int
    public var buckets: Int
    /// Items and new stories in each bucket (records stored before schema 2 count distinct
    /// stories instead of new ones).
    public var items: [Int]
    public var stories: [Int]
    public var topicItems: [String: [Int]]
    public var topicStories: [String: [Int]]
    public var sourceItems: [String: [Int]]
    /// Bloom filter over item ids: `bloomBits` bits, `bloomHashes` probes, base64.
    public var bloom: String
    public var bloomBits: Int
    public var bloomHashes: Int
    /// Set on the index of the open segment: the file size it covers. Records after that
    /// offset are read from the segment itself; a closed segment's index never has it.
    public var coveredBytes: Int?

    /// The index of the open segment up to its current size.
    public static func buildPartial(segment path: String) throws -> SegmentIndex {
        var info = stat()
        let size = stat(path, &info) == 0 ? Int(info.st_size) : 0
        var index = try build(segment: path)
        index.coveredBytes = size
        return index
    }

    /// Builds the index of a segment by reading it (rescored values applied).
    public static func build(segment path: String) throws -> SegmentIndex {
        var records = 0, rawBytes = 0
        var from: Date?, to: Date?
        var all: [Int: (Int, Set<String>)] = [:]
        var topics: [String: [Int: (Int, Set<String>)]] = [:]
        var sources: [String: [Int: Int]] = [:]
        var ids: [String] = []
        var line: [UInt8] = []
        try SegmentReader.forEach(inFile: path) { item in
            records += 1
            // The record's size as written now (rescored values applied), with its newline.
            line.removeAll(keepingCapacity: true)
            StoredItemEncoder.append(item, to: &line)
            rawBytes += line.count + 1
            from = min(from ?? item.fetched, item.fetched)
            to = max(to ?? item.fetched, item.fetched)
            let bucket = Int(item.time.timeIntervalSince1970) / bucketSeconds * bucketSeconds
            all[bucket, default: (0, [])].0 += 1
            let counts = item.countsAsNewStory ?? true
            if counts { all[bucket, default: (0, [])].1.insert(item.story) }
            for topic in item.seriesTopics {
                topics[topic, default: [:]][bucket, default: (0, [])].0 += 1
                if counts { topics[topic, default: [:]][bucket, default: (0, [])].1.insert(item.story) }
            }
            sources[item.source, default: [:]][bucket, default: 0] += 1
            ids.append(item.id)
        }
        var filter = BloomFilter(capacity: ids.count)
        for id in ids { filter.insert(id) }
        let first = all.keys.min() ?? 0
        let count = all.keys.max().map { ($0 - first) / bucketSeconds + 1 } ?? 0
        func dense(_ values: [Int: Int]) -> [Int] {
            var result = [Int](repeating: 0, count: count)
            for (bucket, value) in values { result[(bucket - first) / bucketSeconds] = value }
            return result
        }
        return SegmentIndex(
            v: version, segment: SegmentFiles.base(of: path), records: records, rawBytes: rawBytes, from: from, to: to,
            bucketStart: first, buckets: count,
            items: dense(all.mapValues(\.0)), stories: dense(all.mapValues(\.1.count)),
            topicItems: topics.mapValues { dense($0.mapValues(\.0)) }, topicStories: topics.mapValues { dense($0.mapValues(\.1.count)) },
            sourceItems: sources.mapValues(dense),
            bloom: Data(filter.bits).base64EncodedString(), bloomBits: filter.bitCount, bloomHashes: filter.hashes)
    }

    /// The start of bucket number `offset`.
    public func bucket(_ offset: Int) -> Int { bucketStart + offset * Self.bucketSeconds }

    /// False only when `id` is certainly not in the segment.
    public func mayContain(_ id: String) -> Bool {
        guard let bits = Data(base64Encoded: bloom) else { return true }
        return BloomFilter(bits: [UInt8](bits), bitCount: bloomBits, hashes: bloomHashes).contains(id)
    }

    public static func path(forSegment segment: String) -> String {
        (segment as NSString).deletingLastPathComponent + "/" + SegmentFiles.base(of: segment) + ".idx.json"
    }

    /// The index of a segment, when present and readable.
    public static func load(forSegment segment: String) -> SegmentIndex? {
        guard let index = try? StateFile<SegmentIndex>(path: path(forSegment: segment)).load(), index.v == version else { return nil }
        return index
    }

    public func save(forSegment segment: String) throws {
        try StateFile<SegmentIndex>(path: Self.path(forSegment: segment)).save(self)
    }
}

/// A Bloom filter with double hashing over FNV-1a (10 bits per id, 7 probes: ~1 % false
/// positives).
struct BloomFilter {
    private(set) var bits: [UInt8]
    let bitCount: Int
    let hashes: Int

    init(capacity: Int) {
        bitCount = max(1024, capacity * 10)
        hashes = 7
        bits = [UInt8](repeating: 0, count: (bitCount + 7) / 8)
    }

    init(bits: [UInt8], bitCount: Int, hashes: Int) {
        self.bits = bits
        self.bitCount = max(1, min(bitCount, bits.count * 8))
        self.hashes = hashes
    }

    private func positions(_ id: String) -> [Int] {
        let hash = StableID.fnv1a(id)
        let h1 = Int(hash & 0xFFFF_FFFF), h2 = Int(hash >> 32) | 1
        return (0..<hashes).map { ((h1 &+ $0 &* h2) & Int.max) % bitCount }
    }

    mutating func insert(_ id: String) {
        for position in positions(id) { bits[position / 8] |= 1 << UInt8(position % 8) }
    }

    func contains(_ id: String) -> Bool {
        positions(id).allSatisfy { bits[$0 / 8] & (1 << UInt8($0 % 8)) != 0 }
    }
}
