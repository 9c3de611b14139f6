import Alerting
import Cluster
import Foundation
import PostgresNIO
import Testing

/// The shared outbox on a real PostgreSQL: claims are exclusive, expire, and end in
/// delivered or retried notifications.
@Suite(.serialized, .timeLimit(.minutes(15)))
struct SharedOutboxTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    /// Queues `count` notifications not about items (as failing-source notices are).
    func queue(_ count: Int, client: PostgresClient) async throws {
        let decisions = (0..<count).map { index in
            ClusterDecision(
                notification: Alerting.Notification(
                    id: "key-\(index)", rule: "源失效", channel: "hook", created: t0, title: "源 s\(index) 失效", text: "连续失败",
                    fields: ["kind": "source_failing", "source": "s\(index)"]),
                outcome: .send, notBefore: t0)
        }
        let result = try await ClusterWriter(client: client, node: "a", logger: ClusterFixture.logger)
            .write(ClusterBatch(items: [], decisions: decisions, leases: [:]), at: t0)
        #expect(result.queued.count == count)
    }

    func outbox(_ client: PostgresClient, _ node: String) -> SharedOutbox {
        SharedOutbox(client: client, node: node, logger: ClusterFixture.logger)
    }

    @Test func concurrentClaimsNeverOverlap() async throws {
        try await ClusterFixture.withDatabase { client in
            try await queue(60, client: client)
            let claims = try await withThrowingTaskGroup(of: [String].self) { group in
                for node in ["a", "b", "c"] {
                    group.addTask { try await outbox(client, node).claimDue(at: t0, limit: 25).map(\.id) }
                }
                var all: [[String]] = []
                for try await claim in group { all.append(claim) }
                return all
            }
            let keys = claims.flatMap { $0 }
            #expect(keys.count == 60 && Set(keys).count == 60, "\(claims.map(\.count))")
            #expect(try await outbox(client, "d").claimDue(at: t0).isEmpty, "all claimed")
        }
    }

    @Test func anExpiredClaimGoesToAnotherNodeWithTheSameKey() async throws {
        try await ClusterFixture.withDatabase { client in
            try await queue(2, client: client)
            let a = outbox(client, "a"), b = outbox(client, "b")
            let claimed = try await a.claimDue(at: t0)
            #expect(claimed.map(\.id).sorted() == ["key-0", "key-1"])
            try await a.delivered(["key-0"], at: t0.addingTimeInterval(1))
            // a dies holding key-1: within the claim nobody else takes it, after it b does.
            #expect(try await b.claimDue(at: t0.addingTimeInterval(30)).isEmpty)
            let taken = try await b.claimDue(at: t0.addingTimeInterval(61))
            #expect(taken.map(\.id) == ["key-1"])
            #expect(taken.first?.title == "源 s1 失效")
        }
    }

    @Test func aFailedAttemptWaitsAndADeadOneStays() async throws {
        try await ClusterFixture.withDatabase { client in
            try await queue(2, client: client)
            let a = outbox(client, "a")
            _ = try await a.claimDue(at: t0)
            try await a.failed(["key-0"], error: "HTTP 500", retryAt: t0.addingTimeInterval(10), dead: false)
            try await a.failed(["key-1"], error: "HTTP 400", retryAt: t0, dead: true)
            #expect(try await a.claimDue(at: t0.addingTimeInterval(5)).isEmpty)
            let retried = try await a.claimDue(at: t0.addingTimeInterval(10))
            #expect(retried.map(\.id) == ["key-0"] && retried.first?.attempts == 1)
            #expect(try await ClusterFixture.scalar(client, "SELECT last_error FROM yuqing_outbox WHERE key = 'key-1'", as: String.self) == "HTTP 400")
        }
    }

    /// `degraded_alerts: send`: what a node sent itself while the database was away is
    /// recorded as delivered, and no node sends it again.
    @Test func anAlertSentWhileDegradedIsNotSentAgain() async throws {
        try await ClusterFixture.withDatabase { client in
            var decision = ClusterDecision(
                notification: Alerting.Notification(
                    id: "key-local", rule: "源失效", channel: "hook", created: t0, title: "源 s9 失效", text: "连续失败", fields: ["kind": "source_failing"]),
                outcome: .send, notBefore: t0)
            decision.sentLocally = true
            let result = try await ClusterWriter(client: client, node: "a", logger: ClusterFixture.logger)
                .write(ClusterBatch(items: [], decisions: [decision], leases: [:]), at: t0.addingTimeInterval(60))
            #expect(result.queued == ["key-local"])
            #expect(try await outbox(client, "b").claimDue(at: t0.addingTimeInterval(120)).isEmpty)
            #expect(try await ClusterFixture.scalar(client, "SELECT delivered_by FROM yuqing_outbox WHERE key = 'key-local'", as: String.self) == "a")
        }
    }
}
