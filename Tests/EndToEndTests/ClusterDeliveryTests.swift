import Foundation
import Testing
import YuqingTesting

/// Delivery from the shared outbox keeps a channel's rate limit for the whole cluster: two
/// nodes sending twelve alerts to one robot limited to 6 a minute send six at once and then
/// one every ten seconds between them — not six each.
struct ClusterDeliveryTests {
    @Test(.timeLimit(.minutes(15)))
    func twoNodesKeepOneChannelsRateLimitBetweenThem() async throws {
        let rig = try await ClusterRig("cluster-rate", hosts: 8, stories: 12)
        defer { rig.stop() }
        for name in ["a", "b"] { try rig.start(name, sources: 16, hosts: 8, hook: "rate_limit: 6/min") }
        #expect(try await rig.settle(sources: 16, nodes: 2), "\(rig.logs())")
        rig.publish()
        #expect(try await Harness.waitUntil(seconds: 60) { await rig.polled("SELECT count(*) FROM yuqing_alert_decisions") == 12 }, "\(rig.logs())")
        // Six at once, then one every ten seconds: the twelfth about a minute later.
        let all = try await Harness.waitUntil(seconds: 100) { Set(rig.calls().compactMap(\.key)).count == 12 }
        #expect(all, "\(rig.calls().count) calls\n\(rig.logs())")
        let times = rig.calls().compactMap(\.time).sorted()
        #expect(times.count == 12)
        // A token bucket of 6 a minute with 6 saved up lets at most 6 + t/10 out in any t seconds.
        for i in times.indices {
            for j in times.indices where j > i {
                let allowed = 6 + Int(((times[j] - times[i]) + 0.5) / 10)
                #expect(j - i + 1 <= allowed, "\(j - i + 1) messages in \(times[j] - times[i]) s: \(times.map { $0 - times[0] })")
            }
        }
        #expect(times.last.map { $0 - times[0] } ?? 0 >= 50, "the last waited for its tokens: \(times.map { $0 - times[0] })")
        for node in rig.nodes.values { #expect(try await node.terminate() == 0, "\(node.logText.suffix(1500))") }
    }
}
