import Foundation
import Logging
import PostgresNIO
import Storage

/// The cluster's counts per topic and 5-minute bucket as a `TopicSeries` (items, and new
/// stories counted once per story), for `yuqing trends` in cluster mode.
public enum ClusterSeries {
    /// Counts of `[from, to)` by item time, with the `话题/负面` series of negative items.
    public static func load(_ client: PostgresClient, from: Date, to: Date, logger: Logger) async throws -> TopicSeries {
        var series = TopicSeries()
        let size = TopicSeries.bucketSeconds
        func add(_ topic: String, _ bucket: Int, items: Int, stories: Int) {
            var cell = series.topics[topic]?[bucket] ?? [0, 0]
            cell[0] += items
            cell[1] += stories
            series.topics[topic, default: [:]][bucket] = cell
            series.firstBucket = min(series.firstBucket ?? bucket, bucket)
        }
        let stories = try await client.query(
            """
            SELECT topic, extract(epoch FROM bucket)::int8, sum(stories)::int8 FROM yuqing_story_counts
            WHERE bucket >= \(from) AND bucket < \(to) GROUP BY 1, 2
            """, logger: logger)
        for try await (topic, bucket, count) in stories.decode((String, Int64, Int64).self) { add(topic, Int(bucket), items: 0, stories: Int(count)) }
        // An item counts at its publication time when that is known and not later than its fetch.
        let items = try await client.query(
            """
            WITH timed AS (
                SELECT topics, (extract(epoch FROM least(coalesce(published, fetched), fetched))::int8 / \(size)) * \(size) AS bucket,
                       record ->> 'sentiment' = 'negative' AS negative
                FROM yuqing_items WHERE fetched >= \(from.addingTimeInterval(-86400)))
            SELECT t || CASE WHEN n THEN \(TopicSeries.negativeSuffix) ELSE '' END, bucket, count(*)::int8
            FROM timed, unnest(topics) AS t, unnest(CASE WHEN negative THEN ARRAY[false, true] ELSE ARRAY[false] END) AS n
            WHERE bucket >= \(Int64(from.timeIntervalSince1970)) AND bucket < \(Int64(to.timeIntervalSince1970))
            GROUP BY 1, 2
            """, logger: logger)
        for try await (topic, bucket, count) in items.decode((String, Int64, Int64).self) { add(topic, Int(bucket), items: Int(count), stories: 0) }
        return series
    }
}
