import Cluster
import Foundation
import Logging
import Queries
import Reports

/// Cluster mode: a report over every node's items and alerts, read from the cluster's
/// database (the read replica when given) — not over the items this node happened to store.
public enum ClusterReportSource {
    /// Builds `builder`'s report from the database at `dsn`; throws when it does not answer.
    public static func build(_ builder: ReportBuilder, dsn: String, generated: Date, logger: Logger) async throws -> Report {
        try await ClusterDatabase.withClient(dsn: dsn, timeout: .seconds(600), logger: logger) { client in
            let since = builder.period.previousStart
            let stored = try await ClusterAlertReader(client: client, logger: logger).stored(since: since, limit: 1_000_000)
            let alerts = AlertQuery(since: since, until: builder.period.end, limit: .max)
                .select(pending: stored.pending, sent: stored.sent, dead: stored.dead, counts: stored.counts)
            return try await builder.build(generated: generated, alerts: alerts.rows) { add in
                let reader = ClusterItemReader(client: client, logger: logger)
                try await reader.forEach(ClusterItemReader.Filter(since: since)) { item in
                    add(item)
                    return true
                }
            }
        }
    }
}
