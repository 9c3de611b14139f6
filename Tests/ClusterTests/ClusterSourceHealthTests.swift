import Cluster
import Foundation
import Queries
import Storage
import Testing
import YuqingTesting

/// Every node's source health in one table: the latest attempt wins whichever node made it,
/// and what a node has seen or its validators never leave it.
@Suite(.timeLimit(.minutes(15)))
struct ClusterSourceHealthTests {
    static func state(attempted: Date, failures: Int = 0, error: String? = nil) -> SourceState {
        var state = SourceState()
        state.lastAttempt = attempted
        state.lastSuccess = failures == 0 ? attempted : nil
        state.consecutiveFailures = failures
        state.failingSince = failures == 0 ? nil : attempted
        state.lastError = error
        state.lastStatus = failures == 0 ? 200 : 503
        state.etag = "\"v1\""
        state.remember(["item-1", "item-2"])
        return state
    }

    @Test func theLatestAttemptWinsWhicheverNodeMadeIt() async throws {
        try await ClusterFixture.withDatabase { client in
            let t0 = Date(timeIntervalSince1970: 1_796_000_000)
            let logger = ClusterFixture.logger
            try await ClusterSourceHealth.push(
                ["s1": Self.state(attempted: t0.addingTimeInterval(60), failures: 3, error: "HTTP 503"), "s2": Self.state(attempted: t0)],
                node: "a", client: client, logger: logger)
            // b's older attempt at s1 (a bucket that moved while a poll was in flight) changes nothing.
            try await ClusterSourceHealth.push(["s1": Self.state(attempted: t0)], node: "b", client: client, logger: logger)
            var shared = try await ClusterSourceHealth.load(client, logger: logger)
            #expect(shared["s1"]?.node == "a" && shared["s1"]?.state.consecutiveFailures == 3 && shared["s1"]?.state.lastError == "HTTP 503")
            #expect(shared["s2"]?.node == "a" && shared["s2"]?.state.lastStatus == 200)
            #expect(shared.values.allSatisfy { $0.state.seen.isEmpty && $0.state.etag == nil }, "seen ids and validators stay on the node")
            // b's newer attempt: s1 recovered, polled by b now.
            try await ClusterSourceHealth.push(["s1": Self.state(attempted: t0.addingTimeInterval(120))], node: "b", client: client, logger: logger)
            shared = try await ClusterSourceHealth.load(client, logger: logger)
            #expect(shared["s1"]?.node == "b" && shared["s1"]?.state.consecutiveFailures == 0)

            // What a node shows: the newer of its own file and the cluster's row.
            let data = try TemporaryDirectory("source-health")
            try FileManager.default.createDirectory(at: data.file("state"), withIntermediateDirectories: true)
            try StateFile<[String: SourceState]>(path: data.file("state/sources.json").path)
                .save(["s2": Self.state(attempted: t0.addingTimeInterval(300), failures: 1, error: "timeout"), "s1": Self.state(attempted: t0)])
            let sources = ["s1", "s2", "s3"].map { SourceHealthQuery.Source(id: $0, name: $0, url: "https://example.cn/\($0)", tier: nil) }
            let rows = try SourceHealthQuery(sources: sources).run(dataDirectory: data.url.path, now: t0.addingTimeInterval(400), shared: shared)
            #expect(rows.map(\.health) == [.ok, .failing, .new])
            #expect(rows.map(\.node) == ["b", nil, nil], "s1 from b's newer attempt, s2 from this node's own")
        }
    }
}
