import Foundation
import Testing
import YuqingTesting

/// PostgreSQL's own availability by an existing failover manager: two nodes ingest into a
/// pg_auto_failover pair (streaming replication, the DSN naming both servers with
/// `target_session_attrs=read-write`); the primary's machine dies (keeper and server killed)
/// while stories are coming in; the monitor promotes the standby; the nodes find it and are
/// back within 30 s, no committed alert is lost, nothing is stored or sent twice.
struct ClusterFailoverTests {
    @Test(.timeLimit(.minutes(15)))
    func aPromotedStandbyTakesOverWithoutLosingACommittedAlert() async throws {
        await TestGate.heavy.enter()
        defer { Task { await TestGate.heavy.leave() } }
        let formation = try await FailoverFormation.start()
        let rig = try await ClusterRig("cluster-failover", hosts: 8, stories: 4, formation: formation)
        defer { rig.stop() }
        for name in ["a", "b"] { try rig.start(name, sources: 16, hosts: 8) }
        #expect(try await rig.settle(sources: 16, nodes: 2), "\(rig.logs())\n\(formation.logs)")
        let first = try #require(await formation.currentPrimary())

        // Two stories, their alerts committed (and replicated synchronously) before the kill.
        rig.publish(2)
        let committed = try await Harness.waitUntil(seconds: 60) { await rig.polled("SELECT count(*) FROM yuqing_alert_decisions") == 2 }
        #expect(committed, "\(rig.logs())")
        let before = Set(rig.rows("SELECT key FROM yuqing_alert_decisions"))
        try formation.killPrimary()
        // Two more stories appear while there is no primary: the nodes keep them.
        rig.publish(4)
        var second: Int?
        let promoted = try await Harness.waitUntil(seconds: 120) {
            second = await formation.currentPrimary()
            return second.map { $0 != first } ?? false
        }
        #expect(promoted, "the monitor promotes the standby\n\(formation.logs)")
        let newPrimary = try #require(second)
        let promotedAt = Date()
        let back = try await Harness.waitUntil(seconds: 30) {
            rig.nodes.values.allSatisfy { $0.logText.contains("server=127.0.0.1:\(newPrimary)") && $0.logText.contains("PostgreSQL answers again") }
        }
        #expect(back, "both nodes use the new primary within 30 s\n\(rig.logs())")
        let reconnected = Date().timeIntervalSince(promotedAt)
        print("failover: both nodes on the promoted server \(String(format: "%.1f", reconnected)) s after the monitor promoted it")

        let caughtUp = try await Harness.waitUntil(seconds: 60) {
            guard Set(rig.calls().compactMap(\.key)).count == 4 else { return false }
            guard await rig.polled("SELECT count(*) FROM yuqing_items") == 16 * 5 else { return false }
            return await rig.polled("SELECT count(*) FROM yuqing_outbox WHERE delivered IS NULL") == 0
        }
        #expect(caughtUp, "items \(rig.count("SELECT count(*) FROM yuqing_items")), calls \(rig.calls().count)\n\(rig.logs())")
        let after = Set(rig.rows("SELECT key FROM yuqing_alert_decisions"))
        #expect(before.count == 2 && before.isSubset(of: after), "no committed alert lost: \(before) \(after)")
        let keys = rig.calls().compactMap(\.key)
        #expect(keys.count == 4 && Set(keys).count == 4, "each alert once: \(keys)")
        #expect(await rig.polled("SELECT count(*) FROM yuqing_stories WHERE '汛情' = ANY(topics)") == 4)
        #expect(reconnected < 30, "back \(reconnected) s after the promotion")
        for node in rig.nodes.values { #expect(try await node.terminate() == 0, "\(node.logText.suffix(1500))") }
    }
}
