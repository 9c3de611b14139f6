import Foundation
import Logging
import PostgresNIO

/// The cluster's new stories per topic and 5-minute bucket, summed over the nodes' rows:
/// what every node's trend rules judge in cluster mode (`Engine.adoptSharedCounts`).
public enum ClusterCounts {
    /// Topic → bucket number (seconds since 1970 ÷ 300) → new stories, from `first` on.
    public static func load(_ client: PostgresClient, from first: Int, logger: Logger) async throws -> [String: [Int: Int]] {
        let since = Date(timeIntervalSince1970: Double(first * 300))
        let rows = try await client.query(
            """
            SELECT topic, (extract(epoch FROM bucket)::int8 / 300)::int8, sum(stories)::int8
            FROM yuqing_story_counts WHERE bucket >= \(since) GROUP BY 1, 2
            """, logger: logger)
        var counts: [String: [Int: Int]] = [:]
        for try await (topic, bucket, stories) in rows.decode((String, Int64, Int64).self) { counts[topic, default: [:]][Int(bucket)] = Int(stories) }
        return counts
    }
}
