import Cluster
import Foundation
import Logging
import PostgresNIO
import Testing
import YuqingTesting

/// Bucket leases against a real PostgreSQL started for the suite (initdb + pg_ctl on a
/// loopback port). Time is passed in, so taking over after a lease's ttl needs no waiting.
@Suite(.serialized, .timeLimit(.minutes(15)))
struct BucketLeaseTests {
    static let logger = ClusterFixture.logger
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    /// Runs `body` with a migrated database of a fresh server and a running client.
    private func withCluster(_ body: (PostgresClient) async throws -> Void) async throws {
        try await ClusterFixture.withDatabase(applied: { #expect($0 == SchemaMigrations.all.map(\.version)) }, body)
    }

    private func leases(_ client: PostgresClient, _ node: String) -> BucketLeases {
        BucketLeases(client: client, node: node, ttl: 30, logger: Self.logger)
    }

    @Test func migrationsApplyOnceAndSayTheirVersion() async throws {
        try await withCluster { client async throws in
            #expect(try await SchemaMigrations.migrate(client, logger: Self.logger).isEmpty)
            #expect(try await SchemaMigrations.currentVersion(client, logger: Self.logger) == SchemaMigrations.latest)
        }
    }

    @Test func threeNodesShareTheBucketsAndTakeADeadOnesWithinOneTTL() async throws {
        try await withCluster { client async throws in
            let nodes = ["a", "b", "c"].map { leases(client, $0) }
            for node in nodes { try await node.heartbeat(at: t0) }
            var held: [String: [Lease]] = [:]
            for node in nodes { held[node.node] = try await node.rebalance(at: t0) }
            let all = held.values.flatMap { $0.map(\.bucket) }
            #expect(all.count == SchemaMigrations.bucketCount && Set(all).count == all.count, "every bucket once")
            #expect(held.values.allSatisfy { abs($0.count - SchemaMigrations.bucketCount / 3) <= 2 }, "\(held.mapValues(\.count))")

            // c stops renewing; one ttl later a and b take its buckets between them.
            let later = t0.addingTimeInterval(31)
            for node in nodes.prefix(2) { held[node.node] = try await node.rebalance(at: later) }
            for node in nodes.prefix(2) { held[node.node] = try await node.rebalance(at: later.addingTimeInterval(1)) }
            let survivors = (held["a"] ?? []) + (held["b"] ?? [])
            #expect(Set(survivors.map(\.bucket)).count == SchemaMigrations.bucketCount, "all buckets owned again")
            let status = try await ClusterStatus.load(client, at: later.addingTimeInterval(1), ttl: 30, logger: Self.logger)
            #expect(status.unowned == 0)
            #expect(status.nodes.first { $0.name == "c" }?.buckets == 0)
        }
    }

    @Test func aNodeBackFromAnOutageRetakesItsBucketsUnderTheSameEpoch() async throws {
        try await withCluster { client async throws in
            let a = leases(client, "a")
            let before = try await a.rebalance(at: t0)
            // The database was away for a minute: the leases ran out, nobody took them.
            let after = try await a.rebalance(at: t0.addingTimeInterval(60))
            #expect(after == before, "same buckets, same epochs: what a polled meanwhile is still a's to write")
        }
    }

    /// After an outage of the database the first node back takes its own buckets, not
    /// everyone's: the others were seen as late as it was. One that does not come back is
    /// taken over a round later.
    @Test func theFirstNodeBackFromAnOutageLeavesTheOthersTheirBuckets() async throws {
        try await withCluster { client async throws in
            let (a, b, c) = (leases(client, "a"), leases(client, "b"), leases(client, "c"))
            for node in [a, b, c] { try await node.heartbeat(at: t0) }
            var before: [String: [Lease]] = [:]
            for node in [a, b, c] { before[node.node] = try await node.rebalance(at: t0) }
            let back = t0.addingTimeInterval(90)
            #expect(try await a.rebalance(at: back) == before["a"], "a takes its own, under the same epochs")
            #expect(try await b.rebalance(at: back.addingTimeInterval(1)) == before["b"])
            // c never comes back: a and b share its buckets on their next round.
            let next = back.addingTimeInterval(10)
            let (heldA, heldB) = (try await a.rebalance(at: next), try await b.rebalance(at: next.addingTimeInterval(1)))
            let retakenA = try await a.rebalance(at: next.addingTimeInterval(2))
            let all = Set((retakenA + heldB).map(\.bucket))
            #expect(all.count == SchemaMigrations.bucketCount, "every bucket held again: \(all.count)")
            #expect(heldA.count >= before["a"]?.count ?? 0)
        }
    }

    @Test func aPausedNodesLateWritesChangeNothingAndItRejoins() async throws {
        try await withCluster { client async throws in
            let a = leases(client, "a"), c = leases(client, "c")
            try await a.heartbeat(at: t0)
            try await c.heartbeat(at: t0)
            let held = try await c.rebalance(at: t0)
            _ = try await a.rebalance(at: t0)
            let lease = try #require(held.first)
            #expect(try await c.recordPoll(source: "s1", lease: lease, at: t0.addingTimeInterval(1)))

            // c is stopped past its ttl; a, renewing all along, takes its buckets with a new epoch.
            let resumed = t0.addingTimeInterval(45)
            _ = try await a.rebalance(at: t0.addingTimeInterval(20))
            let taken = try await a.rebalance(at: resumed)
            let newLease = try #require(taken.first { $0.bucket == lease.bucket })
            #expect(newLease.epoch > lease.epoch)
            // c's late writes, whatever its clock says, change no row.
            #expect(!(try await c.recordPoll(source: "s1", lease: lease, at: t0.addingTimeInterval(20))))
            #expect(!(try await c.recordPoll(source: "s1", lease: lease, at: resumed)))
            let rows = try await client.query("SELECT node, epoch FROM yuqing_source_polls WHERE source = 's1'")
            for try await (node, epoch) in rows.decode((String, Int64).self) {
                #expect(node == "c" && epoch == lease.epoch, "the row c wrote under its lease is as it was")
            }
            #expect(try await a.recordPoll(source: "s1", lease: newLease, at: resumed))

            // c comes back: a gives back its excess, c takes it.
            _ = try await c.rebalance(at: resumed.addingTimeInterval(1))
            _ = try await a.rebalance(at: resumed.addingTimeInterval(2))
            let rejoined = try await c.rebalance(at: resumed.addingTimeInterval(3))
            #expect(rejoined.count == SchemaMigrations.bucketCount / 2, "c holds its share again: \(rejoined.count)")
        }
    }

    @Test func eightNodesRebalancingAtOnceNeverShareABucket() async throws {
        try await withCluster { client async throws in
            let nodes = (0..<8).map { leases(client, "n\($0)") }
            for node in nodes { try await node.heartbeat(at: t0) }
            let results = try await withThrowingTaskGroup(of: [Lease].self) { group in
                for node in nodes { group.addTask { try await node.rebalance(at: self.t0) } }
                return try await group.reduce(into: [[Lease]]()) { $0.append($1) }
            }
            let buckets = results.flatMap { $0.map(\.bucket) }
            #expect(buckets.count == Set(buckets).count, "no bucket held twice")
            #expect(buckets.count == SchemaMigrations.bucketCount)
        }
    }

    @Test func hostsMapToStableBuckets() {
        #expect(HostBucket.bucket(ofURL: "https://News.Example.cn:8443/rss?x=1", count: 1024)
            == HostBucket.bucket(ofHost: "news.example.cn", count: 1024))
        #expect(HostBucket.bucket(ofHost: "www.gov.cn", count: 1024) == HostBucket.bucket(ofHost: "WWW.GOV.CN", count: 1024))
    }

    @Test func dsnErrorsNameThePartAndNeverThePassword() throws {
        #expect(throws: PostgresDSN.Invalid.self) { try PostgresDSN("mysql://u:secret@h/db") }
        do {
            _ = try PostgresDSN("postgres://u:secret@h/db?sslmode=bogus")
        } catch {
            #expect(!"\(error)".contains("secret"))
        }
        let dsn = try PostgresDSN("postgres://u:p%40ss@db.internal:6432/yuqing")
        #expect(dsn.password == "p@ss" && dsn.port == 6432 && dsn.sslMode == "require")
        #expect(!dsn.redacted.contains("p@ss"))

        // A failover pair as `pg_autoctl show uri` prints it.
        let pair = try PostgresDSN("postgres://yuqing:pw@10.0.0.5:5432,db2.internal:6543,[::1]/yuqing?target_session_attrs=read-write&sslmode=prefer")
        #expect(pair.endpoints.map(\.description) == ["10.0.0.5:5432", "db2.internal:6543", "[::1]:5432"])
        #expect(pair.wantsWritable && pair.sslMode == "prefer" && pair.user == "yuqing" && pair.password == "pw" && pair.database == "yuqing")
        #expect(pair.redacted == "postgres://yuqing@10.0.0.5:5432,db2.internal:6543,[::1]:5432/yuqing?sslmode=prefer&target_session_attrs=read-write")
        for bad in ["postgres://u@h1:5432,:5433/db", "postgres://u@h1:99999/db", "postgres://u@h1,h2/db?target_session_attrs=standby", "postgres://u@/db"] {
            #expect(throws: PostgresDSN.Invalid.self, "\(bad)") { try PostgresDSN(bad) }
        }
    }
}
