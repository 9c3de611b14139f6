import Alerting
import Analysis
import Feeds
import Foundation
import Logging
import PostgresNIO
import Storage

/// Writes a node's batches to the cluster in two short transactions:
/// 1. stories — each local story the cluster does not know yet is arbitrated
///    (`StoryArbiter`, one lock for all nodes), opened or joined to another node's; the
///    prints recorded; the 5-minute new-story counts of stories opened;
/// 2. records — under the fence (see `ClusterBatch.leases`) the items themselves (once:
///    their ids are deterministic) with their cluster stories, and the alert decisions
///    under unique keys (an item rule's by story) with their outbox rows, in the same
///    transaction as the items they concern.
/// Writing a batch again changes nothing, so a node that is not sure whether a write
/// committed (a crash, a lost connection, a stop between the two steps) simply writes it
/// again.
public struct ClusterWriter: Sendable {
    public let client: PostgresClient
    public let node: String
    public let logger: Logger
    /// How far back the cluster's stories are matched (the story index's horizon).
    public var horizon: TimeInterval = StoryIndex().horizon

    public init(client: PostgresClient, node: String, logger: Logger) {
        self.client = client
        self.node = node
        self.logger = logger
    }

    /// Writes `batch` as of `now` (the node's clock).
    public func write(_ batch: ClusterBatch, at now: Date) async throws -> ClusterWriteResult {
        let items = batch.items.map(Self.textSafe)
        let fingerprints = Dictionary(items.map { ($0.id, StoryFingerprints(title: $0.title, summary: $0.summary)) }, uniquingKeysWith: { a, _ in a })
        let (stories, opened) = try await ClusterTransaction.run(client, logger: logger) { connection in
            try await resolveStories(items, leases: batch.leases, fingerprints: fingerprints, at: now, on: connection)
        }
        var result = try await ClusterTransaction.run(client, logger: logger) { connection in
            try await record(items, decisions: batch.decisions, leases: batch.leases, stories: stories, on: connection, at: now)
        }
        result.opened = opened
        return result
    }

    /// Step 2: the fenced items with their cluster stories, and the decisions.
    private func record(
        _ items: [StoredItem], decisions: [ClusterDecision], leases: [String: Lease], stories: [String: String],
        on connection: PostgresConnection, at now: Date
    ) async throws -> ClusterWriteResult {
        var result = ClusterWriteResult()
        let current = try await currentEpochs(Set(leases.values.map(\.bucket)), lock: true, on: connection)
        var writable: [StoredItem] = []
        for var item in items {
            guard leases[item.source].map({ current[$0.bucket] == $0.epoch }) == true, let story = stories[item.story] else {
                result.fenced.append(item.id)
                continue
            }
            item.story = story
            writable.append(item)
            result.stories[item.id] = story
        }
        result.inserted = try await insertItems(writable, leases: leases, on: connection).count
        try await recordDecisions(
            decisions, stories: result.stories, clusterStories: stories, fenced: Set(result.fenced), into: &result, at: now, on: connection)
        return result
    }

    /// Which of `ids` the cluster holds already (stored by this node or any other).
    public func stored(_ ids: [String]) async throws -> Set<String> {
        guard !ids.isEmpty else { return [] }
        let rows = try await client.query("SELECT id FROM yuqing_items WHERE id = ANY(\(ids)::text[])", logger: logger)
        var found = Set<String>()
        for try await id in rows.decode(String.self) { found.insert(id) }
        return found
    }

    /// Each of `buckets`' epoch now.
    public func epochs(_ buckets: Set<Int>) async throws -> [Int: Int64] {
        try await client.withConnection { try await currentEpochs(buckets, lock: false, on: $0) }
    }

    /// Each bucket's epoch now; with `lock`, kept from being taken until the transaction ends.
    func currentEpochs(_ buckets: Set<Int>, lock: Bool, on connection: PostgresConnection) async throws -> [Int: Int64] {
        guard !buckets.isEmpty else { return [:] }
        let rows = try await connection.checkedQuery(
            "SELECT bucket, epoch FROM yuqing_bucket_leases WHERE bucket = ANY(\(Array(buckets))::int4[])\(unescaped: lock ? " FOR SHARE" : "")",
            logger: logger)
        var epochs: [Int: Int64] = [:]
        for (bucket, epoch) in try rows.decode((Int, Int64).self) { epochs[bucket] = epoch }
        return epochs
    }
}
