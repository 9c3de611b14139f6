import Alerting
import Analysis
import Cluster
import Feeds
import Foundation
import Storage
import Testing

/// What a report over a past period reads from the cluster: items and decisions inside its
/// span only, not everything written since it began.
@Suite(.serialized, .timeLimit(.minutes(15)))
struct ClusterReaderSpanTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func itemsAndDecisionsStopAtTheSpansEnd() async throws {
        try await ClusterFixture.withDatabase { client in
            let held = try #require(try await BucketLeases(client: client, node: "a", logger: ClusterFixture.logger).rebalance(at: t0).first)
            let writer = ClusterWriter(client: client, node: "a", logger: ClusterFixture.logger)
            let rule = ItemAlertRule(name: "要闻", minScore: 50, channels: ["hook"])
            for hour in 0..<3 {
                let fetched = t0.addingTimeInterval(Double(hour) * 3600)
                let id = "a-src-\(hour)"
                let feed = Item(
                    id: id, sourceID: "a-src", url: "https://a.example/\(hour)", title: "第\(hour)号防汛预警发布",
                    summary: "河流水位上涨\(hour * 10 + 5)厘米", published: nil, fetched: fetched)
                var scored = ScoredItem(item: feed, topics: [TopicScore(topic: "汛情", score: 80, terms: ["防汛"])], story: StableID.hex(StableID.fnv1a(id)))
                scored.opensStory = true
                let stored = StoredItem(scored)
                let decisions = rule.notifications(for: stored).map { ClusterDecision(notification: $0, outcome: .send, notBefore: $0.created) }
                let result = try await writer.write(
                    ClusterBatch(items: [stored], decisions: decisions, leases: [stored.source: held]), at: fetched.addingTimeInterval(1))
                #expect(result.inserted == 1 && result.decided.count == 1)
            }
            let reader = ClusterItemReader(client: client, logger: ClusterFixture.logger)
            func titles(_ filter: ClusterItemReader.Filter) async throws -> [String] {
                var seen: [String] = []
                try await reader.forEach(filter) { item in
                    seen.append(item.title)
                    return true
                }
                return seen
            }
            #expect(try await titles(.init(since: t0)) == ["第2号防汛预警发布", "第1号防汛预警发布", "第0号防汛预警发布"])
            #expect(try await titles(.init(since: t0, until: t0.addingTimeInterval(3600))) == ["第0号防汛预警发布"])
            #expect(try await titles(.init(since: t0.addingTimeInterval(1), until: t0.addingTimeInterval(7200))) == ["第1号防汛预警发布"])

            let alerts = ClusterAlertReader(client: client, logger: ClusterFixture.logger)
            let all = try await alerts.stored(since: t0, limit: 100)
            #expect(all.pending.count + all.sent.count == 3)
            let first = try await alerts.stored(since: t0, until: t0.addingTimeInterval(3600), limit: 100)
            #expect(first.pending.map(\.fields["item_id"]) + first.sent.map(\.fields["item_id"]) == ["a-src-0"])
        }
    }
}
