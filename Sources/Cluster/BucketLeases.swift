import Foundation
import Logging
import PostgresNIO

/// One bucket held by this node: `epoch` grows every time the bucket changes hands, so a
/// write fenced by (bucket, owner, epoch) from a node that was paused past its lease changes
/// nothing once another node has taken the bucket.
public struct Lease: Sendable, Hashable, Comparable, Codable {
    public var bucket: Int
    public var epoch: Int64

    public init(bucket: Int, epoch: Int64) {
        self.bucket = bucket
        self.epoch = epoch
    }

    public static func < (a: Lease, b: Lease) -> Bool { (a.bucket, a.epoch) < (b.bucket, b.epoch) }
}

/// Source ownership through PostgreSQL: each node renews its buckets' leases, takes
/// unowned or expired ones up to its fair share (the buckets over the live nodes) with
/// `FOR UPDATE SKIP LOCKED` — Airflow's pattern — and gives back what it holds beyond that
/// share, so buckets rebalance as nodes join and leave. Time comes in as a value (the
/// engine's clock), as everywhere in yuqing.
public struct BucketLeases: Sendable {
    public let client: PostgresClient
    public let node: String
    /// How long a lease lasts without renewal (about 30 s; renew about every ttl / 3).
    public let ttl: TimeInterval
    public let logger: Logger

    public init(client: PostgresClient, node: String, ttl: TimeInterval = 30, logger: Logger) {
        self.client = client
        self.node = node
        self.ttl = ttl
        self.logger = logger
    }

    /// Records that this node is alive (it counts towards the fair share while seen within
    /// one ttl).
    /// `pending`: items waiting in the node's journal; `lastWrite`: when it last wrote a
    /// batch (its lag, as `yuqing cluster status` shows it).
    /// Returns when the node was seen before (nil: never).
    @discardableResult
    public func heartbeat(at now: Date, pending: Int = 0, lastWrite: Date? = nil) async throws -> Date? {
        let rows = try await client.query(
            """
            WITH before AS (SELECT seen FROM yuqing_nodes WHERE node = \(node))
            INSERT INTO yuqing_nodes (node, started, seen, pending, last_write) VALUES (\(node), \(now), \(now), \(pending), \(lastWrite))
            ON CONFLICT (node) DO UPDATE SET seen = excluded.seen, pending = excluded.pending,
                last_write = coalesce(excluded.last_write, yuqing_nodes.last_write)
            RETURNING (SELECT seen FROM before)
            """, logger: logger)
        var previous: Date?
        for try await seen in rows.decode(Date?.self) { previous = seen }
        return previous
    }

    /// Heartbeat, renew, take up to the fair share (its own expired leases first, so a node
    /// back from an outage finds its buckets again — under the same epoch, as nobody held
    /// them in between, so what it polled meanwhile is still its to write), give back the
    /// excess: the leases this node holds afterwards, each valid until `now + ttl`.
    ///
    /// The live nodes are those seen within a ttl — of now, or, for a node itself away
    /// longer than that (an outage of the database, or of the node), of when it was last
    /// seen: the others went quiet with it, and taking their buckets before they could
    /// answer would hand half of them back a round later, fencing what they polled meanwhile.
    /// A node that did die is taken over a round later.
    public func rebalance(at now: Date, pending: Int = 0, lastWrite: Date? = nil) async throws -> [Lease] {
        let previous = try await heartbeat(at: now, pending: pending, lastWrite: lastWrite)
        let expires = now.addingTimeInterval(ttl)
        let away = previous.map { now.timeIntervalSince($0) > ttl } == true
        let liveSince = (away ? previous ?? now : now).addingTimeInterval(-ttl)
        let (node, logger) = (self.node, self.logger)
        return try await ClusterTransaction.run(client, logger: logger) { connection in
            var live = 1, total = SchemaMigrations.bucketCount
            for count in try await connection.checkedQuery("SELECT count(*) FROM yuqing_nodes WHERE seen > \(liveSince)", logger: logger).decode(Int.self) {
                live = max(1, count)
            }
            for count in try await connection.checkedQuery("SELECT count(*) FROM yuqing_bucket_leases", logger: logger).decode(Int.self) {
                total = count
            }
            let share = (total + live - 1) / live
            var held = Set<Lease>()
            let renewed = try await connection.checkedQuery(
                """
                UPDATE yuqing_bucket_leases SET expires = \(expires)
                WHERE owner = \(node) AND expires > \(now) RETURNING bucket, epoch
                """, logger: logger)
            for (bucket, epoch) in try renewed.decode((Int, Int64).self) { held.insert(Lease(bucket: bucket, epoch: epoch)) }
            if held.count < share {
                let taken = try await connection.checkedQuery(
                    """
                    UPDATE yuqing_bucket_leases
                    SET epoch = CASE WHEN owner IS NOT DISTINCT FROM \(node) THEN epoch ELSE epoch + 1 END,
                        owner = \(node), expires = \(expires)
                    WHERE bucket IN (SELECT bucket FROM yuqing_bucket_leases WHERE owner IS NULL OR expires <= \(now)
                                     ORDER BY owner IS NOT DISTINCT FROM \(node) DESC, bucket
                                     LIMIT \(share - held.count) FOR UPDATE SKIP LOCKED)
                    RETURNING bucket, epoch
                    """, logger: logger)
                for (bucket, epoch) in try taken.decode((Int, Int64).self) { held.insert(Lease(bucket: bucket, epoch: epoch)) }
            } else if held.count > share {
                let excess = held.sorted().suffix(held.count - share)
                let buckets = excess.map(\.bucket)
                try await connection.checkedQuery(
                    "UPDATE yuqing_bucket_leases SET owner = NULL, expires = \(now) WHERE owner = \(node) AND bucket = ANY(\(buckets))",
                    logger: logger)
                held.subtract(excess)
            }
            return held.sorted()
        }
    }

    /// Gives every bucket back at once (a graceful shutdown), so others need not wait a ttl.
    public func releaseAll(at now: Date) async throws {
        try await client.query("UPDATE yuqing_bucket_leases SET owner = NULL, expires = \(now) WHERE owner = \(node)", logger: logger)
        try await client.query("DELETE FROM yuqing_nodes WHERE node = \(node)", logger: logger)
    }

    /// Records that `source` was polled under `lease`, only while the lease is this node's
    /// and current: false (and no row changed) when the bucket has moved on — the fence a
    /// paused node's late writes hit.
    public func recordPoll(source: String, lease: Lease, at now: Date) async throws -> Bool {
        let rows = try await client.query(
            """
            INSERT INTO yuqing_source_polls (source, bucket, epoch, node, polled)
            SELECT \(source), \(lease.bucket), \(lease.epoch), \(node), \(now)
            WHERE EXISTS (SELECT 1 FROM yuqing_bucket_leases
                          WHERE bucket = \(lease.bucket) AND owner = \(node) AND epoch = \(lease.epoch) AND expires > \(now))
            ON CONFLICT (source) DO UPDATE SET bucket = excluded.bucket, epoch = excluded.epoch, node = excluded.node,
                polled = excluded.polled
            WHERE yuqing_source_polls.bucket <> excluded.bucket OR yuqing_source_polls.epoch <= excluded.epoch
            RETURNING 1
            """, logger: logger)
        for try await _ in rows { return true }
        return false
    }
}
