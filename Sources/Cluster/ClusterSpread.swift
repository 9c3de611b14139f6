import Foundation
import Logging
import PostgresNIO

/// Where the cluster's nodes stored a node's stories: for each of its local story ids, every
/// source that carried the story's cluster story since a time, with when it first did. A
/// spread rule counts those, not only the sources this node polls (`Engine.adoptSharedSpread`):
/// a story on 150 sources spread over three nodes reaches "150 sources" on none of them alone.
public enum ClusterSpread {
    /// Local story id → source → first fetched, for `locals` (asked in chunks of 1,000).
    public static func load(
        _ client: PostgresClient, locals: [String], since: Date, logger: Logger
    ) async throws -> [String: [String: Date]] {
        var spread: [String: [String: Date]] = [:]
        var start = 0
        while start < locals.count {
            let chunk = Array(locals[start..<min(start + 1000, locals.count)])
            start += chunk.count
            let rows = try await client.query(
                """
                SELECT a.local, i.source, min(i.fetched)
                FROM yuqing_story_aliases a JOIN yuqing_items i ON i.story = a.story
                WHERE a.local = ANY(\(chunk)::text[]) AND i.fetched >= \(since)
                GROUP BY a.local, i.source
                """, logger: logger)
            for try await (local, source, first) in rows.decode((String, String, Date).self) {
                spread[local, default: [:]][source] = first
            }
        }
        return spread
    }
}
