import Alerting
import Analysis
import Feeds
import Foundation
import Storage
import Testing

@testable import Engine

/// A sudden rise is announced while its bucket is still running, once.
struct TrendTrackerTests {
    static func item(_ id: String, at date: Date) -> StoredItem {
        let item = Item(id: id, sourceID: "src", url: "http://a.cn/\(id)", title: "暴雨 \(id)", summary: "", published: nil, fetched: date)
        var scored = ScoredItem(item: item, topics: [TopicScore(topic: "汛情", score: 70, terms: ["暴雨"])], story: id)
        scored.opensStory = true
        return StoredItem(scored)
    }

    @Test func aBurstAlertsBeforeItsBucketEndsAndOnlyOnce() {
        let start = 1_795_000_200  // a bucket boundary (divisible by 300)
        var tracker = TrendTracker()
        // Five days of one story every ten minutes.
        tracker.add((0..<(5 * 144)).map { Self.item("h\($0)", at: Date(timeIntervalSince1970: Double(start + $0 * 600))) }, now: Date(timeIntervalSince1970: 1_795_000_200 + 5 * 86400 + 120))
        let burstBucket = start + 5 * 86400
        let rule = TrendAlertRule(name: "上升", directions: [.rising], channels: ["hook"])
        _ = tracker.evaluate(topics: ["汛情"], rules: [rule], now: Date(timeIntervalSince1970: Double(burstBucket)))

        // Two minutes into the bucket, twelve new stories.
        let early = Date(timeIntervalSince1970: Double(burstBucket + 120))
        tracker.add((0..<12).map { Self.item("b\($0)", at: early.addingTimeInterval(-Double($0))) }, now: Date(timeIntervalSince1970: 1_795_000_200 + 5 * 86400 + 120))
        let sent = tracker.evaluateEarly(topics: ["汛情"], rules: [rule], now: early)
        #expect(sent.count == 1, "announced three minutes before the bucket closes")
        #expect(tracker.evaluateEarly(topics: ["汛情"], rules: [rule], now: early.addingTimeInterval(30)).isEmpty, "nothing new, no second look")

        // The bucket closes: the same episode goes on, nothing is sent again.
        let close = tracker.evaluate(topics: ["汛情"], rules: [rule], now: Date(timeIntervalSince1970: Double(burstBucket + 300)))
        #expect(close.isEmpty)
        #expect(tracker.activeTopics == ["汛情"])
    }

    @Test func ordinaryTrafficIsNotAnnouncedEarly() {
        let start = 1_795_000_200
        var tracker = TrendTracker()
        tracker.add((0..<(5 * 144)).map { Self.item("h\($0)", at: Date(timeIntervalSince1970: Double(start + $0 * 600))) }, now: Date(timeIntervalSince1970: 1_795_000_200 + 5 * 86400 + 120))
        let now = Date(timeIntervalSince1970: Double(start + 5 * 86400 + 120))
        tracker.add([Self.item("x", at: now)], now: Date(timeIntervalSince1970: 1_795_000_200 + 5 * 86400 + 120))
        let rule = TrendAlertRule(name: "上升", directions: [.rising], channels: ["hook"])
        #expect(tracker.evaluateEarly(topics: ["汛情"], rules: [rule], now: now).isEmpty)
    }

    /// Cluster mode: a tracker that only adopts the shared counts decides as one that counted
    /// the same items itself, and adopting a window again replaces it rather than adding.
    @Test func sharedCountsDecideAsCountedOnes() {
        let start = 1_795_000_200
        let now = Date(timeIntervalSince1970: Double(start + 5 * 86400 + 120))
        let history = (0..<(5 * 144)).map { Self.item("h\($0)", at: Date(timeIntervalSince1970: Double(start + $0 * 600))) }
        let burst = (0..<12).map { Self.item("b\($0)", at: now.addingTimeInterval(-Double($0))) }
        var counted = TrendTracker(), shared = TrendTracker()
        counted.add(history + burst, now: now)
        shared.add(history + burst, now: now, counting: false)
        #expect(shared.seriesIncludingCurrent("汛情", now: now).allSatisfy { $0 == 0 }, "titles only")
        var counts: [String: [Int: Int]] = [:]
        for item in history + burst { counts["汛情", default: [:]][Int(item.time.timeIntervalSince1970) / 300, default: 0] += 1 }
        let first = TrendTracker.oldestBucket(now: now)
        shared.adopt(counts, from: first, now: now)
        shared.adopt(counts, from: Int(now.timeIntervalSince1970) / 300 - 24, now: now)  // the last two hours again
        #expect(shared.seriesIncludingCurrent("汛情", now: now) == counted.seriesIncludingCurrent("汛情", now: now))
        let rule = TrendAlertRule(name: "上升", directions: [.rising], channels: ["hook"])
        let mine = counted.evaluateEarly(topics: ["汛情"], rules: [rule], now: now)
        let theirs = shared.evaluateEarly(topics: ["汛情"], rules: [rule], now: now)
        #expect(mine.count == 1 && mine.map(\.id) == theirs.map(\.id), "the same alert under the same key on every node")
    }
}
