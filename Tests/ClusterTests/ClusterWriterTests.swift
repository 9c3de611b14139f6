import Alerting
import Analysis
import Cluster
import Feeds
import Foundation
import PostgresNIO
import Storage
import Testing

/// Items, stories and alert decisions written by several nodes at once to a real PostgreSQL.
@Suite(.serialized, .timeLimit(.minutes(15)))
struct ClusterWriterTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    let rule = ItemAlertRule(name: "要闻", minScore: 50, channels: ["hook"])

    /// An item as a node stores it: each node sees each story once, so locally it opens one.
    func item(node: String, event: Int, title: String, summary: String, at time: Date) -> StoredItem {
        let id = "\(node)-src-\(event)"
        let feed = Item(id: id, sourceID: "\(node)-src", url: "https://\(node).example/\(event)", title: title, summary: summary, published: nil, fetched: time)
        var scored = ScoredItem(item: feed, topics: [TopicScore(topic: "汛情", score: 80, terms: ["洪水"])], story: StableID.hex(StableID.fnv1a(id)))
        scored.opensStory = true
        scored.fingerprint = StoryFingerprints(title: title, summary: summary).combined
        return StoredItem(scored)
    }

    func batch(_ items: [StoredItem], lease: Lease) -> ClusterBatch {
        let decisions = items.flatMap { rule.notifications(for: $0) }.map { ClusterDecision(notification: $0, outcome: .send, notBefore: $0.created) }
        return ClusterBatch(items: items, decisions: decisions, leases: Dictionary(items.map { ($0.source, lease) }, uniquingKeysWith: { a, _ in a }))
    }

    /// Syndicated events; pairs that differ only in a number are different events.
    static let events: [(title: String, summary: String)] = (0..<12).flatMap { n -> [(String, String)] in
        let place = ["临江", "青山", "白河", "东湖", "南岭", "西峡"][n % 6]
        let base = ("\(place)区发布防汛预警 全力应对强降雨过程第\(n + 3)号", "据\(place)区应急管理局消息，受持续强降雨影响，辖区内多条河流水位上涨，相关部门已启动应急响应，组织转移群众\(n * 7 + 120)人。")
        let twin = ("\(place)区发布防汛预警 全力应对强降雨过程第\(n + 40)号", "据\(place)区应急管理局消息，受持续强降雨影响，辖区内多条河流水位上涨，相关部门已启动应急响应，组织转移群众\(n * 7 + 520)人。")
        return [base, twin]
    }

    @Test func eightConcurrentWritersMakeOneStoryAndOneAlertPerEvent() async throws {
        try await ClusterFixture.withDatabase { client in
            let nodes = (0..<8).map { "n\($0)" }
            var leases: [String: Lease] = [:]
            for node in nodes { try await BucketLeases(client: client, node: node, logger: ClusterFixture.logger).heartbeat(at: t0) }
            for node in nodes {
                let held = try await BucketLeases(client: client, node: node, logger: ClusterFixture.logger).rebalance(at: t0)
                leases[node] = try #require(held.first)
            }
            let events = Self.events
            let results = try await withThrowingTaskGroup(of: ClusterWriteResult.self) { group in
                for (index, node) in nodes.enumerated() {
                    let lease = try #require(leases[node])
                    // Each node sees the events in its own order, in batches of three.
                    let order = (0..<events.count).map { ($0 * (index + 5)) % events.count }
                    let items = Set(order).count == events.count ? order : Array(0..<events.count).shuffled()
                    let writer = ClusterWriter(client: client, node: node, logger: ClusterFixture.logger)
                    for chunk in stride(from: 0, to: items.count, by: 3) {
                        let part = items[chunk..<min(chunk + 3, items.count)].map { item(node: node, event: $0, title: events[$0].title, summary: events[$0].summary, at: t0.addingTimeInterval(1)) }
                        let batch = batch(part, lease: lease)
                        group.addTask { try await writer.write(batch, at: t0.addingTimeInterval(2)) }
                    }
                }
                var all: [ClusterWriteResult] = []
                for try await result in group { all.append(result) }
                return all
            }
            #expect(results.allSatisfy { $0.fenced.isEmpty })
            #expect(results.map(\.inserted).reduce(0, +) == nodes.count * events.count)
            let stories = results.reduce(into: [String: String]()) { $0.merge($1.stories) { a, _ in a } }
            for event in events.indices {
                let seen = Set(nodes.compactMap { stories["\($0)-src-\(event)"] })
                #expect(seen.count == 1, "event \(event) is one story, not \(seen.count)")
            }
            #expect(Set(stories.values).count == events.count, "the numbered twins stay apart")
            #expect(try await ClusterFixture.scalar(client, "SELECT count(*) FROM yuqing_stories", as: Int.self) == events.count)
            #expect(try await ClusterFixture.scalar(client, "SELECT sum(stories)::int8 FROM yuqing_story_counts WHERE topic = '汛情'", as: Int.self) == events.count)
            // What every node's trend rules read: the nodes' rows summed, once per story.
            let counts = try await ClusterCounts.load(client, from: Int(t0.timeIntervalSince1970) / 300 - 1, logger: ClusterFixture.logger)
            #expect(counts == ["汛情": [Int(t0.timeIntervalSince1970 + 1) / 300: events.count]])
            #expect(try await ClusterFixture.scalar(client, "SELECT count(*) FROM yuqing_alert_decisions", as: Int.self) == events.count)
            #expect(try await ClusterFixture.scalar(client, "SELECT count(*) FROM yuqing_outbox", as: Int.self) == events.count)
            #expect(results.flatMap(\.queued).count == events.count)
        }
    }

    @Test func fencedAndRepeatedWritesChangeNothing() async throws {
        try await ClusterFixture.withDatabase { client in
            let a = BucketLeases(client: client, node: "a", logger: ClusterFixture.logger)
            let held = try #require(try await a.rebalance(at: t0).first)
            let writerA = ClusterWriter(client: client, node: "a", logger: ClusterFixture.logger)
            let event = Self.events[0], other = Self.events[1]
            let batch = batch([item(node: "a", event: 0, title: event.title, summary: event.summary, at: t0)], lease: held)
            let first = try await writerA.write(batch, at: t0.addingTimeInterval(1))
            #expect(first.inserted == 1 && first.opened.count == 1 && first.queued.count == 1)
            // Written again (a node unsure whether its commit landed): nothing new.
            let again = try await writerA.write(batch, at: t0.addingTimeInterval(2))
            #expect(again.inserted == 0 && again.opened.isEmpty && again.decided.isEmpty && again.queued.isEmpty)
            #expect(again.stories == first.stories)

            // A lease b never held: fenced out, every row unchanged.
            let writerB = ClusterWriter(client: client, node: "b", logger: ClusterFixture.logger)
            let never = Lease(bucket: held.bucket, epoch: held.epoch - 1)
            let fenced = try await writerB.write(self.batch([item(node: "b", event: 1, title: other.title, summary: other.summary, at: t0)], lease: never), at: t0.addingTimeInterval(3))
            #expect(fenced.fenced == ["b-src-1"] && fenced.inserted == 0 && fenced.decided.isEmpty)
            // a's lease ran out but nobody took the bucket: what a polled under it still counts.
            let expired = try await writerA.write(self.batch([item(node: "a", event: 2, title: other.title, summary: other.summary, at: t0)], lease: held), at: t0.addingTimeInterval(31))
            #expect(expired.inserted == 1)
            // b takes the bucket (a new epoch): a's late writes are fenced from now on.
            let b = BucketLeases(client: client, node: "b", logger: ClusterFixture.logger)
            #expect(try await b.rebalance(at: t0.addingTimeInterval(32)).contains { $0.bucket == held.bucket })
            let late = try await writerA.write(self.batch([item(node: "a", event: 3, title: "另一条", summary: "", at: t0)], lease: held), at: t0.addingTimeInterval(33))
            #expect(late.fenced == ["a-src-3"] && late.inserted == 0)
            #expect(try await ClusterFixture.scalar(client, "SELECT count(*) FROM yuqing_items", as: Int.self) == 2)
            #expect(try await ClusterFixture.scalar(client, "SELECT count(*) FROM yuqing_alert_decisions", as: Int.self) == 2)
        }
    }

    @Test func aNulCharacterInAFeedDoesNotStopTheWrites() async throws {
        try await ClusterFixture.withDatabase { client in
            let held = try #require(try await BucketLeases(client: client, node: "a", logger: ClusterFixture.logger).rebalance(at: t0).first)
            let writer = ClusterWriter(client: client, node: "a", logger: ClusterFixture.logger)
            let result = try await writer.write(batch([item(node: "a", event: 0, title: "洪水\u{0}预警 全力应对强降雨过程", summary: "摘要\u{0}文字", at: t0)], lease: held), at: t0)
            #expect(result.inserted == 1 && result.queued.count == 1)
            #expect(try await ClusterFixture.scalar(client, "SELECT title FROM yuqing_items", as: String.self) == "洪水预警 全力应对强降雨过程")
        }
    }

    /// A spread alert is keyed by the cluster's story: two nodes that each saw a story reach
    /// enough sources make one alert, even when the story was written in an earlier batch.
    @Test func spreadAlertsOfOneStoryFromTwoNodesAreOne() async throws {
        try await ClusterFixture.withDatabase { client in
            var leases: [String: Lease] = [:]
            for node in ["a", "b"] { try await BucketLeases(client: client, node: node, logger: ClusterFixture.logger).heartbeat(at: t0) }
            for node in ["a", "b"] { leases[node] = try #require(try await BucketLeases(client: client, node: node, logger: ClusterFixture.logger).rebalance(at: t0).first) }
            let event = Self.events[3]
            for node in ["a", "b"] {
                let writer = ClusterWriter(client: client, node: node, logger: ClusterFixture.logger)
                let stored = item(node: node, event: 3, title: event.title, summary: event.summary, at: t0)
                _ = try await writer.write(ClusterBatch(items: [stored], decisions: [], leases: [stored.source: try #require(leases[node])]), at: t0)
                // Later, in a batch of its own, the node's spread rule fires on its local story.
                let spread = ClusterDecision(
                    notification: Alerting.Notification(
                        id: "spread-\(node)", rule: "扩散", channel: "hook", created: t0, title: "扩散", text: "",
                        fields: ["kind": "spread", "story": stored.story]),
                    outcome: .send, notBefore: t0)
                _ = try await writer.write(ClusterBatch(items: [], decisions: [spread], leases: [:]), at: t0.addingTimeInterval(60))
            }
            #expect(try await ClusterFixture.scalar(client, "SELECT count(*) FROM yuqing_alert_decisions WHERE rule = '扩散'", as: Int.self) == 1)
        }
    }
}
