import Foundation
import Logging
import PostgresNIO

/// What `yuqing cluster status` shows: the nodes, how many buckets each holds, the buckets
/// nobody holds, and how old the leases are.
public struct ClusterStatus: Sendable {
    public struct Node: Sendable {
        public var name: String
        public var lastSeen: Date
        public var buckets: Int
        /// The oldest renewal among its leases.
        public var oldestRenewal: Date?
        /// Items waiting in its journal, and when it last wrote a batch: its lag.
        public var pending: Int
        public var lastWrite: Date?
    }

    public var nodes: [Node]
    public var unowned: Int
    public var schemaVersion: Int

    public static func load(_ client: PostgresClient, at now: Date, ttl: TimeInterval, logger: Logger) async throws -> ClusterStatus {
        let version = try await SchemaMigrations.currentVersion(client, logger: logger)
        var nodes: [Node] = []
        let rows = try await client.query(
            """
            SELECT n.node, n.seen, count(l.bucket), min(l.expires), n.pending, n.last_write
            FROM yuqing_nodes n LEFT JOIN yuqing_bucket_leases l ON l.owner = n.node AND l.expires > \(now)
            GROUP BY n.node, n.seen, n.pending, n.last_write ORDER BY n.node
            """, logger: logger)
        for try await (name, seen, buckets, expires, pending, lastWrite) in rows.decode((String, Date, Int, Date?, Int, Date?).self) {
            nodes.append(Node(
                name: name, lastSeen: seen, buckets: buckets, oldestRenewal: expires.map { $0.addingTimeInterval(-ttl) }, pending: pending,
                lastWrite: lastWrite))
        }
        var unowned = 0
        for try await count in try await client.query(
            "SELECT count(*) FROM yuqing_bucket_leases WHERE owner IS NULL OR expires <= \(now)", logger: logger
        ).decode(Int.self) {
            unowned = count
        }
        return ClusterStatus(nodes: nodes, unowned: unowned, schemaVersion: version)
    }
}
