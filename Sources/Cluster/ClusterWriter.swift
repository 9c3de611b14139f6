import Alerting
import Analysis
import Feeds
import Foundation
import Logging
import PostgresNIO
import Storage

/// Writes a node's batches to the cluster, each in one transaction: the fence (see
/// `ClusterBatch.leases`), the items' stories (`StoryArbiter`), the items
/// themselves (once: their ids are deterministic), the 5-minute new-story counts of the
/// stories opened, and the alert decisions under unique keys with their outbox rows.
/// Writing a batch again changes nothing, so a node that is not sure whether a write
/// committed (a crash, a lost connection) simply writes it again.
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

    /// Writes `batch` as of `now` (the node's clock); retried when the
    /// database chose this transaction as a deadlock's or serialisation's victim.
    public func write(_ batch: ClusterBatch, at now: Date) async throws -> ClusterWriteResult {
        var attempt = 0
        while true {
            do {
                return try await client.withTransaction(logger: logger) { connection in
                    try await write(batch, at: now, on: connection)
                }
            } catch let error as PSQLError where attempt < 5 && ["40P01", "40001"].contains(error.serverInfo?[.sqlState] ?? "") {
                attempt += 1
            }
        }
    }

    private func write(_ batch: ClusterBatch, at now: Date, on connection: PostgresConnection) async throws -> ClusterWriteResult {
        var result = ClusterWriteResult()
        let current = try await currentEpochs(Set(batch.leases.values.map(\.bucket)), on: connection)
        let items = batch.items.filter { item in
            batch.leases[item.source].map { current[$0.bucket] == $0.epoch } == true
        }.map(Self.textSafe)
        let writable = Set(items.map(\.id))
        result.fenced = batch.items.map(\.id).filter { !writable.contains($0) }

        // Each local story's cluster story: known from an earlier write, or arbitrated now.
        var global = try await knownStories(Array(Set(items.map(\.story))), on: connection)
        let fingerprints = Dictionary(items.map { ($0.id, StoryFingerprints(title: $0.title, summary: $0.summary)) }, uniquingKeysWith: { a, _ in a })
        var unknown: [StoredItem] = []
        var seen = Set<String>()
        for item in items where global[item.story] == nil && seen.insert(item.story).inserted { unknown.append(item) }
        if !unknown.isEmpty {
            let arbiter = StoryArbiter(logger: logger)
            var index = try await arbiter.lockAndLoad(unknown.compactMap { fingerprints[$0.id] }, since: now.addingTimeInterval(-horizon), on: connection)
            for item in unknown {
                guard let prints = fingerprints[item.id] else { continue }
                if let story = index.story(near: prints) {
                    global[item.story] = story
                    try await connection.query(
                        "INSERT INTO yuqing_story_aliases (local, story) VALUES (\(item.story), \(story)) ON CONFLICT (local) DO NOTHING",
                        logger: logger)
                } else {
                    global[item.story] = item.story
                    index.insert(prints, story: item.story, time: item.fetched)
                    if try await openStory(item, on: connection) { result.opened.append(item.story) }
                }
            }
        }
        var clustered = items
        for index in clustered.indices { clustered[index].story = global[clustered[index].story] ?? clustered[index].story }
        for item in clustered { result.stories[item.id] = item.story }

        let inserted = try await insertItems(clustered, leases: batch.leases, on: connection)
        result.inserted = inserted.count
        try await StoryArbiter(logger: logger).insertPrints(
            clustered.filter { inserted.contains($0.id) }.compactMap { item in fingerprints[item.id].map { ($0, item.story, item.fetched) } },
            on: connection)
        try await recordDecisions(batch.decisions, stories: result.stories, fenced: Set(result.fenced), into: &result, at: now, on: connection)
        return result
    }

    /// Each bucket's epoch now, locked against being taken until the transaction ends.
    private func currentEpochs(_ buckets: Set<Int>, on connection: PostgresConnection) async throws -> [Int: Int64] {
        guard !buckets.isEmpty else { return [:] }
        let rows = try await connection.query(
            "SELECT bucket, epoch FROM yuqing_bucket_leases WHERE bucket = ANY(\(Array(buckets))::int4[]) FOR SHARE", logger: logger)
        var epochs: [Int: Int64] = [:]
        for try await (bucket, epoch) in rows.decode((Int, Int64).self) { epochs[bucket] = epoch }
        return epochs
    }

    /// Local story id → cluster story, for the ones the cluster knows.
    private func knownStories(_ locals: [String], on connection: PostgresConnection) async throws -> [String: String] {
        guard !locals.isEmpty else { return [:] }
        var known: [String: String] = [:]
        let rows = try await connection.query(
            """
            SELECT local, story FROM yuqing_story_aliases WHERE local = ANY(\(locals)::text[])
            UNION ALL SELECT id, id FROM yuqing_stories WHERE id = ANY(\(locals)::text[])
            """, logger: logger)
        for try await (local, story) in rows.decode((String, String).self) { known[local] = story }
        return known
    }

    /// Opens `item`'s story and counts it as new in each of its topics' 5-minute buckets;
    /// false when it was open already.
    private func openStory(_ item: StoredItem, on connection: PostgresConnection) async throws -> Bool {
        let topics = item.topics.map(\.topic)
        let opened = try await connection.query(
            """
            INSERT INTO yuqing_stories (id, opened, first_item, title, topics, node)
            VALUES (\(item.story), \(item.fetched), \(item.id), \(item.title), \(topics)::text[], \(node))
            ON CONFLICT (id) DO NOTHING RETURNING id
            """, logger: logger)
        var isNew = false
        for try await _ in opened { isNew = true }
        guard isNew, !topics.isEmpty else { return isNew }
        let bucket = Date(timeIntervalSince1970: (item.fetched.timeIntervalSince1970 / 300).rounded(.down) * 300)
        try await connection.query(
            """
            INSERT INTO yuqing_story_counts (topic, bucket, stories) SELECT t, \(bucket), 1 FROM unnest(\(topics)::text[]) AS t
            ON CONFLICT (topic, bucket) DO UPDATE SET stories = yuqing_story_counts.stories + 1
            """, logger: logger)
        return true
    }
}
