import Analysis
import Foundation
import PostgresNIO
import Storage

extension ClusterWriter {
    /// Step 1: every local story of the batch's unfenced items → its cluster story, and the
    /// stories opened now (counted as new in their topics' 5-minute buckets).
    func resolveStories(
        _ items: [StoredItem], leases: [String: Lease], fingerprints: [String: StoryFingerprints], at now: Date,
        on connection: PostgresConnection
    ) async throws -> (stories: [String: String], opened: [String]) {
        let current = try await currentEpochs(Set(leases.values.map(\.bucket)), lock: false, on: connection)
        let items = items.filter { item in leases[item.source].map { current[$0.bucket] == $0.epoch } == true }
        guard !items.isEmpty else { return ([:], []) }
        var global = try await knownStories(Array(Set(items.map(\.story))), on: connection)
        var unknown: [StoredItem] = []
        var seen = Set<String>()
        for item in items where global[item.story] == nil && seen.insert(item.story).inserted { unknown.append(item) }
        var opened: [StoredItem] = []
        let arbiter = StoryArbiter(logger: logger)
        if !unknown.isEmpty {
            try await arbiter.lock(on: connection)
            var index = try await arbiter.load(around: unknown.compactMap { fingerprints[$0.id] }, since: now.addingTimeInterval(-horizon), on: connection)
            var aliases: [(local: String, story: String)] = [], opening: [StoredItem] = []
            for item in unknown {
                guard let prints = fingerprints[item.id] else { continue }
                if let story = index.story(near: prints) {
                    global[item.story] = story
                    aliases.append((item.story, story))
                } else {
                    global[item.story] = item.story
                    index.insert(prints, story: item.story, time: item.fetched)
                    opening.append(item)
                }
            }
            try await insertAliases(aliases, on: connection)
            let new = try await openStories(opening, on: connection)
            opened = opening.filter { new.contains($0.story) }
            try await countOpened(opened, on: connection)
        }
        try await arbiter.insertPrints(
            items.compactMap { item in fingerprints[item.id].map { ($0, global[item.story] ?? item.story, item.fetched) } }, on: connection)
        return (global, opened.map(\.story))
    }

    /// Local story id → cluster story, for the ones the cluster knows.
    private func knownStories(_ locals: [String], on connection: PostgresConnection) async throws -> [String: String] {
        var known: [String: String] = [:]
        let rows = try await connection.checkedQuery(
            """
            SELECT local, story FROM yuqing_story_aliases WHERE local = ANY(\(locals)::text[])
            UNION ALL SELECT id, id FROM yuqing_stories WHERE id = ANY(\(locals)::text[])
            """, logger: logger)
        for (local, story) in try rows.decode((String, String).self) { known[local] = story }
        return known
    }

    /// Opens the stories of `items` (their first items); returns the ones opened now.
    private func openStories(_ items: [StoredItem], on connection: PostgresConnection) async throws -> Set<String> {
        guard !items.isEmpty else { return [] }
        let rows = try await connection.checkedQuery(
            """
            INSERT INTO yuqing_stories (id, opened, first_item, title, topics, node)
            SELECT u.id, u.opened, u.first_item, u.title,
                   CASE WHEN u.topics = '' THEN '{}'::text[] ELSE string_to_array(u.topics, E'\\x1f') END, \(node)
            FROM unnest(\(items.map(\.story))::text[], \(items.map(\.fetched))::timestamptz[], \(items.map(\.id))::text[],
                        \(items.map(\.title))::text[], \(items.map { $0.topics.map(\.topic).joined(separator: "\u{1F}") })::text[])
                 AS u(id, opened, first_item, title, topics)
            ON CONFLICT (id) DO NOTHING RETURNING id
            """, logger: logger)
        var opened = Set<String>()
        for id in try rows.decode(String.self) { opened.insert(id) }
        return opened
    }

    /// Records that each local story is another node's story.
    private func insertAliases(_ aliases: [(local: String, story: String)], on connection: PostgresConnection) async throws {
        guard !aliases.isEmpty else { return }
        try await connection.checkedQuery(
            """
            INSERT INTO yuqing_story_aliases (local, story)
            SELECT * FROM unnest(\(aliases.map(\.local))::text[], \(aliases.map(\.story))::text[]) ON CONFLICT (local) DO NOTHING
            """, logger: logger)
    }

    /// Counts the stories opened as new in each of their topics' 5-minute buckets, in this
    /// node's rows (so writers never wait on each other's counts; the global count is the sum).
    private func countOpened(_ items: [StoredItem], on connection: PostgresConnection) async throws {
        var counts: [String: [Date: Int]] = [:]
        // As one node's trend tracker counts: by the item's time, in every series it belongs to
        // (its topics, and `话题/负面` for negative items).
        for item in items {
            let bucket = Date(timeIntervalSince1970: (item.time.timeIntervalSince1970 / 300).rounded(.down) * 300)
            for topic in Set(item.seriesTopics) { counts[topic, default: [:]][bucket, default: 0] += 1 }
        }
        var topics: [String] = [], buckets: [Date] = [], stories: [Int32] = []
        for (topic, perBucket) in counts.sorted(by: { $0.key < $1.key }) {
            for (bucket, count) in perBucket.sorted(by: { $0.key < $1.key }) {
                topics.append(topic)
                buckets.append(bucket)
                stories.append(Int32(count))
            }
        }
        guard !topics.isEmpty else { return }
        try await connection.checkedQuery(
            """
            INSERT INTO yuqing_story_counts (topic, bucket, node, stories)
            SELECT t, b, \(node), n FROM unnest(\(topics)::text[], \(buckets)::timestamptz[], \(stories)::int4[]) AS u(t, b, n)
            ON CONFLICT (topic, bucket, node) DO UPDATE SET stories = yuqing_story_counts.stories + excluded.stories
            """, logger: logger)
    }
}
