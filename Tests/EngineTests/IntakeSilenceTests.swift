import Alerting
import Analysis
import Feeds
import Foundation
import Storage
import Testing

@testable import Engine

/// When every feed goes quiet at once, topics are not called falling one by one; a topic
/// that falls silent while the rest of the intake carries on still is.
struct IntakeSilenceTests {
    static let start = 1_795_000_200  // a bucket boundary

    static func item(_ id: String, topic: String?, at seconds: Int) -> StoredItem {
        let date = Date(timeIntervalSince1970: Double(seconds))
        let item = Item(id: id, sourceID: "src", url: "http://a.cn/\(id)", title: id, summary: "", published: nil, fetched: date)
        var scored = ScoredItem(item: item, topics: topic.map { [TopicScore(topic: $0, score: 70, terms: ["暴雨"])] } ?? [], story: id)
        scored.opensStory = true
        return StoredItem(scored)
    }

    /// Five days of one 汛情 story and four others per bucket, then three quiet hours: of
    /// the topic alone, or of everything. Returns the directions seen in the quiet hours.
    static func quietHours(everything: Bool) -> (directions: Set<TrendSignal.Direction>, intakeFell: Bool) {
        var tracker = TrendTracker()
        let buckets = 5 * 288, quiet = 36
        var items: [StoredItem] = []
        for bucket in 0..<(buckets + quiet) {
            let at = start + bucket * 300 + 10
            let silent = bucket >= buckets
            if !silent { items.append(item("t\(bucket)", topic: "汛情", at: at)) }
            if !(silent && everything) { items += (0..<4).map { item("o\(bucket)-\($0)", topic: nil, at: at + $0) } }
        }
        tracker.add(items, now: Date(timeIntervalSince1970: Double(start + (buckets + quiet) * 300)))
        var directions = Set<TrendSignal.Direction>()
        var intakeFell = false
        for bucket in (buckets + 1)...(buckets + quiet) {
            _ = tracker.evaluate(topics: ["汛情"], rules: [], now: Date(timeIntervalSince1970: Double(start + bucket * 300)))
            if let signal = tracker.signals["汛情"] {
                directions.insert(signal.direction)
                intakeFell = intakeFell || signal.intakeFell == true
            }
        }
        return (directions, intakeFell)
    }

    @Test func aTopicFallingSilentAloneIsFalling() {
        let seen = Self.quietHours(everything: false)
        #expect(seen.directions.contains(.falling))
        #expect(!seen.intakeFell)
    }

    @Test func everythingFallingSilentIsNoTopicsFall() {
        let seen = Self.quietHours(everything: true)
        #expect(!seen.directions.contains(.falling), "\(seen.directions)")
        #expect(seen.intakeFell)
    }
}
