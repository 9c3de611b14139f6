import Alerting
import Analysis
import Feeds
import Foundation
import PostgresNIO
import Storage

extension ClusterWriter {
    /// Inserts the items not there yet; returns the ids inserted now.
    func insertItems(_ items: [StoredItem], leases: [String: Lease], on connection: PostgresConnection) async throws -> Set<String> {
        guard !items.isEmpty else { return [] }
        var ids: [String] = [], sources: [String] = [], bucket: [Int32] = [], stories: [String] = [], fetched: [Date] = []
        var titles: [String] = [], urls: [String] = [], summaries: [String] = [], topics: [String] = [], scores: [Int32] = []
        var records: [String] = [], search: [String] = [], grams: [String] = []
        for item in items {
            ids.append(item.id)
            sources.append(item.source)
            bucket.append(Int32(leases[item.source]?.bucket ?? -1))
            stories.append(item.story)
            fetched.append(item.fetched)
            titles.append(item.title)
            urls.append(item.url ?? "")
            summaries.append(item.summary)
            topics.append(item.topics.map(\.topic).joined(separator: "\u{1F}"))
            scores.append(Int32(clamping: item.score))
            var line: [UInt8] = []
            StoredItemEncoder.append(item, to: &line)
            records.append(String(decoding: line, as: UTF8.self))
            let text = TextNormalizer.normalize(item.title + "\n" + item.summary)
            search.append(text)
            // An array per row cannot be bound inside an array: each row's codes as a literal.
            grams.append("{" + Bigrams.codes(text).map(String.init).joined(separator: ",") + "}")
        }
        let rows = try await connection.checkedQuery(
            """
            INSERT INTO yuqing_items (id, source, bucket, story, fetched, published, title, url, summary, topics, score, node, record, search, grams)
            SELECT u.id, u.source, u.bucket, u.story, u.fetched, (u.record::jsonb ->> 'published')::timestamptz, u.title,
                   NULLIF(u.url, ''), u.summary, CASE WHEN u.topics = '' THEN '{}'::text[] ELSE string_to_array(u.topics, E'\\x1f') END,
                   u.score, \(node), u.record::jsonb, u.search, u.grams::int4[]
            FROM unnest(\(ids)::text[], \(sources)::text[], \(bucket)::int4[], \(stories)::text[], \(fetched)::timestamptz[],
                        \(titles)::text[], \(urls)::text[], \(summaries)::text[], \(topics)::text[], \(scores)::int4[], \(records)::text[],
                        \(search)::text[], \(grams)::text[])
                 AS u(id, source, bucket, story, fetched, title, url, summary, topics, score, record, search, grams)
            ON CONFLICT (id) DO NOTHING RETURNING id
            """, logger: logger)
        var inserted = Set<String>()
        for id in try rows.decode(String.self) { inserted.insert(id) }
        return inserted
    }

