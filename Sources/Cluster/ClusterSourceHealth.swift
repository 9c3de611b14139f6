import Foundation
import Logging
import PostgresNIO
import Queries
import Storage

/// Every source's health across the cluster (`yuqing_source_health`): each node pushes
/// the state of the sources it polled (their last attempt, failures, status, items — not
/// the ids it has seen nor its validators), and a source's row is the latest attempt's,
/// whichever node made it. A bucket that changes hands moves its sources' rows with the
/// next poll, and an older attempt never overwrites a newer one.
public enum ClusterSourceHealth {
    /// What of a source's state the cluster keeps: the health fields only.
    public static func health(of state: SourceState) -> SourceState {
        var kept = state
        kept.seen = []
        kept.etag = nil
        kept.lastModified = nil
        kept.conditionalStreak = nil
        return kept
    }

    /// Writes `states` (source id → state, each with a last attempt) as polled by `node`;
    /// a row keeps a newer attempt another node wrote.
    public static func push(_ states: [String: SourceState], node: String, client: PostgresClient, logger: Logger) async throws {
        let encoder = RecordCoding.encoder()
        var sources: [String] = [], attempts: [Date] = [], documents: [String] = []
        for (source, state) in states.sorted(by: { $0.key < $1.key }) {
            guard let attempted = state.lastAttempt else { continue }
            sources.append(source)
            attempts.append(attempted)
            documents.append(String(decoding: try encoder.encode(health(of: state)), as: UTF8.self))
        }
        guard !sources.isEmpty else { return }
        try await client.query(
            """
            INSERT INTO yuqing_source_health (source, node, attempted, state)
            SELECT source, \(node), attempted, state::jsonb
            FROM unnest(\(sources)::text[], \(attempts)::timestamptz[], \(documents)::text[]) AS t(source, attempted, state)
            ON CONFLICT (source) DO UPDATE SET node = excluded.node, attempted = excluded.attempted, state = excluded.state
            WHERE yuqing_source_health.attempted <= excluded.attempted
            """, logger: logger)
    }

    /// Every source's latest state and the node that polled it.
    public static func load(_ client: PostgresClient, logger: Logger) async throws -> [String: SourceHealthQuery.SharedState] {
        let rows = try await client.query("SELECT source, node, state::text FROM yuqing_source_health", logger: logger)
        let decoder = RecordCoding.decoder()
        var states: [String: SourceHealthQuery.SharedState] = [:]
        for try await (source, node, document) in rows.decode((String, String, String).self) {
            states[source] = .init(node: node, state: try decoder.decode(SourceState.self, from: Data(document.utf8)))
        }
        return states
    }
}
