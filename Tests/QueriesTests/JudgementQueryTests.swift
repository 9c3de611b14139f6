import Analysis
import Foundation
import Queries
import Storage
import Testing
import YuqingTesting

/// `items --sentiment --region --tier` and hand-set labels, on a store holding records of
/// schema 3 and of schema 2 (written before sentiment existed).
struct JudgementQueryTests {
    static func judged(_ id: String, _ sentiment: Sentiment, regions: [Int], tier: SourceTier?, at now: Date) -> StoredItem {
        var item = ItemFactory.stored(id, at: now)
        item.sentiment = sentiment
        item.regions = regions
        item.tier = tier
        return item
    }

    @Test func filtersAndLabels() throws {
        let scratch = try TemporaryDirectory("judged")
        let store = try SegmentStore(dataDirectory: scratch.path, durable: false)
        let now = ItemFactory.epoch
        try store.append([
            Self.judged("a", .negative, regions: [330106], tier: .central, at: now),
            Self.judged("b", .negative, regions: [330200], tier: .selfMedia, at: now),
            Self.judged("c", .positive, regions: [330110], tier: .provincial, at: now),
        ], at: now)
        // A schema 2 record, as an older yuqing wrote it: no sentiment, regions or tier.
        let old = #"{"fetched":"2026-11-18T11:10:00.000Z","id":"old","opens":true,"score":80,"source":"src","story":"old","summary":"","title":"暴雨预警 old","topics":[{"score":80,"terms":["暴雨"],"topic":"汛情"}],"v":2}"#
        let segment = try #require(SegmentReader(dataDirectory: scratch.path).segments().last)
        let handle = try #require(FileHandle(forWritingAtPath: segment))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((old + "\n").utf8))
        try handle.close()

        func ids(_ configure: (inout ItemQuery) -> Void) throws -> [String] {
            var query = ItemQuery(since: now.addingTimeInterval(-3600))
            configure(&query)
            return try query.run(dataDirectory: scratch.path).items.map(\.id).sorted()
        }
        let all = try ids { _ in }
        #expect(all == ["a", "b", "c", "old"], "the old record still reads: \(all)")
        #expect(try ids { $0.sentiments = [.negative] } == ["a", "b"])
        #expect(try ids { $0.regions = [330100] } == ["a", "c"], "杭州 includes its districts")
        #expect(try ids { $0.regions = [330000]; $0.tiers = [.central, .provincial] } == ["a", "c"])

        // An analyst corrects one: queries see the label, the segment is untouched.
        try LabelOverlay(items: ["c": .init(sentiment: .negative, labelled: now)]).save(dataDirectory: scratch.path)
        #expect(try ids { $0.sentiments = [.negative] } == ["a", "b", "c"])
        let labelled = try ItemQuery(since: now.addingTimeInterval(-3600)).run(dataDirectory: scratch.path).items.first { $0.id == "c" }
        #expect(labelled?.labelled == true)
        var raw: [StoredItem] = []
        try SegmentReader.forEach(inFile: segment, rescored: false) { raw.append($0) }
        #expect(raw.first { $0.id == "c" }?.sentiment == .positive)
    }
}