    /// Records each decision under its key — an item rule's and a spread rule's by the
    /// cluster story, so that one story seen by several nodes makes one alert — and queues
    /// the ones to send. Decisions about fenced items are left to the node that holds their
    /// bucket. `clusterStories` maps this node's story ids to the cluster's.
    func recordDecisions(
        _ decisions: [ClusterDecision], stories: [String: String], clusterStories: [String: String], fenced: Set<String>,
        into result: inout ClusterWriteResult, at now: Date, on connection: PostgresConnection
    ) async throws {
        // A spread decision's story may have been written in an earlier batch.
        var clusterStories = clusterStories
        let unknown = Set(decisions.compactMap { $0.notification.fields["kind"] == "spread" ? $0.notification.fields["story"] : nil })
            .filter { clusterStories[$0] == nil }
        if !unknown.isEmpty {
            let rows = try await connection.checkedQuery(
                "SELECT local, story FROM yuqing_story_aliases WHERE local = ANY(\(Array(unknown))::text[])", logger: logger)
            for (local, story) in try rows.decode((String, String).self) { clusterStories[local] = story }
        }
        // In key order, so two nodes deciding on the same stories never wait on each other in a cycle.
        var keyed: [(key: String, decision: ClusterDecision, story: String?)] = []
        for decision in decisions {
            let rule = decision.notification.rule, channel = decision.notification.channel
            if let item = decision.itemID, let story = stories[item] {
                keyed.append((StableID.key128("\(rule)|\(channel)|story|\(story)"), decision, story))
            } else if decision.notification.fields["kind"] == "spread", let local = decision.notification.fields["story"] {
                let story = clusterStories[local] ?? local
                keyed.append((StableID.key128("\(rule)|\(channel)|spread|\(story)"), decision, story))
            } else {
                keyed.append((decision.notification.id, decision, nil))
            }
        }
        var rows: [(notification: Alerting.Notification, decision: ClusterDecision, story: String)] = []
        var keys = Set<String>()
        for (key, decision, clusterStory) in keyed.sorted(by: { $0.key < $1.key }) where keys.insert(key).inserted {
            var notification = decision.notification
            if let item = decision.itemID, fenced.contains(item) { continue }
            if let clusterStory {
                notification.id = key
                notification.fields["story"] = clusterStory
            }
            let story = notification.fields["story"] ?? ""
            notification.silencedBy = decision.mark
            notification.nextAttempt = decision.notBefore
            rows.append((Self.textSafe(notification), decision, story))
        }
        guard !rows.isEmpty else { return }
        let encoder = RecordCoding.encoder()
        let json = try rows.map { String(decoding: try encoder.encode($0.notification), as: UTF8.self) }
        // Arrays of optionals cannot be bound: "" stands for none.
        let recorded = try await connection.checkedQuery(
            """
            INSERT INTO yuqing_alert_decisions (key, rule, channel, story, item, decided, outcome, mark, node, notification)
            SELECT k, r, c, NULLIF(s, ''), NULLIF(i, ''), \(now), o, NULLIF(m, ''), \(node), n::jsonb
            FROM unnest(\(rows.map(\.notification.id))::text[], \(rows.map(\.notification.rule))::text[], \(rows.map(\.notification.channel))::text[],
                        \(rows.map(\.story))::text[], \(rows.map { $0.decision.itemID ?? "" })::text[], \(rows.map(\.decision.outcome.rawValue))::text[],
                        \(rows.map { $0.decision.mark ?? "" })::text[], \(json)::text[]) AS u(k, r, c, s, i, o, m, n)
            ON CONFLICT (key) DO NOTHING RETURNING key
            """, logger: logger)
        var decided = Set<String>()
        for key in try recorded.decode(String.self) { decided.insert(key) }
        let queued = rows.indices.filter { decided.contains(rows[$0].notification.id) && rows[$0].decision.outcome == .send }
        result.decided = rows.map(\.notification.id).filter(decided.contains)
        guard !queued.isEmpty else { return }
        let (queuedKeys, channels, bodies, notBefore) = (
            queued.map { rows[$0].notification.id }, queued.map { rows[$0].notification.channel }, queued.map { json[$0] },
            queued.map { rows[$0].decision.notBefore }
        )
        // Alerts a degraded node sent itself are recorded as delivered (by it, when it decided).
        let sentLocally = queued.map { rows[$0].decision.sentLocally == true }
        try await connection.checkedQuery(
            """
            INSERT INTO yuqing_outbox (key, channel, notification, not_before, delivered, delivered_by, attempts)
            SELECT k, c, n::jsonb, b, CASE WHEN l THEN b END, CASE WHEN l THEN \(node) END, CASE WHEN l THEN 1 ELSE 0 END
            FROM unnest(\(queuedKeys)::text[], \(channels)::text[], \(bodies)::text[], \(notBefore)::timestamptz[], \(sentLocally)::bool[])
                 AS u(k, c, n, b, l)
            """, logger: logger)
        result.queued = queuedKeys
    }

    /// PostgreSQL's text and jsonb refuse NUL characters, which a JSON feed can carry; they
    /// are dropped rather than let one item stop a node's writes for good.
    static func textSafe(_ item: StoredItem) -> StoredItem {
        guard item.title.contains("\0") || item.summary.contains("\0") || item.url?.contains("\0") == true else { return item }
        var safe = item
        safe.title = item.title.replacingOccurrences(of: "\0", with: "")
        safe.summary = item.summary.replacingOccurrences(of: "\0", with: "")
        safe.url = item.url?.replacingOccurrences(of: "\0", with: "")
        return safe
    }

    static func textSafe(_ notification: Alerting.Notification) -> Alerting.Notification {
        var safe = notification
        safe.title = notification.title.replacingOccurrences(of: "\0", with: "")
        safe.text = notification.text.replacingOccurrences(of: "\0", with: "")
        safe.fields = notification.fields.mapValues { $0.replacingOccurrences(of: "\0", with: "") }
        return safe
    }
}
