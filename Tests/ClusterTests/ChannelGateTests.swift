import Cluster
import Foundation
import PostgresNIO
import Testing

/// A channel's rate limit and a group's interval held for the whole cluster on a real
/// PostgreSQL: nodes taking tokens at once never take more than the bucket holds.
@Suite(.serialized, .timeLimit(.minutes(15)))
struct ChannelGateTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func threeNodesShareOneBucket() async throws {
        try await ClusterFixture.withDatabase { client in
            let gates = ChannelGates(client: client, logger: ClusterFixture.logger)
            // 20 a minute, 10 saved up: 30 attempts from three nodes at once take 10.
            let waits = try await withThrowingTaskGroup(of: [Double].self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        var waits: [Double] = []
                        for _ in 0..<10 { waits.append(try await gates.take(channel: "ding", perMinute: 20, burst: 10, at: t0)) }
                        return waits
                    }
                }
                var all: [Double] = []
                for try await part in group { all += part }
                return all
            }
            #expect(waits.filter { $0 == 0 }.count == 10, "\(waits)")
            #expect(waits.filter { $0 > 0 }.allSatisfy { abs($0 - 3) < 0.01 }, "the next token in 3 s: \(waits)")
            // Three seconds later one more; a clock running behind takes nothing back.
            #expect(try await gates.take(channel: "ding", perMinute: 20, burst: 10, at: t0.addingTimeInterval(3)) == 0)
            #expect(try await gates.take(channel: "ding", perMinute: 20, burst: 10, at: t0.addingTimeInterval(-60)) > 0)
            #expect(try await gates.take(channel: "other", perMinute: 20, burst: 10, at: t0) == 0, "a bucket per channel")
        }
    }

    @Test func aGroupWaitsItsIntervalWhicheverNodeSentIt() async throws {
        try await ClusterFixture.withDatabase { client in
            let gates = ChannelGates(client: client, logger: ClusterFixture.logger)
            #expect(try await gates.groupReady("hook|汛情", interval: 300, at: t0) == nil)
            try await gates.groupSent("hook|汛情", at: t0)
            #expect(try await gates.groupReady("hook|汛情", interval: 300, at: t0.addingTimeInterval(100)) == t0.addingTimeInterval(300))
            #expect(try await gates.groupReady("hook|汛情", interval: 300, at: t0.addingTimeInterval(300)) == nil)
            #expect(try await gates.groupReady("hook|其他", interval: 300, at: t0.addingTimeInterval(100)) == nil)
        }
    }
}
