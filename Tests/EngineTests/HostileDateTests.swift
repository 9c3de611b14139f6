import Alerting
import Analysis
import Feeds
import Foundation
import Storage
import Testing
import YuqingTesting

@testable import Engine

/// An item with an absurdly old date must not make the live trend series reach back to it:
/// memory would grow with topics × years (an item dated 1500 took a two-topic daemon to
/// 1.34 GB).
struct HostileDateTests {
    static let topics = (0..<40).map { Topic(name: "话题\($0)", any: ["暴雨"]) }

    @Test(arguments: ["1500-01-01T00:00:00Z", "1971-06-01T00:00:00Z", "2005-03-04T08:00:00Z", "0001-01-01T00:00:00Z"])
    func oldDatesStayOutOfTheLiveSeries(_ date: String) throws {
        var engine = Engine(settings: EngineSettings(topics: Self.topics))
        let now = ItemFactory.epoch
        let published = try RecordCoding.decoder().decode(Date.self, from: Data("\"\(date)\"".utf8))
        // Feed-made items take implausible dates as the fetch time; a store read back or a
        // replay can still carry them, so the engine holds the line itself too.
        var old = ItemFactory.item("old", title: "暴雨预警 旧闻", at: now)
        old.published = published
        _ = engine.ingest([old], at: now)
        _ = engine.ingest([ItemFactory.item("new", at: now)], at: now)
        // One series per topic and the intake's.
        let ceiling = (Self.topics.count + 1) * (TrendTracker.horizon / TrendTracker.bucket + 2)
        #expect(engine.trends.cellsHeld <= ceiling, "\(engine.trends.cellsHeld) cells for \(Self.topics.count) topics")
        #expect(engine.storySeries("话题0", now: now.addingTimeInterval(300)).count <= TrendTracker.horizon / TrendTracker.bucket + 1)
    }

    @Test func feedDatesBefore1990OrInTheFutureBecomeTheFetchTime() {
        let fetched = ItemFactory.epoch
        #expect(Item.clamped(Date(timeIntervalSince1970: -14_000_000_000), fetched: fetched) == fetched)
        #expect(Item.clamped(Date(timeIntervalSince1970: 0), fetched: fetched) == fetched)
        #expect(Item.clamped(fetched.addingTimeInterval(86400), fetched: fetched) == fetched)
        let blogPost = Date(timeIntervalSince1970: 1_110_000_000)  // 2005: old, but real
        #expect(Item.clamped(blogPost, fetched: fetched) == blogPost)
    }

    @Test func theSeriesNeverGrowPastTheHorizonAsTimeGoesOn() {
        var engine = Engine(settings: EngineSettings(topics: Array(Self.topics.prefix(2))))
        var now = ItemFactory.epoch
        for day in 0..<34 {
            _ = engine.ingest([ItemFactory.item("d\(day)", at: now)], at: now)
            _ = engine.tick(at: now.addingTimeInterval(3600))
            now = now.addingTimeInterval(86400)
        }
        #expect(engine.trends.cellsHeld <= 3 * (TrendTracker.horizon / TrendTracker.bucket + 290), "two topics and the intake")
    }
}
